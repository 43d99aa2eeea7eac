import { createHash } from 'node:crypto';
import type { RunRecord } from '../engine/run-record.js';
import { latestRecords } from '../engine/runs-log.js';
import { FAMILIES, TIERS, type TaskSnapshot } from '../tasks/expectations.js';
import type { DeliveryOutcome, FailureMode } from '../scoring/failure-mode.js';
import { judgeKey, type JudgeVerdict } from '../scoring/judge-verdict.js';
import { mean, median, percentile, sum } from '../scoring/numbers.js';
import { scoreRun, type RunScore } from '../scoring/run-score.js';
import { bootstrapInterval, tInterval } from '../scoring/stats.js';
import { benchmarkPassHatKCurve, taskReliability } from '../scoring/task-stats.js';
import {
  BENCHMARK_SCHEMA_VERSION,
  BenchmarkResultSchema,
  type BenchmarkResult,
  type Intervals,
  type TaskStats,
} from './benchmark-schema.js';

/**
 * Everything benchmark.json needs besides the run records. The run command fills it:
 * - `submissionId`: a fresh UUID per eval; `timestamp`: when the eval started (ISO 8601, UTC).
 * - `model`: `provider/model` as the agent ran it; `openclawVersion`: the gateway's
 *   `hello-ok.server.version`; `judgeModel`: CLAWBENCH_JUDGE_MODEL or null.
 * - `benchmarkVersion`: the runner's version; `runsPerTask`: the `--runs` asked for.
 * - `seed`: the eval's seed, reused for the bootstrap; `bootstrapResamples`: default 10,000.
 * - `coreSuite`: the ids and fingerprints of the full core suite as shipped (certification
 *   compares the records against it).
 * - `judgements`: the judge's verdicts (judgements.jsonl), if a judge ran.
 */
export interface BenchmarkContext {
  readonly submissionId: string;
  readonly model: string;
  readonly timestamp: string;
  readonly openclawVersion: string;
  readonly judgeModel: string | null;
  readonly benchmarkVersion: string;
  readonly runsPerTask: number;
  readonly seed: number;
  readonly bootstrapResamples?: number;
  readonly coreSuite: ReadonlyArray<{ readonly id: string; readonly fingerprint: string }>;
  readonly judgements?: readonly JudgeVerdict[];
}

export const DEFAULT_BOOTSTRAP_RESAMPLES = 10_000;
/** The fewest runs per task a certified result may have. */
export const CERTIFIED_MIN_RUNS = 3;
export const CERTIFICATION_RULE =
  'certified when the records cover exactly the full core suite, every task has at least 3 scored runs, ' +
  'every task fingerprint matches the shipped suite, and no run was excluded (no attrition)';

interface ScoredRun {
  readonly record: RunRecord;
  readonly score: RunScore;
  readonly verdict: JudgeVerdict | undefined;
}

