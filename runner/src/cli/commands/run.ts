import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from '../command.js';
import { ExitCode, UsageError, type ExitCodeValue } from '../exit-codes.js';
import { parseRunSettings, RUN_USAGE, RunSettingsError, type RunSettings } from '../../config/run-settings.js';
import { MlflowSettingsError, parseMlflowSettings } from '../../config/mlflow-settings.js';
import { GatewayConnection } from '../../engine/connection.js';
import { ResumeConflict, runEval } from '../../engine/engine.js';
import type { RunRecord } from '../../engine/run-record.js';
import { runsLogPath } from '../../engine/runs-log.js';
import { GatewayError, type GatewayLogger } from '../../gateway/client.js';
import { loadOrCreateIdentity } from '../../gateway/identity.js';
import { judgeRuns } from '../../judge/judge.js';
import { JudgeSettingsError, judgeSettingsFromEnv, type JudgeSettings } from '../../judge/settings.js';
import { assembleBenchmark } from '../../results/assemble.js';
import { JUDGEMENTS_FILE } from '../../results/load.js';
import { renderHtmlReport } from '../../sinks/report/html.js';
import { renderTerminalReport } from '../../sinks/report/terminal.js';
import { DEFAULT_TASKS_DIR, loadTasks, TaskLoadError, type LoadedTask } from '../../tasks/loader.js';
import { logToMlflow } from './log-mlflow.js';

/**
 * `clawbench run`: validate every input before connecting, run the eval (runs.jsonl as runs
 * finish), then judge, assemble benchmark.json, write the report and optionally log to MLflow.
 */

const RUNNER_VERSION = (JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Everything checked and loaded before the gateway is contacted. */
export interface PreparedEval {
  readonly settings: RunSettings;
  readonly tasks: readonly LoadedTask[];
  /** The shipped core suite, for certification. */
  readonly coreSuite: ReadonlyArray<{ readonly id: string; readonly fingerprint: string }>;
  readonly judge: JudgeSettings | null;
}

/** Settings from the environment only, for the sidecar: same validation, output given, always resuming. */
export function evalSettingsForSidecar(env: Readonly<Record<string, string | undefined>>, output: string): RunSettings {
  return settingsOrUsageError(['--output', output, '--resume'], env);
}

function settingsOrUsageError(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): RunSettings {
  try {
    const settings = parseRunSettings(argv, env);
    if (settings === 'help') throw new UsageError('run: --help is not a setting');
    return settings;
  } catch (error) {
    if (error instanceof RunSettingsError) throw new UsageError(`run: ${error.message}`);
    throw error;
  }
}

/** Loads and selects the tasks and checks the judge and MLflow settings; throws UsageError naming the input. */
export async function prepareEval(settings: RunSettings, env: Readonly<Record<string, string | undefined>>): Promise<PreparedEval> {
  let judge: JudgeSettings | null = null;
  try {
    judge = settings.judgeModel === null ? null : judgeSettingsFromEnv({ ...env, CLAWBENCH_JUDGE_MODEL: settings.judgeModel });
    if (settings.mlflow) parseMlflowSettings(env);
  } catch (error) {
    if (error instanceof JudgeSettingsError || error instanceof MlflowSettingsError) throw new UsageError(`run: ${error.message}`);
    throw error;
  }
  let all: LoadedTask[];
  let core: LoadedTask[];
  try {
    all = await loadTasks(settings.tasksDir ?? DEFAULT_TASKS_DIR);
    core = settings.tasksDir === null ? all : await loadTasks(DEFAULT_TASKS_DIR);
  } catch (error) {
    if (error instanceof TaskLoadError) throw new UsageError(`run: ${error.message}`);
    throw error;
  }
  const known = new Set(all.map((task) => task.snapshot.id));
  const unknown = settings.tasks.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new UsageError(
      `run: --task / CLAWBENCH_TASKS: unknown task id${unknown.length > 1 ? 's' : ''} ${unknown.map((id) => `"${id}"`).join(', ')}: expected one of ${[...known].join(', ')}`,
    );
  }
  const tasks = all.filter(
    (task) => (settings.tasks.length === 0 || settings.tasks.includes(task.snapshot.id)) && (settings.tiers.length === 0 || settings.tiers.includes(task.snapshot.tier)),
  );
  if (tasks.length === 0) {
    throw new UsageError(`run: --task ${settings.tasks.join(' ')} with --tier ${settings.tiers.join(' ')} selects no task: expected a selection that matches at least one task`);
  }
  return { settings, tasks, coreSuite: core.map((task) => ({ id: task.snapshot.id, fingerprint: task.snapshot.fingerprint })), judge };
}

