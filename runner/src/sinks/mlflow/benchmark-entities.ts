import type { BenchmarkResult, FamilyResult, TierResult } from '../../results/benchmark-schema.js';
import { metricValue, type KeyValue, type Metric, type RunEntities } from './entities.js';

/**
 * What one benchmark.json becomes in MLflow: one run per submission, named and tagged so the
 * seed's dashboards and queries keep working (ClawBench's names where it logged the value), plus
 * the `tier/`, `family/` and `task/` families. Keys are written here in their natural spelling
 * (`pass^k`, `pass@1`); entities.ts maps them to MLflow's alphabet.
 */

/** The tag a submission's run is found by, so logging it again completes the same run. */
export const SUBMISSION_TAG = 'submission_id';

export function runNameOf(result: BenchmarkResult): string {
  return `${result.model}-${result.submission_id.slice(0, 8)}`;
}

/** Nothing was scored: the eval could not complete, and the run says so. */
export function evalCompletedOf(result: BenchmarkResult): boolean {
  return result.attrition.runs_scored > 0;
}

/** Epoch ms of the eval's start; metrics carry it so a re-logged metric is a duplicate MLflow drops. */
export function startTimeOf(result: BenchmarkResult): number {
  const at = Date.parse(result.timestamp);
  return Number.isNaN(at) ? 0 : at;
}

/** The fields of T that can be a metric. */
type NumericKeys<T> = { [K in keyof T]-?: T[K] extends number | boolean | null ? K : never }[keyof T];
type TaskStats = BenchmarkResult['task_results'][number];

/** Logged as they are in benchmark.json (ClawBench's names); null values are left out. */
const OVERALL_FIELDS = [
  'overall_score',
  'overall_completion',
  'overall_trajectory',
  'overall_behavior',
  'overall_reliability',
  'overall_ci_lower',
  'overall_ci_upper',
  'overall_pass_hat_k',
  'overall_pass_rate',
  'overall_worst_of_n',
  'overall_judge_score',
  'overall_judge_confidence',
  'overall_judge_pass_rate',
  'judge_task_coverage',
  'judge_error_count',
  'overall_median_latency_ms',
  'overall_p95_latency_ms',
  'overall_input_tokens',
  'overall_output_tokens',
  'overall_reasoning_tokens',
  'overall_total_tokens',
  'overall_cost_usd',
  'overall_tokens_per_pass',
  'overall_cost_per_pass',
  'consensus_subset_score',
  'hard_subset_score',
] as const satisfies readonly NumericKeys<BenchmarkResult>[];

const TASK_FIELDS = {
  score: 'mean_task_score',
  completion: 'mean_completion_score',
  trajectory: 'mean_trajectory_score',
  behavior: 'mean_behavior_score',
  judge: 'mean_judge_score',
  judge_confidence: 'mean_judge_confidence',
  judge_pass_rate: 'judge_pass_rate',
  reliability: 'reliability_score',
  mean_run_score: 'mean_run_score',
  variance_score: 'variance_score',
  stddev: 'stddev',
  min_score: 'min_score',
  max_score: 'max_score',
  pass_rate: 'pass_rate',
  'pass@1': 'pass_at_1',
  'pass^k': 'pass_hat_k',
  worst_of_n: 'worst_of_n',
  runs: 'runs',
  excluded_runs: 'excluded_runs',
  mean_duration_ms: 'mean_duration_ms',
  median_duration_ms: 'median_duration_ms',
  p95_duration_ms: 'p95_duration_ms',
  mean_total_tokens: 'mean_total_tokens',
  mean_cost_usd: 'mean_cost_usd',
  tokens_per_pass: 'tokens_per_pass',
  cost_per_pass: 'cost_per_pass',
} as const satisfies Record<string, NumericKeys<TaskStats>>;

const GROUP_FIELDS = {
  score: 'mean_task_score',
  completion: 'mean_completion',
  trajectory: 'mean_trajectory',
  behavior: 'mean_behavior',
  judge: 'mean_judge',
  reliability: 'mean_reliability',
  ci_lower: 'ci_lower',
  ci_upper: 'ci_upper',
  'pass^k': 'pass_hat_k_rate',
  tasks: 'tasks',
} as const satisfies Record<string, NumericKeys<TierResult> & NumericKeys<FamilyResult>>;

export interface EntityOptions {
  /** Whether the eval completed; decides the `eval_status` tag (and the run's final status). */
  readonly evalCompleted: boolean;
  /** The eval matrix this submission belongs to, when it was run as one cell of a matrix. */
  readonly matrixId?: string | undefined;
}

