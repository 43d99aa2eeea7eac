import type { Command } from '../command.js';
import { ExitCode, UsageError, type ExitCodeValue } from '../exit-codes.js';
import { MlflowSettingsError, parseMlflowSettings, type MlflowSettings } from '../../config/mlflow-settings.js';
import type { BenchmarkResult } from '../../results/benchmark-schema.js';
import { MlflowInputError } from '../../sinks/mlflow/errors.js';
import { logBenchmarkToMlflow, readBenchmark, type LogEvent } from '../../sinks/mlflow/logger.js';

const USAGE = `usage: clawbench log-mlflow [--failed] BENCHMARK_JSON

Logs a finished eval to MLflow as one run per submission: params, tags, metrics, and
benchmark.json plus runs.jsonl and report.html when they sit beside it. Running it again for the
same submission completes the same run (found by its submission_id tag), never a second one.

  --failed   mark the run FAILED (the eval did not complete); default: FAILED only when nothing
             was scored, FINISHED otherwise

environment:
  MLFLOW_TRACKING_URI                          http(s)://host[:port][/path] (required)
  MLFLOW_EXPERIMENT_NAME | MLFLOW_EXPERIMENT_ID  a name (created if missing; default clawbench)
                                               or the id of an existing experiment, not both
  MLFLOW_TRACKING_USERNAME + _PASSWORD         HTTP Basic auth
  MLFLOW_TRACKING_TOKEN                        Bearer auth
  MLFLOW_HTTP_REQUEST_MAX_RETRIES              retries per call, 0-10 (default 5)
  MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR           first retry delay in seconds, doubling (default 1)
  MLFLOW_HTTP_REQUEST_TIMEOUT                  seconds per request (default 120)
  CLAWBENCH_MATRIX_ID                          logged as tag matrix_id

exit status: 0 logged; 2 bad input (nothing sent); 4 logging failed (re-run to complete it)
`;

export interface LogToMlflowRequest {
  /** The benchmark.json the eval wrote; runs.jsonl and report.html beside it are uploaded too. */
  readonly benchmarkPath: string;
  /** Read for the MLFLOW_* settings; default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Whether the eval completed (run FINISHED) or not (FAILED); default: FAILED only if nothing was scored. */
  readonly evalCompleted?: boolean;
  /** Where progress lines go; default stdout. */
  readonly write?: (line: string) => void;
}

/**
 * Logs one eval to MLflow and says how it went, for `clawbench log-mlflow` and for
 * `clawbench run --mlflow` at the end of an eval. Returns ExitCode.ok, or ExitCode.loggingFailed
 * when MLflow could not take the results (they stay on disk; calling this again completes the
 * same run). Throws UsageError, before anything is sent, when the MLFLOW_* settings or the
 * benchmark.json are not usable.
 */
export async function logToMlflow(request: LogToMlflowRequest): Promise<ExitCodeValue> {
  const write = request.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  let settings: MlflowSettings;
  let result: BenchmarkResult;
  try {
    settings = parseMlflowSettings(request.env ?? process.env);
    result = await readBenchmark(request.benchmarkPath);
  } catch (error) {
    if (error instanceof MlflowSettingsError || error instanceof MlflowInputError) throw new UsageError(`log-mlflow: ${error.message}`);
    throw error;
  }
  let runId: string | undefined;
  try {
    const outcome = await logBenchmarkToMlflow({
      benchmarkPath: request.benchmarkPath,
      result,
      settings,
      evalCompleted: request.evalCompleted,
      onEvent: (event) => {
        if (event.kind === 'run') runId = event.id;
        write(`mlflow: ${describe(event)}`);
      },
    });
    write(`Logged to MLflow: experiment=${outcome.experimentId} run=${outcome.runName} ${settings.trackingUri}/#/experiments/${outcome.experimentId}/runs/${outcome.runId}`);
    return ExitCode.ok;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    write(`mlflow: logging failed: ${message}`);
    write(
      `mlflow: the results stay in ${request.benchmarkPath}; run \`clawbench log-mlflow ${request.benchmarkPath}\` again to ${runId === undefined ? 'log them' : `complete run ${runId}`}`,
    );
    return ExitCode.loggingFailed;
  }
}

function describe(event: LogEvent): string {
  switch (event.kind) {
    case 'experiment':
      return `experiment "${event.name}" (id ${event.id})${event.created ? ' created' : ''}`;
    case 'run':
      return `${event.created ? 'created run' : 'completing run'} ${event.name} (id ${event.id})${
        event.duplicates > 0 ? `; ${event.duplicates} more run(s) carry the same submission_id, the oldest is used` : ''
      }`;
    case 'logged':
      return `logged ${event.params} params, ${event.tags} tags, ${event.metrics} metrics in ${event.batches} call${event.batches === 1 ? '' : 's'}`;
    case 'artifact':
      return `uploaded ${event.path} (${event.bytes} bytes)`;
    case 'retry':
      return `${event.notice.operation} ${event.notice.reason} (attempt ${event.notice.attempt}); retrying in ${(event.notice.delayMs / 1000).toFixed(1)} s`;
    case 'ended':
      return `run ${event.status}`;
  }
}

function parseOptions(argv: readonly string[]): { path?: string; failed: boolean; help: boolean } {
  const options: { path?: string; failed: boolean; help: boolean } = { failed: false, help: false };
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') options.help = true;
    else if (arg === '--failed') options.failed = true;
    else if (arg.startsWith('-')) throw new UsageError(`log-mlflow: unknown option "${arg}": expected --failed or a benchmark.json path`);
    else if (options.path !== undefined) throw new UsageError(`log-mlflow: a second path "${arg}" after "${options.path}": expected one benchmark.json`);
    else options.path = arg;
  }
  return options;
}

export const command: Command = {
  name: 'log-mlflow',
  summary: 'log a benchmark.json (and runs.jsonl, report.html beside it) to MLflow',
  async run(argv) {
    const options = parseOptions(argv);
    if (options.help) {
      process.stdout.write(USAGE);
      return ExitCode.ok;
    }
    if (options.path === undefined) throw new UsageError('log-mlflow: no benchmark.json given: expected `clawbench log-mlflow results/benchmark.json`');
    return logToMlflow({ benchmarkPath: options.path, ...(options.failed ? { evalCompleted: false } : {}) });
  },
};