const logger: GatewayLogger = {
  warn: (message) => process.stderr.write(`clawbench: ${message}\n`),
  debug: (message) => {
    if (process.env.CLAWBENCH_DEBUG) process.stderr.write(`clawbench: ${message}\n`);
  },
};

/** Runs a prepared eval to the end; returns the exit status. */
export async function executeEval(prepared: PreparedEval, signal: AbortSignal): Promise<ExitCodeValue> {
  const { settings, tasks } = prepared;
  const output = path.resolve(settings.output);
  await mkdir(path.dirname(output), { recursive: true });
  const identity = await loadOrCreateIdentity(settings.stateDir);
  await mkdir(settings.workspaceRoot, { recursive: true });
  const connection = new GatewayConnection(
    {
      url: settings.gatewayUrl,
      token: settings.gatewayToken.reveal(),
      identity,
      connectTimeoutMs: settings.connectTimeoutMs,
      requestTimeoutMs: settings.requestTimeoutMs,
      clientVersion: RUNNER_VERSION,
      logger,
    },
    logger,
  );
  try {
    try {
      await connection.client();
    } catch (error) {
      if (error instanceof GatewayError) {
        process.stderr.write(`clawbench: cannot use the gateway at ${settings.gatewayUrl}: ${error.message}\n`);
        return ExitCode.failed;
      }
      throw error;
    }
    const total = tasks.length * settings.runs;
    process.stdout.write(
      `clawbench ${RUNNER_VERSION}: ${tasks.length} task(s) x ${settings.runs} run(s) of ${settings.model} on OpenClaw ${connection.serverVersion ?? 'unknown'}, ` +
        `${settings.concurrency} lane(s), seed ${settings.seed}${settings.seedGiven ? '' : ' (drawn)'}\n`,
    );
    const progress = progressReporter(total);
    let outcome;
    try {
      outcome = await runEval({
        tasks,
        runs: settings.runs,
        model: settings.model,
        seed: settings.seed,
        concurrency: settings.concurrency,
        browserConcurrency: settings.browserConcurrency,
        workspaceRoot: settings.workspaceRoot,
        keepWorkspaces: settings.keepWorkspaces,
        perRunBudgetMs: settings.perRunBudgetMs,
        perTurnCapMs: settings.perTurnCapMs,
        runsFile: runsLogPath(output),
        resume: settings.resume,
        connection,
        logger,
        signal,
        onRunFinished: progress.finished,
      });
    } catch (error) {
      if (error instanceof ResumeConflict) throw new UsageError(`run: ${error.message}`);
      throw error;
    } finally {
      progress.end();
    }
    if (outcome.previousLogMovedTo) process.stdout.write(`an earlier runs.jsonl was kept as ${outcome.previousLogMovedTo}\n`);
    if (outcome.resumed > 0) process.stdout.write(`resumed: ${outcome.resumed} run(s) were already finished\n`);
    if (outcome.gatewayLost !== null) {
      process.stderr.write(`clawbench: stopped: ${outcome.gatewayLost}; finished runs are in ${runsLogPath(output)}; run again with --resume once the gateway is back\n`);
      return ExitCode.failed;
    }
    if (outcome.interrupted) {
      process.stderr.write(`clawbench: interrupted; finished runs are in ${runsLogPath(output)}; run again with --resume to continue\n`);
      return ExitCode.interrupted;
    }
    return await writeResults(prepared, outcome.records, output, connection.serverVersion ?? 'unknown');
  } finally {
    await connection.close();
  }
}