export function benchmarkEntities(result: BenchmarkResult, options: EntityOptions): RunEntities {
  const timestamp = startTimeOf(result);
  const metrics: Metric[] = [];
  const metric = (key: string, value: number | boolean | null, step = 0) => {
    if (value === null) return;
    metrics.push({ key, value: metricValue(typeof value === 'boolean' ? Number(value) : value), timestamp, step });
  };
  const fields = <T>(prefix: string, source: T, table: Record<string, NumericKeys<T>>) => {
    for (const [name, field] of Object.entries(table)) metric(`${prefix}${name}`, source[field] as number | boolean | null);
  };

  for (const field of OVERALL_FIELDS) metric(field, result[field]);
  metric('overall_bootstrap_ci_lower', result.overall_intervals.bootstrap.lower);
  metric('overall_bootstrap_ci_upper', result.overall_intervals.bootstrap.upper);
  // The curve as a metric history: step k holds pass^k, so MLflow charts it against k.
  result.overall_pass_hat_k_curve.forEach((value, index) => metric('pass^k', value, index + 1));

  const { efficiency, attrition } = result;
  metric('efficiency/cost_usd_total', efficiency.cost_usd_total);
  metric('efficiency/cost_usd_per_run', efficiency.cost_usd_per_run);
  metric('efficiency/cost_per_passed_run_usd', efficiency.cost_per_passed_run_usd);
  for (const [kind, value] of Object.entries(efficiency.tokens_total)) metric(`efficiency/tokens_total/${kind}`, value);
  for (const [kind, value] of Object.entries(efficiency.latency_ms)) metric(`efficiency/latency_ms/${kind}`, value);
  metric('efficiency/runs', efficiency.runs);
  metric('efficiency/passes', efficiency.passes);
  metric('attrition/runs_total', attrition.runs_total);
  metric('attrition/runs_scored', attrition.runs_scored);
  metric('attrition/runs_excluded', attrition.runs_excluded);

  const group = (prefix: string, entry: TierResult | FamilyResult) => {
    fields(prefix, entry, GROUP_FIELDS);
    metric(`${prefix}bootstrap_ci_lower`, entry.intervals.bootstrap.lower);
    metric(`${prefix}bootstrap_ci_upper`, entry.intervals.bootstrap.upper);
  };
  for (const tier of result.tier_results) group(`tier/${tier.tier}/`, tier);
  for (const family of result.family_results) group(`family/${family.family}/`, family);
  for (const task of result.task_results) fields(`task/${task.task_id}/`, task, TASK_FIELDS);

  const params: KeyValue[] = [
    { key: 'model', value: result.model },
    { key: 'provider', value: result.provider },
    { key: 'benchmark_version', value: result.benchmark_version },
    { key: 'openclaw_version', value: result.openclaw_version || 'unknown' },
    { key: 'judge_model', value: result.judge_model || 'none' },
    { key: 'task_snapshot_fingerprint', value: result.task_snapshot_fingerprint || 'unknown' },
    { key: 'runs_per_task', value: String(result.assembly.runs_per_task) },
    { key: 'task_count', value: String(result.task_results.length) },
    { key: 'environment_checksum', value: result.environment_checksum },
    { key: 'ci_method', value: result.overall_ci_method },
    { key: 'bootstrap_resamples', value: String(result.assembly.bootstrap_resamples) },
    { key: 'seed', value: String(result.assembly.seed) },
    { key: 'schema_version', value: String(result.schema_version) },
  ];

  const tags: KeyValue[] = [
    { key: SUBMISSION_TAG, value: result.submission_id },
    { key: 'timestamp', value: result.timestamp },
    // Python's str(bool), as the seed's logger wrote it, so existing queries still match.
    { key: 'certified', value: result.certified ? 'True' : 'False' },
    { key: 'eval_status', value: options.evalCompleted ? 'completed' : 'failed' },
    { key: 'mlflow.source.name', value: 'clawbench' },
    { key: 'mlflow.note.content', value: summaryNote(result) },
  ];
  if (!result.certified && result.certification.reasons.length > 0) {
    tags.push({ key: 'certification_reasons', value: result.certification.reasons.join('; ') });
  }
  if (options.matrixId !== undefined) tags.push({ key: 'matrix_id', value: options.matrixId });
  return { params, tags, metrics };
}

/** The run's description in the MLflow UI. */
function summaryNote(result: BenchmarkResult): string {
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
  return [
    `**${result.model}**: overall score ${percent(result.overall_score)} (95% CI ${percent(result.overall_ci_lower)}–${percent(result.overall_ci_upper)})`,
    `over ${result.task_results.length} tasks × ${result.assembly.runs_per_task} runs; pass^k ${percent(result.overall_pass_hat_k)};`,
    `${result.certified ? 'certified' : 'not certified'}; submission ${result.submission_id}.`,
  ].join(' ');
}
