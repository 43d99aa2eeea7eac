import type { BenchmarkResult } from '../../results/benchmark-schema.js';
import { counts, duration, interval, plural, score3, tokens, usd } from './format.js';

function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>, rightAligned: ReadonlySet<number>): string[] {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (rightAligned.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((width) => '─'.repeat(width))), ...rows.map(line)];
}

/** The summary a person reads in a terminal: headline, axes, efficiency, and one row per task. */
export function renderTerminalReport(benchmark: BenchmarkResult): string {
  const b = benchmark;
  const { t, bootstrap } = b.overall_intervals;
  const passHatK = b.overall_pass_hat_k_curve.map((value, index) => `^${index + 1} ${value.toFixed(2)}`).join('  ');
  const lines = [
    `ClawBench — ${b.model}`,
    `OpenClaw ${b.openclaw_version} · benchmark ${b.benchmark_version} · ${b.timestamp} · submission ${b.submission_id}`,
    '',
    `Overall score   ${score3(b.overall_score)}   95% ${interval(t.lower, t.upper)} (t, ${plural(t.tasks, 'task')})   bootstrap ${interval(bootstrap.lower, bootstrap.upper)}`,
    `Axes            completion ${score3(b.overall_completion)}   trajectory ${score3(b.overall_trajectory)}   behavior ${score3(b.overall_behavior)}   reliability ${score3(b.overall_reliability)}`,
    `Pass            all-runs-pass ${score3(b.overall_pass_hat_k)}   pass^k ${passHatK || '—'}`,
    `Runs            ${b.attrition.runs_scored} scored, ${b.attrition.runs_excluded} excluded${b.attrition.runs_excluded > 0 ? ` (${counts(b.attrition.by_kind)})` : ''}`,
    `Cost            ${usd(b.efficiency.cost_usd_total)} total, ${usd(b.efficiency.cost_per_passed_run_usd)} per passed run   tokens ${tokens(b.efficiency.tokens_total.input)} in / ${tokens(b.efficiency.tokens_total.output)} out`,
    `Latency         median ${duration(b.efficiency.latency_ms.median)}, p95 ${duration(b.efficiency.latency_ms.p95)}`,
  ];
  if (b.judge.enabled) {
    lines.push(`Judge           ${b.judge.model}: score ${score3(b.overall_judge_score)}, ${b.judge.judged_runs} judged, ${b.judge.errors} errors`);
  }
  lines.push(`Certified       ${b.certified ? 'yes' : `no — ${b.certification.reasons[0] ?? ''}${b.certification.reasons.length > 1 ? ` (+${b.certification.reasons.length - 1} more)` : ''}`}`, '');

  const taskRows = b.task_results.map((task) => [
    task.task_id,
    task.tier,
    task.family,
    `${task.passes}/${task.runs}`,
    score3(task.mean_run_score),
    score3(task.mean_task_score),
    task.stddev.toFixed(3),
    task.run_results.map((run) => `${run.score.toFixed(2)}${run.passed ? '✓' : '✗'}`).join(' '),
    counts(task.failure_mode_counts),
  ]);
  lines.push(...table(['task', 'tier', 'family', 'pass', 'mean', 'score', 'stddev', 'runs', 'failure modes'], taskRows, new Set([3, 4, 5, 6])), '');

  const tierRows = b.tier_results.map((tier) => [tier.tier, String(tier.tasks), score3(tier.mean_task_score), interval(tier.intervals.t.lower, tier.intervals.t.upper)]);
  lines.push(...table(['tier', 'tasks', 'score', '95% (t)'], tierRows, new Set([1, 2])));
  return `${lines.join('\n')}\n`;
}
