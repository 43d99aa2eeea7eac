import type { BenchmarkResult } from '../../results/benchmark-schema.js';
import { meanTBounds, studentTQuantile, type TBounds } from '../../scoring/stats.js';

/** The one-sided z for 80% power: the minimum detectable effect is (t + z) · SE. */
const Z_POWER_80 = 0.8416212335729143;

export interface TaskDifference {
  readonly task_id: string;
  readonly baseline: number;
  readonly candidate: number;
  readonly difference: number;
}

export interface PairedComparison {
  readonly baseline: { readonly model: string; readonly submission_id: string; readonly overall_score: number };
  readonly candidate: { readonly model: string; readonly submission_id: string; readonly overall_score: number };
  readonly metric: 'mean_task_score';
  readonly shared_tasks: number;
  readonly only_in_baseline: readonly string[];
  readonly only_in_candidate: readonly string[];
  /** Shared task ids whose task definition differs between the two results. */
  readonly fingerprint_mismatches: readonly string[];
  readonly per_task: readonly TaskDifference[];
  readonly mean_difference: number;
  readonly interval: TBounds & { readonly method: 'paired_t_over_tasks' };
  readonly distinguishable: boolean;
  /** About the smallest difference these tasks could resolve (5% two-sided, 80% power); null below 2 tasks. */
  readonly minimum_detectable_effect: number | null;
  readonly sentence: string;
}

const signed = (value: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(3)}`;
const label = (b: BenchmarkResult) => b.model;

function sentence(c: Omit<PairedComparison, 'sentence'>, baseline: BenchmarkResult, candidate: BenchmarkResult): string {
  const who = label(candidate) === label(baseline) ? `${label(candidate)} (${candidate.submission_id})` : label(candidate);
  const against = label(candidate) === label(baseline) ? `${label(baseline)} (${baseline.submission_id})` : label(baseline);
  if (c.shared_tasks < 2) {
    return `${who} and ${against} share ${c.shared_tasks} task${c.shared_tasks === 1 ? '' : 's'}: too few for an interval, so the difference cannot be told apart from noise.`;
  }
  const direction = c.mean_difference >= 0 ? 'higher' : 'lower';
  const head = `${who} scores ${Math.abs(c.mean_difference).toFixed(3)} ${direction} than ${against} on ${c.shared_tasks} shared tasks (95% CI ${signed(c.interval.lower)} to ${signed(c.interval.upper)}, paired t, ${c.interval.df} df)`;
  if (c.distinguishable) return `${head}: the difference is distinguishable from noise.`;
  const mde = c.minimum_detectable_effect === null ? '' : `; with this spread, differences below about ${c.minimum_detectable_effect.toFixed(3)} cannot be resolved`;
  return `${head}: the difference is not distinguishable from noise${mde}.`;
}

/**
 * Candidate minus baseline, task by task (the same tasks make the comparison paired, which
 * removes task difficulty from the noise), with a Student t interval over the shared tasks.
 */
export function comparePaired(baseline: BenchmarkResult, candidate: BenchmarkResult): PairedComparison {
  const baseTasks = new Map(baseline.task_results.map((t) => [t.task_id, t]));
  const candTasks = new Map(candidate.task_results.map((t) => [t.task_id, t]));
  const perTask: TaskDifference[] = [];
  const mismatches: string[] = [];
  for (const [id, base] of baseTasks) {
    const cand = candTasks.get(id);
    if (!cand) continue;
    if (cand.fingerprint !== base.fingerprint) mismatches.push(id);
    perTask.push({ task_id: id, baseline: base.mean_task_score, candidate: cand.mean_task_score, difference: cand.mean_task_score - base.mean_task_score });
  }
  const bounds = meanTBounds(perTask.map((t) => t.difference));
  const distinguishable = bounds.df !== null && (bounds.lower > 0 || bounds.upper < 0);
  const comparison = {
    baseline: { model: baseline.model, submission_id: baseline.submission_id, overall_score: baseline.overall_score },
    candidate: { model: candidate.model, submission_id: candidate.submission_id, overall_score: candidate.overall_score },
    metric: 'mean_task_score' as const,
    shared_tasks: perTask.length,
    only_in_baseline: [...baseTasks.keys()].filter((id) => !candTasks.has(id)),
    only_in_candidate: [...candTasks.keys()].filter((id) => !baseTasks.has(id)),
    fingerprint_mismatches: mismatches,
    per_task: perTask,
    mean_difference: bounds.mean,
    interval: { ...bounds, method: 'paired_t_over_tasks' as const },
    distinguishable,
    minimum_detectable_effect: bounds.df === null ? null : (studentTQuantile(0.975, bounds.df) + Z_POWER_80) * bounds.standard_error,
  };
  return { ...comparison, sentence: sentence(comparison, baseline, candidate) };
}

function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)];
}

/** Two results: the per-task differences and the verdict. More: one row per result against the first. */
export function renderComparison(results: readonly BenchmarkResult[]): string {
  const [baseline, ...others] = results;
  if (baseline === undefined || others.length === 0) throw new Error('a comparison needs at least two results');
  const comparisons = others.map((other) => comparePaired(baseline, other));
  const lines: string[] = [];
  if (comparisons.length === 1) {
    const [c] = comparisons;
    if (c) {
      lines.push(...table(['task', 'baseline', 'candidate', 'difference'], c.per_task.map((t) => [t.task_id, t.baseline.toFixed(3), t.candidate.toFixed(3), signed(t.difference)])), '');
    }
  } else {
    const ids = baseline.task_results.map((t) => t.task_id);
    const headers = ['task', ...results.map((_, i) => `#${i + 1}`)];
    const rows = ids.map((id) => [id, ...results.map((r) => r.task_results.find((t) => t.task_id === id)?.mean_task_score.toFixed(3) ?? '—')]);
    lines.push(...table(headers, rows), '');
  }
  const summary = [
    ['#1', baseline.model, baseline.submission_id, baseline.overall_score.toFixed(3), '(baseline)', '', ''],
    ...comparisons.map((c, i) => [
      `#${i + 2}`,
      c.candidate.model,
      c.candidate.submission_id,
      c.candidate.overall_score.toFixed(3),
      signed(c.mean_difference),
      c.interval.df === null ? '—' : `${signed(c.interval.lower)} … ${signed(c.interval.upper)}`,
      c.interval.df === null ? 'too few tasks' : c.distinguishable ? 'distinguishable' : 'within noise',
    ]),
  ];
  lines.push(...table(['', 'model', 'submission', 'score', 'Δ vs #1', '95% CI (paired t)', 'verdict'], summary), '');
  for (const c of comparisons) {
    lines.push(c.sentence);
    if (c.only_in_baseline.length + c.only_in_candidate.length > 0) {
      lines.push(`  not compared: ${[...c.only_in_baseline.map((id) => `${id} (only in #1)`), ...c.only_in_candidate.map((id) => `${id} (only in ${c.candidate.submission_id})`)].join(', ')}`);
    }
    if (c.fingerprint_mismatches.length > 0) lines.push(`  warning: these tasks differ between the two results: ${c.fingerprint_mismatches.join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}
