import { z } from 'zod';
import { FamilySchema, TierSchema } from '../tasks/expectations.js';
import { DELIVERY_OUTCOMES, FAILURE_MODES } from '../scoring/failure-mode.js';

/**
 * benchmark.json: the summary of one eval. Top-level names follow ClawBench's `BenchmarkResult`
 * where it has the field (with its meaning, so numbers compare); our additions are named in
 * full. Per-run transcripts stay in runs.jsonl. Bump the version on any incompatible change.
 */
export const BENCHMARK_SCHEMA_VERSION = 1;

const Score = z.number().min(0).max(1);
const Count = z.number().int().nonnegative();
const NonNegative = z.number().nonnegative();
const Level = z.number().gt(0).lt(1);

export const TIntervalSchema = z
  .object({
    method: z.literal('t_clustered_by_task'),
    level: Level,
    lower: Score,
    upper: Score,
    tasks: Count,
    df: Count.nullable().describe('tasks − 1; null with a single task (no interval)'),
    t_critical: NonNegative.nullable(),
    standard_error: NonNegative,
  })
  .describe('mean of task scores ± t(tasks−1) · sd(task scores)/√tasks, clipped to [0, 1]');

export const BootstrapIntervalSchema = z
  .object({
    method: z.literal('percentile_bootstrap_over_tasks'),
    level: Level,
    lower: Score,
    upper: Score,
    tasks: Count,
    resamples: z.number().int().positive(),
    seed: z.number().int(),
    prng: z.literal('mulberry32'),
  })
  .describe('2.5th/97.5th percentiles of the means of tasks resampled with replacement');

export const IntervalsSchema = z.object({ t: TIntervalSchema, bootstrap: BootstrapIntervalSchema });
export type Intervals = z.infer<typeof IntervalsSchema>;

const OutcomeCounts = z.partialRecord(z.enum(DELIVERY_OUTCOMES), Count);
const FailureModeCounts = z.partialRecord(z.enum(FAILURE_MODES), Count);

export const RunSummarySchema = z.object({
  run: z.number().int().positive(),
  score: Score,
  completion: Score,
  trajectory: Score,
  behavior: Score,
  passed: z.boolean(),
  delivery_outcome: z.enum(DELIVERY_OUTCOMES),
  failure_mode: z.enum(FAILURE_MODES).nullable(),
  judge_score: Score.nullable(),
  timed_out: z.boolean(),
  duration_ms: NonNegative,
  cost_usd: NonNegative,
  total_tokens: Count,
});
export type RunSummary = z.infer<typeof RunSummarySchema>;

export const TaskStatsSchema = z.object({
  task_id: z.string(),
  tier: TierSchema,
  family: FamilySchema,
  subsets: z.array(z.string()),
  capabilities: z.array(z.string()),
  fingerprint: z.string(),
  pass_threshold: Score,
  runs: z.number().int().positive(),
  excluded_runs: Count,
  mean_completion_score: Score,
  mean_trajectory_score: Score,
  mean_behavior_score: Score,
  mean_judge_score: Score.nullable(),
  mean_judge_confidence: Score.nullable(),
  judge_pass_rate: Score.nullable(),
  judged_runs: Count,
  judge_error_count: Count,
  mean_run_score: Score,
  reliability_score: Score,
  variance_score: Score,
  mean_task_score: Score,
  stddev: NonNegative,
  min_score: Score,
  max_score: Score,
  pass_at_1: z.boolean(),
  passes: Count,
  pass_rate: Score,
  pass_hat_k: z.boolean().describe('every run passed (ClawBench); equals pass_hat_k_curve at k = runs'),
  pass_hat_k_curve: z.array(Score).describe('pass^k for k = 1..runs: C(passes,k)/C(runs,k)'),
  pass_at_k_curve: z.array(Score).describe('pass@k for k = 1..runs: 1 − C(runs−passes,k)/C(runs,k)'),
  scores: z.array(Score),
  worst_of_n: Score,
  high_variance: z.boolean(),
  mean_duration_ms: NonNegative,
  median_duration_ms: NonNegative,
  p95_duration_ms: NonNegative,
  mean_input_tokens: NonNegative,
  mean_output_tokens: NonNegative,
  mean_reasoning_tokens: NonNegative,
  mean_total_tokens: NonNegative,
  mean_cost_usd: NonNegative,
  tokens_per_pass: NonNegative.describe('ClawBench: mean total tokens of the passing runs (0 if none)'),
  cost_per_pass: NonNegative.describe('ClawBench: mean cost of the passing runs (0 if none)'),
  cost_per_passed_run_usd: NonNegative.nullable().describe('total cost of all runs / passes; null with no pass'),
  delivery_outcome_counts: OutcomeCounts,
  failure_mode_counts: FailureModeCounts,
  run_results: z.array(RunSummarySchema),
});
export type TaskStats = z.infer<typeof TaskStatsSchema>;

