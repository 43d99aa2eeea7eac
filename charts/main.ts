/**
 * The cdk8s app (`npx cdk8s synth`): reads the settings once from the environment and writes one
 * file per chart to dist/. With no variables set it writes the committed dist/.
 */
import { App } from 'cdk8s';
import { CLAWBENCH_CHARTS, type ChartDefinition } from './charts.js';
import { evalMatrixChart } from './eval-matrix.js';
import { SettingsError, settingsFromEnv } from './settings.js';

/** Every chart of the app; a new chart registers here with one line. */
const charts: readonly ChartDefinition[] = [
  ...CLAWBENCH_CHARTS,
  evalMatrixChart(process.env),
];

try {
  const settings = settingsFromEnv(process.env);
  const app = new App();
  for (const chart of charts) chart.build(app, settings, {});
  app.synth();
} catch (error) {
  if (!(error instanceof SettingsError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
}