async function writeResults(prepared: PreparedEval, records: RunRecord[], output: string, openclawVersion: string): Promise<ExitCodeValue> {
  const { settings, judge } = prepared;
  const judgements = judge ? await judgeRuns(records, judge) : [];
  if (judge) await writeAtomically(path.join(path.dirname(output), JUDGEMENTS_FILE), judgements.map((verdict) => `${JSON.stringify(verdict)}\n`).join(''));
  const firstStart = records.map((record) => record.startedAt).sort()[0] ?? new Date().toISOString();
  const benchmark = assembleBenchmark(records, {
    // stable across resumes, so the MLflow run of a resumed eval is the same one
    submissionId: `${settings.model.replace(/[^A-Za-z0-9._-]+/g, '-')}-${firstStart.replace(/[:.]/g, '-')}`,
    model: settings.model,
    timestamp: new Date().toISOString(),
    openclawVersion,
    judgeModel: judge?.model ?? null,
    benchmarkVersion: RUNNER_VERSION,
    runsPerTask: settings.runs,
    seed: settings.seed,
    coreSuite: prepared.coreSuite,
    judgements,
  });
  await writeAtomically(output, `${JSON.stringify(benchmark, null, 2)}\n`);
  const reportPath = path.join(path.dirname(output), 'report.html');
  await writeAtomically(reportPath, renderHtmlReport(benchmark, records, judgements));
  process.stdout.write(renderTerminalReport(benchmark));
  process.stdout.write(`results: ${output}\nreport:  ${reportPath}\nruns:    ${runsLogPath(output)}\n`);

  const scored = records.filter((record) => record.status === 'scored').length;
  const errors = records.length - scored;
  let code: ExitCodeValue = scored === 0 ? ExitCode.failed : errors > 0 ? ExitCode.attrition : ExitCode.ok;
  if (settings.mlflow) {
    const logged = await logToMlflow({ benchmarkPath: output, evalCompleted: scored > 0 });
    if (logged !== ExitCode.ok && code === ExitCode.ok) code = ExitCode.loggingFailed;
  }
  return code;
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, text);
  await rename(temp, file);
}

/** A live bar on a terminal; one line per finished run otherwise (pod logs). */
function progressReporter(total: number) {
  const tty = process.stdout.isTTY === true;
  let errors = 0;
  let timeouts = 0;
  return {
    finished(record: RunRecord, progress: { done: number; total: number }) {
      if (record.status === 'error') errors++;
      if (record.timedOut) timeouts++;
      const checks = record.checks.filter((check) => check.passed).length;
      if (tty) {
        const width = 30;
        const filled = Math.round((progress.done / Math.max(1, progress.total)) * width);
        process.stdout.write(
          `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${progress.done}/${progress.total} runs (${total} planned)  errors ${errors}  timeouts ${timeouts}  last ${record.task.id}#${record.run}\x1b[K`,
        );
        return;
      }
      const status = record.status === 'error' ? `error (${record.error?.kind ?? 'unknown'}: ${record.error?.message ?? ''})` : record.timedOut ? 'timed out' : 'done';
      process.stdout.write(
        `[${progress.done}/${progress.total}] ${record.task.id} run ${record.run}: ${status}, checks ${checks}/${record.checks.length}, ` +
          `${record.toolCalls.length} tool calls, ${(record.durationMs / 1000).toFixed(1)} s, ${record.usage.totalTokens} tokens, $${record.usage.costUsd.toFixed(4)}` +
          `${record.attempts > 1 ? `, ${record.attempts} attempts` : ''}\n`,
      );
    },
    end() {
      if (tty) process.stdout.write('\n');
    },
  };
}

/** SIGINT/SIGTERM abort the eval: in-flight runs are aborted, finished ones are already on disk. */
function interruptSignal(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (name: string) => {
    if (!controller.signal.aborted) process.stderr.write(`clawbench: ${name}: aborting the runs in flight\n`);
    controller.abort();
  };
  const onInt = () => onSignal('SIGINT');
  const onTerm = () => onSignal('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}

export const command: Command = {
  name: 'run',
  summary: 'run the task suite against an OpenClaw gateway and write runs.jsonl, benchmark.json and a report',
  async run(argv) {
    let settings: RunSettings | 'help';
    try {
      settings = parseRunSettings(argv, process.env);
    } catch (error) {
      if (error instanceof RunSettingsError) throw new UsageError(`run: ${error.message}`);
      throw error;
    }
    if (settings === 'help') {
      process.stdout.write(RUN_USAGE);
      return ExitCode.ok;
    }
    const prepared = await prepareEval(settings, process.env);
    const interrupt = interruptSignal();
    try {
      return await executeEval(prepared, interrupt.signal);
    } finally {
      interrupt.dispose();
    }
  },
};
