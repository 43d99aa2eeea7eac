import { GatewayError, type GatewayLogger } from '../gateway/client.js';
import type { PreparedTask } from '../tasks/prepared-task.js';
import type { GatewayConnection } from './connection.js';
import type { RunRecord } from './run-record.js';
import { DEFAULT_RETRY, executeRun, RunInterrupted, type RetryPolicy } from './run-lifecycle.js';
import { latestRecords, runKey, RunsLog } from './runs-log.js';
import { planWork, runLanes } from './scheduler.js';

/**
 * An eval: every (task, run) pair through the lanes, each finished run appended to runs.jsonl at
 * once. Resumable and interruptible: an aborted `signal` stops handing out runs, aborts the ones
 * in flight (they are not recorded, so `--resume` runs them again) and flushes the log.
 */

export interface EvalOptions {
  readonly tasks: readonly PreparedTask[];
  readonly runs: number;
  readonly model: string;
  readonly seed: number;
  readonly concurrency: number;
  readonly browserConcurrency: number;
  readonly workspaceRoot: string;
  readonly keepWorkspaces: boolean;
  readonly perRunBudgetMs: number;
  readonly perTurnCapMs: number;
  /** runs.jsonl. */
  readonly runsFile: string;
  readonly resume: boolean;
  readonly connection: GatewayConnection;
  readonly logger: GatewayLogger;
  readonly retry?: RetryPolicy;
  readonly signal: AbortSignal;
  /** Called as each run finishes (after it is on disk). */
  readonly onRunFinished?: (record: RunRecord, progress: { readonly done: number; readonly total: number }) => void;
}

export interface EvalOutcome {
  /** One record per (task, run) of the selected tasks: this eval's and, with resume, earlier ones. */
  readonly records: RunRecord[];
  /** Runs skipped because runs.jsonl already held them (resume). */
  readonly resumed: number;
  /** Runs planned in this invocation. */
  readonly planned: number;
  readonly interrupted: boolean;
  /** Why the eval stopped early because the gateway could not be reached any more; null otherwise. */
  readonly gatewayLost: string | null;
  /** Where an earlier runs.jsonl was moved when not resuming. */
  readonly previousLogMovedTo: string | null;
}

/** `--resume` against a runs.jsonl of another model would mix two evals into one result. */
export class ResumeConflict extends Error {
  override readonly name = 'ResumeConflict';
}

export async function runEval(options: EvalOptions): Promise<EvalOutcome> {
  const { log, previous, skippedLines, movedTo } = await RunsLog.open(options.runsFile, options.resume);
  if (skippedLines > 0) options.logger.warn(`${options.runsFile}: skipped ${skippedLines} unreadable line(s); those runs will run again`);
  const otherModel = previous.find((record) => record.model !== options.model);
  if (otherModel) {
    throw new ResumeConflict(
      `--resume: ${options.runsFile} holds runs of model "${otherModel.model}", not "${options.model}": expected the same model, or a new output directory`,
    );
  }
  const fingerprints = new Map(options.tasks.map((task) => [task.snapshot.id, task.snapshot.fingerprint]));
  // only scored runs of an unchanged task count as finished; errors and stale tasks run again
  const kept = latestRecords(previous).filter(
    (record) => record.status === 'scored' && fingerprints.get(record.task.id) === record.task.fingerprint && record.run <= options.runs,
  );
  const finished = new Set(kept.map((record) => runKey(record.task.id, record.run)));
  const items = planWork(options.tasks, options.runs, options.seed, (item) => finished.has(runKey(item.task.snapshot.id, item.run)));

  // stops the eval on an interrupt, or when the gateway stays unreachable for a whole connect timeout
  const stop = new AbortController();
  const forward = () => stop.abort();
  options.signal.addEventListener('abort', forward, { once: true });
  if (options.signal.aborted) stop.abort();
  let gatewayLost: string | null = null;
  const deferred: Array<() => Promise<void>> = [];
  const context = { ...options, retry: options.retry ?? DEFAULT_RETRY, deferCleanup: (cleanup: () => Promise<void>) => void deferred.push(cleanup) };
  const records: RunRecord[] = [...kept];
  let done = 0;
  await runLanes(
    items,
    { concurrency: options.concurrency, browserConcurrency: options.browserConcurrency },
    async (item) => {
      let record: RunRecord;
      try {
        record = await executeRun(item.task, item.run, context, stop.signal);
      } catch (error) {
        if (error instanceof RunInterrupted) return;
        if (error instanceof GatewayError && error.kind === 'unreachable') {
          gatewayLost ??= error.message;
          stop.abort();
          return;
        }
        throw error;
      }
      await log.append(record);
      records.push(record);
      done++;
      options.onRunFinished?.(record, { done, total: items.length });
    },
    stop.signal,
  );
  options.signal.removeEventListener('abort', forward);
  await log.flush();
  for (const cleanup of deferred) await cleanup();
  return { records, resumed: kept.length, planned: items.length, interrupted: options.signal.aborted, gatewayLost, previousLogMovedTo: movedTo };
}

