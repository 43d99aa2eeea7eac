import { toolCallFailed, type RunRecord } from '../../engine/run-record.js';
import type { BenchmarkResult, TaskStats } from '../../results/benchmark-schema.js';
import { judgeKey, type JudgeVerdict } from '../../scoring/judge-verdict.js';
import { scoreRun, type RunScore } from '../../scoring/run-score.js';
import { classifyToolCall } from '../../scoring/tool-families.js';
import { barChart, countBars, passCurve, scatter, scoreColor } from './charts.js';
import { escapeHtml as esc } from './escape.js';
import { counts, duration, interval, percent, plural, score3, tokens, usd } from './format.js';
import { REPORT_CSS, REPORT_SCRIPT } from './style.js';

const MAX_ARGUMENT_CHARS = 4000;
const DELIVERY_COLORS: Readonly<Record<string, string>> = { pass: '#69db7c', partial: '#ffd43b', fail: '#ff8787' };
const MAX_RESULT_CHARS = 3000;

const clip = (text: string, limit: number) => (text.length <= limit ? text : `${text.slice(0, limit)}\n… (${text.length - limit} more characters)`);
const runAnchor = (taskId: string, run: number) => `run-${taskId.replace(/[^A-Za-z0-9_-]/g, '_')}-${run}`;

function card(label: string, value: string, detail = ''): string {
  return `<div class="card"><div class="card-label">${esc(label)}</div><div class="card-value">${value}</div>${detail ? `<div class="card-detail">${detail}</div>` : ''}</div>`;
}

function headline(b: BenchmarkResult): string {
  const { t, bootstrap } = b.overall_intervals;
  const certified = b.certified
    ? '<span class="badge ok">certified</span>'
    : `<span class="badge warn" title="${esc(b.certification.reasons.join('\n'))}">not certified</span>`;
  return `<header>
  <h1>ClawBench report</h1>
  <p class="subtitle"><strong>${esc(b.model)}</strong> · OpenClaw ${esc(b.openclaw_version)} · benchmark ${esc(b.benchmark_version)} · ${esc(b.timestamp)} ${certified}</p>
  <p class="muted">submission ${esc(b.submission_id)}${b.judge.enabled ? ` · judge ${esc(b.judge.model)}` : ''}</p>
</header>
<section class="cards">
  ${card('Overall score', `<span class="big" style="background:${scoreColor(b.overall_score)}">${score3(b.overall_score)}</span>`, `95% ${interval(t.lower, t.upper)} <span class="muted">t, ${plural(t.tasks, 'task')}</span><br>bootstrap ${interval(bootstrap.lower, bootstrap.upper)}`)}
  ${card('Every run passed', percent(b.overall_pass_hat_k), `of ${plural(b.task_results.length, 'task')} · pass rate ${percent(b.overall_pass_rate)}`)}
  ${card('Runs', String(b.attrition.runs_scored), b.attrition.runs_excluded > 0 ? `<span class="warn-text">${b.attrition.runs_excluded} excluded (${esc(counts(b.attrition.by_kind))})</span>` : 'none excluded')}
  ${card('Cost', usd(b.efficiency.cost_usd_total), `${usd(b.efficiency.cost_per_passed_run_usd)} per passed run`)}
  ${card('Tokens', tokens(b.efficiency.tokens_total.total), `${tokens(b.efficiency.tokens_per_run.total)} per run · ${tokens(b.efficiency.tokens_total.cache_read)} cache read`)}
  ${card('Latency', duration(b.efficiency.latency_ms.median), `median · p95 ${duration(b.efficiency.latency_ms.p95)}`)}
</section>`;
}