interface TaskGroup {
  readonly task: TaskSnapshot;
  readonly runs: readonly ScoredRun[];
  readonly excluded: number;
  readonly stats: TaskStats;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

function countBy<K extends string>(values: ReadonlyArray<K | null>): Partial<Record<K, number>> {
  const counts: Partial<Record<K, number>> = {};
  for (const value of values) if (value !== null) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

/** A mean that is null when there is nothing to average (no judged run, no task in a subset). */
const meanOrNull = (values: readonly number[]): number | null => (values.length === 0 ? null : mean(values));

function summarizeTask(task: TaskSnapshot, runs: readonly ScoredRun[], excluded: number): TaskStats {
  const reliability = taskReliability(runs.map(({ score }) => ({ score: score.score, passed: score.passed })));
  const usage = runs.map(({ record }) => record.usage);
  const durations = runs.map(({ record }) => record.durationMs);
  const passing = runs.filter(({ score }) => score.passed);
  const judged = runs.filter(({ score }) => score.judge?.status === 'judged');
  const totalCost = sum(usage.map((u) => u.costUsd));
  return {
    task_id: task.id,
    tier: task.tier,
    family: task.family,
    subsets: [...task.subsets],
    capabilities: [...task.capabilities],
    fingerprint: task.fingerprint,
    pass_threshold: task.pass_threshold,
    runs: reliability.runs,
    excluded_runs: excluded,
    mean_completion_score: mean(runs.map(({ score }) => score.completion)),
    mean_trajectory_score: mean(runs.map(({ score }) => score.trajectory.score)),
    mean_behavior_score: mean(runs.map(({ score }) => score.behavior.score)),
    mean_judge_score: meanOrNull(judged.map(({ score }) => score.judge?.score ?? 0)),
    mean_judge_confidence: meanOrNull(judged.map(({ score }) => score.judge?.confidence ?? 0)),
    judge_pass_rate: judged.length === 0 ? null : judged.filter(({ score }) => score.judge?.passed).length / judged.length,
    judged_runs: judged.length,
    judge_error_count: runs.filter(({ score }) => score.judge?.status === 'error').length,
    mean_run_score: reliability.meanScore,
    reliability_score: reliability.reliability,
    variance_score: reliability.varianceScore,
    mean_task_score: reliability.taskScore,
    stddev: reliability.stddev,
    min_score: reliability.minScore,
    max_score: reliability.maxScore,
    pass_at_1: reliability.passAt1,
    passes: reliability.passes,
    pass_rate: reliability.passRate,
    pass_hat_k: reliability.allPassed,
    pass_hat_k_curve: [...reliability.passHatKCurve],
    pass_at_k_curve: [...reliability.passAtKCurve],
    scores: runs.map(({ score }) => score.score),
    worst_of_n: reliability.worstOfN,
    high_variance: reliability.highVariance,
    mean_duration_ms: mean(durations),
    median_duration_ms: median(durations),
    p95_duration_ms: percentile(durations, 95),
    mean_input_tokens: mean(usage.map((u) => u.input)),
    mean_output_tokens: mean(usage.map((u) => u.output)),
    mean_reasoning_tokens: mean(usage.map((u) => u.reasoning)),
    mean_total_tokens: mean(usage.map((u) => u.totalTokens)),
    mean_cost_usd: mean(usage.map((u) => u.costUsd)),
    tokens_per_pass: mean(passing.map(({ record }) => record.usage.totalTokens)),
    cost_per_pass: mean(passing.map(({ record }) => record.usage.costUsd)),
    cost_per_passed_run_usd: reliability.passes === 0 ? null : totalCost / reliability.passes,
    delivery_outcome_counts: countBy<DeliveryOutcome>(runs.map(({ score }) => score.deliveryOutcome)),
    failure_mode_counts: countBy<FailureMode>(runs.map(({ score }) => score.failureMode)),
    run_results: runs.map(({ record, score }) => ({
      run: record.run,
      score: score.score,
      completion: score.completion,
      trajectory: score.trajectory.score,
      behavior: score.behavior.score,
      passed: score.passed,
      delivery_outcome: score.deliveryOutcome,
      failure_mode: score.failureMode,
      judge_score: score.judge?.score ?? null,
      timed_out: record.timedOut,
      duration_ms: record.durationMs,
      cost_usd: record.usage.costUsd,
      total_tokens: record.usage.totalTokens,
    })),
  };
}

function intervals(values: readonly number[], seed: number, resamples: number): Intervals {
  return { t: tInterval(values), bootstrap: bootstrapInterval(values, seed, resamples) };
}

function groupSummary(tasks: readonly TaskStats[], seed: number, resamples: number) {
  const scores = tasks.map((t) => t.mean_task_score);
  const bounds = intervals(scores, seed, resamples);
  return {
    tasks: tasks.length,
    task_ids: tasks.map((t) => t.task_id),
    mean_task_score: mean(scores),
    mean_completion: mean(tasks.map((t) => t.mean_completion_score)),
    mean_trajectory: mean(tasks.map((t) => t.mean_trajectory_score)),
    mean_behavior: mean(tasks.map((t) => t.mean_behavior_score)),
    mean_judge: meanOrNull(tasks.flatMap((t) => (t.mean_judge_score === null ? [] : [t.mean_judge_score]))),
    mean_reliability: mean(tasks.map((t) => t.reliability_score)),
    ci_lower: bounds.t.lower,
    ci_upper: bounds.t.upper,
    pass_hat_k_rate: mean(tasks.map((t) => (t.pass_hat_k ? 1 : 0))),
    intervals: bounds,
  };
}

function certificationReasons(groups: readonly TaskGroup[], context: BenchmarkContext, excludedRuns: number): string[] {
  const reasons: string[] = [];
  if (context.coreSuite.length === 0) reasons.push('no core suite was given to certify against');
  const byId = new Map(groups.map((group) => [group.task.id, group]));
  const core = new Map(context.coreSuite.map((task) => [task.id, task.fingerprint]));
  for (const [id, fingerprint] of core) {
    const group = byId.get(id);
    if (!group) reasons.push(`core task ${id} has no scored run`);
    else {
      if (group.runs.length < CERTIFIED_MIN_RUNS) reasons.push(`core task ${id} has ${group.runs.length} scored runs, fewer than ${CERTIFIED_MIN_RUNS}`);
      const fingerprints = new Set(group.runs.map(({ record }) => record.task.fingerprint));
      if (fingerprints.size !== 1 || !fingerprints.has(fingerprint)) reasons.push(`task ${id} was modified: its fingerprint differs from the shipped suite`);
    }
  }
  for (const id of byId.keys()) if (!core.has(id)) reasons.push(`task ${id} is not part of the core suite`);
  if (context.runsPerTask < CERTIFIED_MIN_RUNS) reasons.push(`runs per task is ${context.runsPerTask}, fewer than ${CERTIFIED_MIN_RUNS}`);
  if (excludedRuns > 0) reasons.push(`${excludedRuns} run(s) ended in an infrastructure error and were excluded`);
  return reasons;
}

function tokenTotals(records: readonly RunRecord[]) {
  return {
    input: sum(records.map((r) => r.usage.input)),
    output: sum(records.map((r) => r.usage.output)),
    cache_read: sum(records.map((r) => r.usage.cacheRead)),
    cache_write: sum(records.map((r) => r.usage.cacheWrite)),
    reasoning: sum(records.map((r) => r.usage.reasoning)),
    total: sum(records.map((r) => r.usage.totalTokens)),
  };
}

function efficiency(scored: readonly ScoredRun[]): BenchmarkResult['efficiency'] {
  const records = scored.map(({ record }) => record);
  const totals = tokenTotals(records);
  const runs = records.length;
  const perRun = Object.fromEntries(Object.entries(totals).map(([key, value]) => [key, runs === 0 ? 0 : value / runs])) as typeof totals;
  const cost = sum(records.map((r) => r.usage.costUsd));
  const passes = scored.filter(({ score }) => score.passed).length;
  const durations = records.map((r) => r.durationMs);
  return {
    runs,
    passes,
    tokens_total: totals,
    tokens_per_run: perRun,
    cost_usd_total: cost,
    cost_usd_per_run: runs === 0 ? 0 : cost / runs,
    cost_per_passed_run_usd: passes === 0 ? null : cost / passes,
    latency_ms: { mean: mean(durations), median: median(durations), p95: percentile(durations, 95) },
  };
}

function judgeSummary(context: BenchmarkContext, scored: readonly ScoredRun[]): BenchmarkResult['judge'] {
  const verdicts = context.judgements ?? [];
  return {
    model: context.judgeModel ?? '',
    enabled: context.judgeModel !== null && context.judgeModel !== '',
    judged_runs: scored.filter(({ score }) => score.judge?.status === 'judged').length,
    errors: scored.filter(({ score }) => score.judge?.status === 'error').length,
    usage: {
      input: sum(verdicts.map((v) => v.usage.input)),
      output: sum(verdicts.map((v) => v.usage.output)),
      cost_usd: sum(verdicts.map((v) => v.usage.costUsd)),
      cost_reported: verdicts.length > 0 && verdicts.every((v) => v.usage.costReported || v.status === 'error'),
    },
  };
}

const tierOrder = (tier: string): number => TIERS.indexOf(tier as (typeof TIERS)[number]);

/**
 * Turns the run records of one eval into benchmark.json. Pure: the same records and context
 * always give the same document (the bootstrap is seeded). Runs with status `error` are left
 * out of every score and counted under `attrition`. When a resumed eval recorded a (task, run)
 * twice, its last record counts.
 */
export function assembleBenchmark(records: readonly RunRecord[], context: BenchmarkContext): BenchmarkResult {
  const resamples = context.bootstrapResamples ?? DEFAULT_BOOTSTRAP_RESAMPLES;
  const verdicts = new Map((context.judgements ?? []).map((v) => [judgeKey(v.taskId, v.run), v]));
  const ordered = latestRecords(records).sort((a, b) => tierOrder(a.task.tier) - tierOrder(b.task.tier) || a.task.id.localeCompare(b.task.id) || a.run - b.run);
  const errored = ordered.filter((r) => r.status === 'error');
  const scored: ScoredRun[] = ordered
    .filter((r) => r.status === 'scored')
    .map((record) => {
      const verdict = verdicts.get(judgeKey(record.task.id, record.run));
      return { record, verdict, score: scoreRun(record, verdict) };
    });

  const taskIds = [...new Set(ordered.map((r) => r.task.id))];
  const groups: TaskGroup[] = taskIds.flatMap((id) => {
    const runs = scored.filter(({ record }) => record.task.id === id);
    const excluded = errored.filter((r) => r.task.id === id).length;
    const first = runs[0];
    return first === undefined ? [] : [{ task: first.record.task, runs, excluded, stats: summarizeTask(first.record.task, runs, excluded) }];
  });
  const tasks = groups.map((g) => g.stats);
  const overall = groupSummary(tasks.length === 0 ? [] : tasks, context.seed, resamples);
  const reliabilities = groups.map((g) => taskReliability(g.runs.map(({ score }) => ({ score: score.score, passed: score.passed }))));
  const subsetScore = (subset: string): number | null =>
    meanOrNull(tasks.filter((t) => t.subsets.includes(subset)).map((t) => t.mean_task_score));
  const judgedTasks = tasks.filter((t) => t.judged_runs > 0);
  const reasons = certificationReasons(groups, context, errored.length);
  const snapshotLines = groups.map((g) => `${g.task.id}:${g.task.fingerprint}`).sort();

  const result: BenchmarkResult = {
    schema_version: BENCHMARK_SCHEMA_VERSION,
    submission_id: context.submissionId,
    model: context.model,
    provider: context.model.includes('/') ? (context.model.split('/')[0] ?? '') : '',
    timestamp: context.timestamp,
    openclaw_version: context.openclawVersion,
    benchmark_version: context.benchmarkVersion,
    judge_model: context.judgeModel ?? '',

    overall_score: overall.mean_task_score,
    overall_completion: overall.mean_completion,
    overall_trajectory: overall.mean_trajectory,
    overall_behavior: overall.mean_behavior,
    overall_reliability: overall.mean_reliability,
    overall_ci_lower: overall.ci_lower,
    overall_ci_upper: overall.ci_upper,
    overall_ci_method: 't_clustered_by_task',
    overall_intervals: overall.intervals,
    overall_pass_hat_k: overall.pass_hat_k_rate,
    overall_pass_hat_k_curve: benchmarkPassHatKCurve(reliabilities),
    overall_pass_rate: mean(tasks.map((t) => t.pass_rate)),
    overall_worst_of_n: mean(tasks.map((t) => t.worst_of_n)),

    overall_judge_score: meanOrNull(judgedTasks.map((t) => t.mean_judge_score ?? 0)),
    overall_judge_confidence: meanOrNull(judgedTasks.map((t) => t.mean_judge_confidence ?? 0)),
    overall_judge_pass_rate: meanOrNull(judgedTasks.map((t) => t.judge_pass_rate ?? 0)),
    judge_task_coverage: tasks.length === 0 ? 0 : judgedTasks.length / tasks.length,
    judge_error_count: sum(tasks.map((t) => t.judge_error_count)),

    overall_median_latency_ms: mean(tasks.map((t) => t.median_duration_ms)),
    overall_p95_latency_ms: mean(tasks.map((t) => t.p95_duration_ms)),
    overall_input_tokens: mean(tasks.map((t) => t.mean_input_tokens)),
    overall_output_tokens: mean(tasks.map((t) => t.mean_output_tokens)),
    overall_reasoning_tokens: mean(tasks.map((t) => t.mean_reasoning_tokens)),
    overall_total_tokens: mean(tasks.map((t) => t.mean_total_tokens)),
    overall_cost_usd: mean(tasks.map((t) => t.mean_cost_usd)),
    overall_tokens_per_pass: mean(tasks.map((t) => t.tokens_per_pass)),
    overall_cost_per_pass: mean(tasks.map((t) => t.cost_per_pass)),
    consensus_subset_score: subsetScore('consensus'),
    hard_subset_score: subsetScore('hard'),
    overall_delivery_outcome_counts: countBy<DeliveryOutcome>(scored.map(({ score }) => score.deliveryOutcome)),
    overall_failure_mode_counts: countBy<FailureMode>(scored.map(({ score }) => score.failureMode)),

    tier_results: TIERS.flatMap((tier) => {
      const members = tasks.filter((t) => t.tier === tier);
      return members.length === 0 ? [] : [{ tier, ...groupSummary(members, context.seed, resamples) }];
    }),
    family_results: FAMILIES.flatMap((family) => {
      const members = tasks.filter((t) => t.family === family);
      return members.length === 0 ? [] : [{ family, ...groupSummary(members, context.seed, resamples) }];
    }),
    task_results: tasks,

    efficiency: efficiency(scored),
    attrition: {
      runs_total: ordered.length,
      runs_scored: scored.length,
      runs_excluded: errored.length,
      by_kind: countBy(errored.map((r) => r.error?.kind ?? 'unknown')),
      excluded: errored.map((r) => ({
        task_id: r.task.id,
        run: r.run,
        kind: r.error?.kind ?? 'unknown',
        code: r.error?.code ?? null,
        message: r.error?.message ?? '',
      })),
      tasks_without_scored_runs: taskIds.filter((id) => !groups.some((g) => g.task.id === id)),
    },
    judge: judgeSummary(context, scored),

    certified: reasons.length === 0,
    certification: { rule: CERTIFICATION_RULE, reasons },
    environment_checksum: sha256(JSON.stringify({ openclaw_version: context.openclawVersion, tasks: groups.map((g) => `${g.task.id}:${g.task.tier}:${g.task.family}:${g.task.fingerprint}`).sort() })),
    task_snapshot_fingerprint: sha256(snapshotLines.join('\n')),
    assembly: {
      runs_per_task: context.runsPerTask,
      seed: context.seed,
      bootstrap_resamples: resamples,
      core_suite: context.coreSuite.map(({ id, fingerprint }) => ({ id, fingerprint })),
    },
  };
  // Validating here keeps the writer and the schema from ever drifting apart.
  return BenchmarkResultSchema.parse(result);
}

/** The context a stored benchmark.json was assembled with, to recompute it from runs.jsonl. */
export function contextOf(benchmark: BenchmarkResult, judgements: readonly JudgeVerdict[] = []): BenchmarkContext {
  return {
    submissionId: benchmark.submission_id,
    model: benchmark.model,
    timestamp: benchmark.timestamp,
    openclawVersion: benchmark.openclaw_version,
    judgeModel: benchmark.judge_model === '' ? null : benchmark.judge_model,
    benchmarkVersion: benchmark.benchmark_version,
    runsPerTask: benchmark.assembly.runs_per_task,
    seed: benchmark.assembly.seed,
    bootstrapResamples: benchmark.assembly.bootstrap_resamples,
    coreSuite: benchmark.assembly.core_suite,
    judgements,
  };
}
