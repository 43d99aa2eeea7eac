import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { MlflowSettings } from '../../config/mlflow-settings.js';
import { BenchmarkResultSchema, type BenchmarkResult } from '../../results/benchmark-schema.js';
import { benchmarkEntities, evalCompletedOf, runNameOf, startTimeOf, SUBMISSION_TAG } from './benchmark-entities.js';
import { MlflowClient, type RunStatus } from './client.js';
import { checkedEntities } from './entities.js';
import { MlflowInputError } from './errors.js';
import type { RetryNotice } from './http.js';

/** Files beside benchmark.json that are uploaded with it when present. */
export const COMPANION_ARTIFACTS = [
  { name: 'runs.jsonl', contentType: 'application/x-ndjson' },
  { name: 'report.html', contentType: 'text/html; charset=utf-8' },
] as const;

/** What happened, step by step, for the CLI to print. Never carries a credential. */
export type LogEvent =
  | { readonly kind: 'experiment'; readonly id: string; readonly name: string; readonly created: boolean }
  | { readonly kind: 'run'; readonly id: string; readonly name: string; readonly created: boolean; readonly duplicates: number }
  | { readonly kind: 'logged'; readonly batches: number; readonly params: number; readonly tags: number; readonly metrics: number }
  | { readonly kind: 'artifact'; readonly path: string; readonly bytes: number }
  | { readonly kind: 'retry'; readonly notice: RetryNotice }
  | { readonly kind: 'ended'; readonly status: RunStatus };

export interface LogBenchmarkOptions {
  /** benchmark.json (read with readBenchmark); runs.jsonl and report.html beside it are uploaded too. */
  readonly benchmarkPath: string;
  readonly result: BenchmarkResult;
  readonly settings: MlflowSettings;
  /** Whether the eval completed (run ends FINISHED) or not (FAILED). Default: something was scored. */
  readonly evalCompleted?: boolean | undefined;
  readonly onEvent?: ((event: LogEvent) => void | Promise<void>) | undefined;
}

export interface LogOutcome {
  readonly experimentId: string;
  readonly runId: string;
  readonly runName: string;
  /** False when an earlier attempt had created the run and this one completed it. */
  readonly runCreated: boolean;
  readonly status: RunStatus;
  readonly artifacts: readonly string[];
}

/**
 * Logs one benchmark.json as one MLflow run. Safe to repeat: the run is found again by its
 * submission tag, only what the run lacks is sent (params are write-once and MLflow refuses a
 * metric value logged twice), artifacts overwrite, and the final status is set last,
 * so a run still RUNNING is one whose logging was interrupted.
 */
export async function logBenchmarkToMlflow(options: LogBenchmarkOptions): Promise<LogOutcome> {
  const emit = async (event: LogEvent) => {
    await options.onEvent?.(event);
  };
  const { result } = options;
  const evalCompleted = options.evalCompleted ?? evalCompletedOf(result);
  const entities = checkedEntities(benchmarkEntities(result, { evalCompleted, matrixId: options.settings.matrixId }));
  const artifacts = await presentArtifacts(options.benchmarkPath);

  // Retries are reported as they happen (not awaited: the transport is mid-call).
  const client = new MlflowClient(options.settings, (notice) => void options.onEvent?.({ kind: 'retry', notice }));

  const { experiment, created } = await client.resolveExperiment(options.settings.experiment);
  await emit({ kind: 'experiment', id: experiment.experiment_id, name: experiment.name, created });

  const runName = runNameOf(result);
  const found = await client.findOrCreateRun({
    experimentId: experiment.experiment_id,
    runName,
    idTag: { key: SUBMISSION_TAG, value: result.submission_id },
    tags: entities.tags,
    startTime: startTimeOf(result),
  });
  const runId = found.run.info.run_id;
  await emit({ kind: 'run', id: runId, name: found.run.info.run_name ?? runName, created: found.created, duplicates: found.duplicates });

  const { calls, sent } = await client.logMissing(found.run, entities);
  await emit({ kind: 'logged', batches: calls, params: sent.params.length, tags: sent.tags.length, metrics: sent.metrics.length });

  for (const artifact of artifacts) {
    const body = await readFile(artifact.path);
    await client.uploadArtifact(found.run, artifact.name, body, artifact.contentType);
    await emit({ kind: 'artifact', path: artifact.name, bytes: body.byteLength });
  }

  const status: RunStatus = evalCompleted ? 'FINISHED' : 'FAILED';
  await client.endRun(runId, status, Date.now());
  await emit({ kind: 'ended', status });
  return { experimentId: experiment.experiment_id, runId, runName, runCreated: found.created, status, artifacts: artifacts.map((a) => a.name) };
}

export async function readBenchmark(path: string): Promise<BenchmarkResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new MlflowInputError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}: expected the benchmark.json a run wrote`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new MlflowInputError(`${path} is not valid JSON (${(error as Error).message.toLowerCase()}): expected the benchmark.json a run wrote`);
  }
  const parsed = BenchmarkResultSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message.toLowerCase()}`);
    const more = parsed.error.issues.length > 5 ? `; and ${parsed.error.issues.length - 5} more` : '';
    throw new MlflowInputError(`${path} is not a benchmark.json this runner reads: ${issues.join('; ')}${more}`);
  }
  return parsed.data;
}

async function presentArtifacts(benchmarkPath: string): Promise<{ name: string; path: string; contentType: string }[]> {
  const candidates = [
    // Always stored as benchmark.json, whatever the local file is called, so readers know where to look.
    { name: 'benchmark.json', path: benchmarkPath, contentType: 'application/json' },
    ...COMPANION_ARTIFACTS.map((artifact) => ({ ...artifact, path: join(dirname(benchmarkPath), artifact.name) })),
  ];
  const present = await Promise.all(candidates.map(async (candidate) => ((await stat(candidate.path).catch(() => undefined))?.isFile() ? candidate : undefined)));
  return present.filter((candidate) => candidate !== undefined);
}