function axesSection(b: BenchmarkResult): string {
  const { t } = b.overall_intervals;
  const axes = barChart([
    { label: 'Overall', value: b.overall_score, lower: t.lower, upper: t.upper },
    { label: 'Completion', value: b.overall_completion },
    { label: 'Trajectory', value: b.overall_trajectory },
    { label: 'Behavior', value: b.overall_behavior },
    { label: 'Reliability', value: b.overall_reliability },
    ...(b.overall_judge_score === null ? [] : [{ label: 'Judge (advisory)', value: b.overall_judge_score }]),
  ]);
  const groupChart = (groups: ReadonlyArray<{ name: string; mean_task_score: number; tasks: number; intervals: BenchmarkResult['overall_intervals'] }>) =>
    barChart(
      groups.map((g) => ({ label: g.name, value: g.mean_task_score, lower: g.intervals.t.lower, upper: g.intervals.t.upper, note: `n=${g.tasks}` })),
      { width: 520, labelWidth: 90 },
    );
  const tiers = groupChart(b.tier_results.map((tier) => ({ ...tier, name: tier.tier })));
  const families = groupChart(b.family_results.map((family) => ({ ...family, name: family.family })));
  return `<section>
  <h2>Scores</h2>
  <div class="two">
    <div><h3>Axes</h3>${axes}<p class="note">Whisker: 95% interval, Student t over tasks (${esc(t.df === null ? 'one task: no interval' : `${t.df} df`)}). The bootstrap interval (${t.tasks} tasks, ${b.overall_intervals.bootstrap.resamples} resamples, seed ${b.overall_intervals.bootstrap.seed}) is ${interval(b.overall_intervals.bootstrap.lower, b.overall_intervals.bootstrap.upper)}.</p></div>
    <div><h3>pass^k</h3>${passCurve(b.overall_pass_hat_k_curve)}<p class="note">Chance that k fresh runs of a task all pass, averaged over tasks.</p></div>
  </div>
  <div class="two even">
    <div><h3>By tier</h3>${tiers}</div>
    <div><h3>By family</h3>${families}</div>
  </div>
  <p class="note">n = tasks in the group; a group of one task has no interval.</p>
</section>`;
}

function heatmap(b: BenchmarkResult, linkRuns: boolean): string {
  const maxRuns = Math.max(1, ...b.task_results.map((task) => Math.max(task.runs + task.excluded_runs, ...task.run_results.map((r) => r.run))));
  const excluded = new Set(b.attrition.excluded.map((e) => `${e.task_id}#${e.run}`));
  const header = Array.from({ length: maxRuns }, (_, i) => `<th class="run-col">run ${i + 1}</th>`).join('');
  const rows = b.task_results
    .map((task) => {
      const cells = Array.from({ length: maxRuns }, (_, i) => {
        const run = task.run_results.find((r) => r.run === i + 1);
        if (!run) {
          return excluded.has(`${task.task_id}#${i + 1}`) ? '<td class="cell excluded" title="infrastructure error: excluded">error</td>' : '<td class="cell empty"></td>';
        }
        const title = `${task.task_id} run ${run.run}: ${run.score.toFixed(3)} ${run.passed ? 'pass' : 'fail'}${run.failure_mode ? ` (${run.failure_mode})` : ''}${run.timed_out ? ', timed out' : ''}`;
        const inner = `${run.score.toFixed(2)} <span class="mark">${run.passed ? '✓' : '✗'}</span>`;
        return `<td class="cell" style="background:${scoreColor(run.score)}" title="${esc(title)}">${linkRuns ? `<a href="#${runAnchor(task.task_id, run.run)}">${inner}</a>` : inner}</td>`;
      }).join('');
      return `<tr data-task="${esc(task.task_id)}"><th class="task-name">${esc(task.task_id)}</th><td>${esc(task.tier)}</td><td>${esc(task.family)}</td>${cells}<td class="num"><span class="pill" style="background:${scoreColor(task.mean_task_score)}">${task.mean_task_score.toFixed(3)}</span></td><td class="num">${task.passes}/${task.runs}</td><td class="num">${task.stddev.toFixed(3)}</td><td class="modes">${esc(counts(task.failure_mode_counts))}</td></tr>`;
    })
    .join('');
  return `<section>
  <h2>Tasks × runs</h2>
  <table class="heatmap"><thead><tr><th>task</th><th>tier</th><th>family</th>${header}<th>task score</th><th>passed</th><th>stddev</th><th>failure modes</th></tr></thead><tbody>${rows}</tbody></table>
  <p class="note">Cell: run score and pass (✓) or fail (✗). Task score = 0.9 × mean run score + 0.1 × reliability.${linkRuns ? ' Click a cell to open its trajectory.' : ''}</p>
</section>`;
}