const groupFields = {
  tasks: z.number().int().positive(),
  task_ids: z.array(z.string()),
  mean_task_score: Score,
  mean_completion: Score,
  mean_trajectory: Score,
  mean_behavior: Score,
  mean_judge: Score.nullable(),
  mean_reliability: Score,
  ci_lower: Score.describe('the t interval (intervals.t)'),
  ci_upper: Score,
  pass_hat_k_rate: Score,
  intervals: IntervalsSchema,
};
export const TierResultSchema = z.object({ tier: TierSchema, ...groupFields });
export const FamilyResultSchema = z.object({ family: FamilySchema, ...groupFields });
export type TierResult = z.infer<typeof TierResultSchema>;
export type FamilyResult = z.infer<typeof FamilyResultSchema>;

const TokensSchema = z.object({
  input: NonNegative,
  output: NonNegative,
  cache_read: NonNegative,
  cache_write: NonNegative,
  reasoning: NonNegative,
  total: NonNegative,
});

export const EfficiencySchema = z.object({
  runs: Count,
  passes: Count,
  tokens_total: TokensSchema,
  tokens_per_run: TokensSchema.describe('mean over scored runs'),
  cost_usd_total: NonNegative,
  cost_usd_per_run: NonNegative,
  cost_per_passed_run_usd: NonNegative.nullable().describe('cost of ALL scored runs / passes; null with no pass'),
  latency_ms: z.object({ mean: NonNegative, median: NonNegative, p95: NonNegative }),
});

export const AttritionSchema = z.object({
  runs_total: Count,
  runs_scored: Count,
  runs_excluded: Count,
  by_kind: z.record(z.string(), Count),
  excluded: z.array(
    z.object({ task_id: z.string(), run: z.number().int().positive(), kind: z.string(), code: z.string().nullable(), message: z.string() }),
  ),
  tasks_without_scored_runs: z.array(z.string()),
});

export const JudgeSummarySchema = z.object({
  model: z.string(),
  enabled: z.boolean(),
  judged_runs: Count,
  errors: Count,
  usage: z.object({ input: Count, output: Count, cost_usd: NonNegative, cost_reported: z.boolean() }),
});

export const CertificationSchema = z.object({
  rule: z.string(),
  reasons: z.array(z.string()).describe('why the result is not certified; empty when it is'),
});

export const AssemblySchema = z
  .object({
    runs_per_task: z.number().int().positive(),
    seed: z.number().int(),
    bootstrap_resamples: z.number().int().positive(),
    core_suite: z.array(z.object({ id: z.string(), fingerprint: z.string() })),
  })
  .describe('what the summary was assembled with, so it can be recomputed from runs.jsonl');

export const BenchmarkResultSchema = z.object({
  schema_version: z.literal(BENCHMARK_SCHEMA_VERSION),
  submission_id: z.string().min(1),
  model: z.string().min(1),
  provider: z.string(),
  timestamp: z.string(),
  openclaw_version: z.string(),
  benchmark_version: z.string(),
  judge_model: z.string().describe('"" when no judge was used'),

  overall_score: Score.describe('mean of task scores (0.9 · mean run score + 0.1 · reliability)'),
  overall_completion: Score,
  overall_trajectory: Score,
  overall_behavior: Score,
  overall_reliability: Score,
  overall_ci_lower: Score.describe('the t interval (overall_intervals.t)'),
  overall_ci_upper: Score,
  overall_ci_method: z.literal('t_clustered_by_task'),
  overall_intervals: IntervalsSchema,
  overall_pass_hat_k: Score.describe('share of tasks whose every run passed'),
  overall_pass_hat_k_curve: z.array(Score).describe('k = 1..max runs: mean over tasks with ≥ k runs of C(c,k)/C(n,k)'),
  overall_pass_rate: Score.describe('mean over tasks of the pass rate'),
  overall_worst_of_n: Score,

  overall_judge_score: Score.nullable(),
  overall_judge_confidence: Score.nullable(),
  overall_judge_pass_rate: Score.nullable(),
  judge_task_coverage: Score,
  judge_error_count: Count,

  overall_median_latency_ms: NonNegative.describe('ClawBench: mean of per-task medians'),
  overall_p95_latency_ms: NonNegative.describe('ClawBench: mean of per-task p95s'),
  overall_input_tokens: NonNegative.describe('ClawBench: mean of per-task means'),
  overall_output_tokens: NonNegative,
  overall_reasoning_tokens: NonNegative,
  overall_total_tokens: NonNegative,
  overall_cost_usd: NonNegative.describe('ClawBench: mean cost per run, averaged over tasks (not the total spend: see efficiency)'),
  overall_tokens_per_pass: NonNegative,
  overall_cost_per_pass: NonNegative.describe('ClawBench: mean of per-task cost_per_pass (passing runs only)'),
  consensus_subset_score: Score.nullable(),
  hard_subset_score: Score.nullable(),
  overall_delivery_outcome_counts: OutcomeCounts,
  overall_failure_mode_counts: FailureModeCounts,

  tier_results: z.array(TierResultSchema),
  family_results: z.array(FamilyResultSchema),
  task_results: z.array(TaskStatsSchema),

  efficiency: EfficiencySchema,
  attrition: AttritionSchema,
  judge: JudgeSummarySchema,

  certified: z.boolean(),
  certification: CertificationSchema,
  environment_checksum: z.string(),
  task_snapshot_fingerprint: z.string(),
  assembly: AssemblySchema,
});
export type BenchmarkResult = z.infer<typeof BenchmarkResultSchema>;
