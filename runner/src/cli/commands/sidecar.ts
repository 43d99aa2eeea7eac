import { randomInt } from 'node:crypto';
import { access, constants, mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Command } from '../command.js';
import { ExitCode, UsageError, type ExitCodeValue } from '../exit-codes.js';
import { GatewayNotReadyError, waitForGateway, type Log } from '../../sidecar/gateway-wait.js';
import { mlflowHealthProblem } from '../../sidecar/mlflow-health.js';
import { onShutdownSignal, stayUp } from '../../sidecar/shutdown.js';
import { SIDECAR_USAGE, parseSidecarSettings, type SidecarSettings } from '../../sidecar/sidecar-settings.js';
import { logToMlflow } from './log-mlflow.js';
import { evalSettingsForSidecar, executeEval, prepareEval } from './run.js';

const log: Log = (line) => process.stdout.write(`[clawbench] ${line}\n`);

/** Finished runs an earlier container left in runs.jsonl: the eval resumes after them. */
async function earlierRuns(runsFile: string): Promise<number> {
  const text = await readFile(runsFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  return text.split('\n').filter((line) => line.trim() !== '').length;
}

async function prepareResultsDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`results dir "${dir}" is not writable (${reason}): expected a writable directory, e.g. the /results volume, or set CLAWBENCH_RESULTS_DIR`);
  }
}

const OUTCOME: Record<number, string> = {
  [ExitCode.ok]: 'completed',
  [ExitCode.attrition]: 'completed with attrition (some runs excluded after infrastructure errors)',
  [ExitCode.failed]: 'could not run',
  [ExitCode.interrupted]: 'interrupted (the next start resumes)',
  [ExitCode.loggingFailed]: 'completed, but logging to MLflow failed',
};

/**
 * The task order's seed, kept in the results dir: a restarted container must resume the same eval,
 * and a newly drawn seed would make its benchmark.json differ from the one already logged.
 */
async function keptSeed(resultsDir: string): Promise<string> {
  const file = path.join(resultsDir, 'seed');
  const kept = (await readFile(file, 'utf8').catch(() => '')).trim();
  if (/^\d+$/.test(kept)) return kept;
  const seed = String(randomInt(0, 2 ** 32 - 1));
  await writeFile(file, `${seed}\n`);
  return seed;
}

/**
 * The environment `clawbench run` sees in the pod: the device identity goes to a writable place
 * unless set (the image's root filesystem is read-only; /tmp is a volume), and the seed is kept
 * across restarts unless set.
 */
async function runEnvironment(env: NodeJS.ProcessEnv, resultsDir: string): Promise<NodeJS.ProcessEnv> {
  const unset = (key: string) => (env[key] ?? '').trim() === '';
  return {
    ...env,
    ...(unset('CLAWBENCH_STATE_DIR') ? { CLAWBENCH_STATE_DIR: path.join(os.tmpdir(), 'clawbench-state') } : {}),
    ...(unset('CLAWBENCH_SEED') ? { CLAWBENCH_SEED: await keptSeed(resultsDir) } : {}),
  };
}

/** The steps of the pod's eval, each announced in the log; returns the eval's exit status. */
async function evaluate(settings: SidecarSettings, signal: AbortSignal): Promise<ExitCodeValue> {
  const benchmarkPath = path.join(settings.resultsDir, 'benchmark.json');
  const runsFile = path.join(settings.resultsDir, 'runs.jsonl');
  // Everything `clawbench run` checks (settings, task ids, judge) fails here, before any waiting.
  evalSettingsForSidecar(process.env, benchmarkPath);
  await prepareResultsDir(settings.resultsDir);
  const env = await runEnvironment(process.env, settings.resultsDir);
  const prepared = await prepareEval(evalSettingsForSidecar(env, benchmarkPath), env);
  const run = prepared.settings;
  log(`eval: model ${run.model}, ${prepared.tasks.length} task(s) x ${run.runs} run(s), ${run.concurrency} lane(s), seed ${run.seed}`);

  await waitForGateway({
    url: new URL(run.gatewayUrl),
    timeoutMs: run.connectTimeoutMs,
    timeoutSetting: `CLAWBENCH_CONNECT_TIMEOUT=${run.connectTimeoutMs / 1000}`,
    log,
    signal,
  });

  if (settings.mlflowTrackingUri !== undefined) {
    const problem = await mlflowHealthProblem(settings.mlflowTrackingUri);
    log(problem === null ? 'mlflow is healthy' : `warning: mlflow is not reachable, results will only be on disk for now: ${problem}`);
  } else {
    log('MLFLOW_TRACKING_URI is not set: results stay on disk only');
  }

  const earlier = await earlierRuns(runsFile);
  log(earlier > 0 ? `resuming: ${earlier} finished run(s) already in ${runsFile}` : `starting the eval; runs go to ${runsFile}`);
  const evalCode = await executeEval(prepared, signal);
  if (signal.aborted) return ExitCode.interrupted;

  const written = await access(benchmarkPath).then(() => true, () => false);
  if (!written) return evalCode;
  log(`results written: ${benchmarkPath}`);
  if (settings.mlflowTrackingUri === undefined) return evalCode;
  log('logging to mlflow');
  const logged = await logToMlflow({ benchmarkPath, write: (line) => log(line) });
  return evalCode === ExitCode.ok && logged !== ExitCode.ok ? ExitCode.loggingFailed : evalCode;
}

export const command: Command = {
  name: 'sidecar',
  summary: "the pod's entrypoint: wait for the gateway, run the eval, log to MLflow, then stay up or exit",
  async run(argv) {
    const settings = parseSidecarSettings(argv, process.env);
    if (settings === 'help') {
      process.stdout.write(SIDECAR_USAGE);
      return ExitCode.ok;
    }
    log(`clawbench sidecar: mode ${settings.mode}, results in ${settings.resultsDir}`);
    const shutdown = onShutdownSignal(log);
    try {
      let code: ExitCodeValue;
      try {
        code = await evaluate(settings, shutdown.signal);
      } catch (error) {
        if (shutdown.signal.aborted) return ExitCode.interrupted;
        if (error instanceof GatewayNotReadyError) {
          log(error.message);
          // Exit even in sidecar mode: the kubelet restarts the container and it waits again.
          return ExitCode.failed;
        }
        throw error;
      }
      log(`clawbench finished (exit=${code}): ${OUTCOME[code] ?? 'ended'}`);
      if (settings.mode === 'job' || shutdown.signal.aborted) return code;
      log(`staying up so the results can be copied: kubectl cp <namespace>/<pod>:${path.join(settings.resultsDir, 'benchmark.json')} -c clawbench ./benchmark.json`);
      await stayUp(shutdown.signal);
      return ExitCode.ok;
    } finally {
      shutdown.dispose();
    }
  },
};