function costSection(b: BenchmarkResult): string {
  const costKnown = b.efficiency.cost_usd_total > 0;
  const points = b.task_results.map((task: TaskStats) => ({ label: task.task_id, x: costKnown ? task.mean_cost_usd : task.mean_total_tokens, y: task.mean_task_score }));
  const chart = costKnown ? scatter(points, 'mean cost per run (USD)', (v) => usd(v)) : scatter(points, 'mean tokens per run (no cost reported)', (v) => tokens(v));
  const failureEntries = Object.entries(b.overall_failure_mode_counts).filter((e): e is [string, number] => (e[1] ?? 0) > 0);
  const deliveryEntries = Object.entries(b.overall_delivery_outcome_counts).filter((e): e is [string, number] => (e[1] ?? 0) > 0);
  return `<section class="two">
  <div><h2>Cost vs score</h2>${chart}</div>
  <div><h2>Failure modes</h2>${countBars(failureEntries)}<h3>Delivery</h3>${countBars(deliveryEntries, DELIVERY_COLORS)}</div>
</section>`;
}

function timeline(record: RunRecord): string {
  type Item = { phase: number; at: number; html: string };
  const items: Item[] = record.messages.map((message) => ({
    phase: message.phase,
    at: message.at,
    html: `<div class="msg ${message.role}"><div class="who">${message.role}</div><div class="text">${esc(message.text)}</div></div>`,
  }));
  for (const raw of record.toolCalls) {
    const { call, family, mutating } = classifyToolCall(raw);
    const failed = toolCallFailed(call);
    const tags = [
      `<span class="tag fam-${esc(family)}">${esc(family)}${mutating ? ' · writes' : ''}</span>`,
      call.viaToolSearch ? '<span class="tag">via tool search</span>' : '',
      call.bySubagent ? '<span class="tag">subagent</span>' : '',
      failed ? `<span class="tag bad">failed${call.exitCode !== null && call.exitCode !== 0 ? ` · exit ${call.exitCode}` : ''}</span>` : '',
    ].join('');
    items.push({
      phase: call.phase,
      at: call.startedAt,
      html: `<div class="call${failed ? ' failed' : ''}"><div class="call-head"><code>${esc(call.name)}</code>${tags}</div><pre class="args">${esc(clip(JSON.stringify(call.arguments, null, 2), MAX_ARGUMENT_CHARS))}</pre><details class="result"${failed ? ' open' : ''}><summary>result (${call.resultText.length} chars)</summary><pre>${esc(clip(call.resultText, MAX_RESULT_CHARS))}</pre></details></div>`,
    });
  }
  items.sort((a, b) => a.phase - b.phase || a.at - b.at);
  let phase = -1;
  return items
    .map((item) => {
      const divider = item.phase !== phase ? `<div class="phase">phase ${item.phase + 1}</div>` : '';
      phase = item.phase;
      return divider + item.html;
    })
    .join('');
}

