/**
 * The eval matrix as a chart: one Job per model (gateway as a native sidecar, runner as the main
 * container), all sharing `clawbench-config`, one MLflow experiment and one matrix id.
 */
import { App, Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { z } from 'zod';
import { EvalMatrix } from '../constructs/eval-matrix.js';
import { dnsLabel, modelRef } from '../constructs/index.js';
import { addEvalNamespace, evalNamespace, runnerPropsFromSettings, type ChartDefinition } from './charts.js';
import { SettingsError, type Settings } from './settings.js';

/** The matrix's own variables; everything else comes from the deploy's settings. */
const matrixEnvironmentSchema = z.object({
  CLAWBENCH_MATRIX_MODELS: z
    .string()
    .transform((value) => value.split(/\s+/).filter((model) => model !== ''))
    .refine((models) => models.length > 0 && models.every(modelRef.test), { error: `expected space-separated models, each ${modelRef.expected}` })
    .refine((models) => new Set(models).size === models.length, { error: 'expected each model once' })
    .optional(),
  CLAWBENCH_MATRIX_ID: z.string().refine(dnsLabel.test, { error: `expected ${dnsLabel.expected}` }).optional(),
});

export interface MatrixSettings {
  /** Unset: the deploy's single `CLAWBENCH_MODEL`. */
  readonly models?: readonly string[];
  /** Unset: derived from the models. */
  readonly matrixId?: string;
}

/**
 * `CLAWBENCH_MATRIX_MODELS` (space separated) and `CLAWBENCH_MATRIX_ID` from an environment.
 * Pure: reads only the given record.
 * @throws SettingsError listing every bad variable.
 */
export function matrixSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): MatrixSettings {
  const given = Object.fromEntries(
    Object.keys(matrixEnvironmentSchema.shape).flatMap((variable) => {
      const value = env[variable];
      return value === undefined || value.trim() === '' ? [] : [[variable, value]];
    }),
  );
  const result = matrixEnvironmentSchema.safeParse(given);
  if (!result.success) {
    throw new SettingsError(
      result.error.issues.map((issue) => {
        const variable = String(issue.path[0]);
        return { variable, value: given[variable], expected: issue.message };
      }),
    );
  }
  return { models: result.data.CLAWBENCH_MATRIX_MODELS, matrixId: result.data.CLAWBENCH_MATRIX_ID };
}

export interface EvalMatrixChartProps {
  readonly settings: Settings;
  readonly matrix: MatrixSettings;
}

export class EvalMatrixChart extends Chart {
  public readonly matrix: EvalMatrix;

  constructor(scope: Construct, id: string, props: EvalMatrixChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { settings } = props;
    const namespace = evalNamespace(settings);
    // Applied on its own, the matrix needs its (restricted) namespace like the other eval charts.
    addEvalNamespace(this, settings);
    this.matrix = new EvalMatrix(this, 'matrix', {
      models: props.matrix.models ?? [settings.model],
      matrixId: props.matrix.matrixId,
      namespace,
      gatewayImage: settings.images.openclaw,
      openaiApiBase: settings.openaiApiBase,
      // the shared ConfigMap stays the sidecar chart's object; each Job sets its own model
      runner: runnerPropsFromSettings(settings),
    });
  }
}

/** The chart's registration in the app: the matrix variables are read from `env` when it is built. */
export function evalMatrixChart(env: Readonly<Record<string, string | undefined>>): ChartDefinition {
  return {
    name: 'eval-matrix',
    build: (app: App, settings: Settings) => new EvalMatrixChart(app, 'eval-matrix', { settings, matrix: matrixSettingsFromEnv(env) }),
  };
}