function runDetail(record: RunRecord, score: RunScore | null, verdict: JudgeVerdict | undefined): string {
  const status = score === null
    ? `<span class="badge warn">error: ${esc(record.error?.kind ?? 'unknown')}</span>`
    : `<span class="pill" style="background:${scoreColor(score.score)}">${score.score.toFixed(3)}</span> ${score.passed ? '<span class="badge ok">pass</span>' : '<span class="badge bad">fail</span>'}${score.failureMode ? ` <span class="tag">${esc(score.failureMode)}</span>` : ''}`;
  const axes = score === null
    ? `<p class="warn-text">${esc(record.error?.message ?? '')} — excluded from scoring.</p>`
    : `<table class="axes"><tr><th>completion</th><td>${score.completion.toFixed(3)} (${score.checksPassed}/${score.checksTotal} checks)</td></tr>
<tr><th>trajectory</th><td>${score.trajectory.score.toFixed(3)} — exploration ${score.trajectory.exploration}, recovery ${score.trajectory.recovery}, tool fit ${score.trajectory.toolFit}, safety ${score.trajectory.safety}${score.trajectory.requiredFamiliesMissing.length > 0 ? `; missing ${esc(score.trajectory.requiredFamiliesMissing.join(', '))}` : ''}</td></tr>
<tr><th>behavior</th><td>${score.behavior.score.toFixed(3)}${score.behavior.failed.length > 0 ? ` — missed ${esc(score.behavior.failed.join(', '))}` : ''}</td></tr>
${verdict ? `<tr><th>judge</th><td>${verdict.status === 'judged' ? `${score3(verdict.score)} — ${esc(verdict.reason)}` : `error: ${esc(verdict.error ?? '')}`}</td></tr>` : ''}</table>`;
  const checks = record.checks.length === 0 ? '' : `<ul class="checks">${record.checks.map((c) => `<li class="${c.passed ? 'ok' : 'bad'}">${c.passed ? '✓' : '✗'} <code>${esc(c.id)}</code> ${esc(c.detail)}${c.tamper ? ' <span class="tag bad">tamper</span>' : ''}</li>`).join('')}</ul>`;
  return `<details class="run" id="${runAnchor(record.task.id, record.run)}"><summary><strong>${esc(record.task.id)}</strong> · run ${record.run} · ${status} <span class="muted">${duration(record.durationMs)} · ${tokens(record.usage.totalTokens)} tokens · ${usd(record.usage.costUsd)}${record.timedOut ? ' · timed out' : ''}</span></summary>
<div class="run-body">${axes}${checks}<div class="timeline">${timeline(record)}</div></div></details>`;
}

function trajectories(records: readonly RunRecord[], judgements: readonly JudgeVerdict[]): string {
  const verdicts = new Map(judgements.map((v) => [judgeKey(v.taskId, v.run), v]));
  const ordered = [...records].sort((a, b) => a.task.tier.localeCompare(b.task.tier) || a.task.id.localeCompare(b.task.id) || a.run - b.run);
  const runs = ordered
    .map((record) => {
      const verdict = verdicts.get(judgeKey(record.task.id, record.run));
      return runDetail(record, record.status === 'scored' ? scoreRun(record, verdict) : null, verdict);
    })
    .join('');
  return `<section><h2>Trajectories</h2><p><button type="button" data-toggle="open">expand all</button> <button type="button" data-toggle="close">collapse all</button></p>${runs}</section>`;
}

function footer(b: BenchmarkResult): string {
  const reasons = b.certification.reasons.length === 0 ? '' : `<ul>${b.certification.reasons.map((r) => `<li>${esc(r)}</li>`).join('')}</ul>`;
  const excluded = b.attrition.excluded.length === 0 ? '' : `<h3>Excluded runs</h3><ul>${b.attrition.excluded.map((e) => `<li><code>${esc(e.task_id)}</code> run ${e.run}: ${esc(e.kind)}${e.code ? ` (${esc(e.code)})` : ''} — ${esc(e.message)}</li>`).join('')}</ul>`;
  return `<section class="fine"><h2>Provenance</h2>
<p>Certification: ${b.certified ? 'certified' : 'not certified'}. ${esc(b.certification.rule)}.</p>${reasons}${excluded}
<p>task snapshot <code>${esc(b.task_snapshot_fingerprint.slice(0, 16))}</code> · environment <code>${esc(b.environment_checksum.slice(0, 16))}</code> · ${b.assembly.runs_per_task} runs per task · seed ${b.assembly.seed} · schema v${b.schema_version}</p></section>`;
}

/**
 * The report as one self-contained HTML page (inline CSS and script, no network). With the run
 * records it includes a trajectory viewer; every text from a run is escaped.
 */
export function renderHtmlReport(benchmark: BenchmarkResult, records: readonly RunRecord[] | null, judgements: readonly JudgeVerdict[] = []): string {
  const title = `ClawBench report — ${benchmark.model}`;
  const body = [
    headline(benchmark),
    axesSection(benchmark),
    heatmap(benchmark, records !== null),
    costSection(benchmark),
    records === null ? '<section><h2>Trajectories</h2><p class="muted">Run records (runs.jsonl) were not given, so there are no trajectories to show.</p></section>' : trajectories(records, judgements),
    footer(benchmark),
  ].join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title><style>${REPORT_CSS}</style></head>
<body><main>${body}</main><script>${REPORT_SCRIPT}</script></body></html>
`;
}
