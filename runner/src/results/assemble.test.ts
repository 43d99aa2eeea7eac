import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { check, runRecord, taskSnapshot } from '../scoring/synthetic-runs.js';
import { testContext } from './test-context.js';
import type { JudgeVerdict } from '../scoring/judge-verdict.js';
import { assembleBenchmark, contextOf, type BenchmarkContext } from './assemble.js';
import { BenchmarkResultSchema } from './benchmark-schema.js';
import { BENCHMARK_JSON_SCHEMA_PATH, benchmarkJsonSchemaText } from './json-schema.js';
import { JsonLinesError, parseRunRecords } from './runs-file.js';

const alpha = taskSnapshot({ id: 'alpha', tier: 'tier1', family: 'coding', subsets: ['consensus'] });
const beta = taskSnapshot({ id: 'beta', tier: 'tier2', family: 'tools', judge: { rubric: 'Is the summary faithful?', artifact_paths: [], include_transcript: true, include_completion_feedback: true, max_artifact_chars: 4000, max_transcript_chars: 4000, passing_threshold: 0.7 } });
const calls = [
  { name: 'read', args: { path: 'a.js' } },
  { name: 'write', args: { path: 'a.js', content: 'x' } },
  { name: 'exec', args: { command: 'node --test' } },
];
const run = (task: typeof alpha, n: number, passed: boolean, cost = 0.01) =>
  runRecord({ task, run: n, calls, checks: [check('exec:tests', passed)], durationMs: 1000 * n, usage: { input: 100, output: 10, cacheRead: 5, cacheWrite: 1, reasoning: 2, totalTokens: 118, costUsd: cost } });

const context: BenchmarkContext = testContext({
  submissionId: 'sub-1',
  model: 'anthropic/claude-test',
  bootstrapResamples: 1000,
  coreSuite: [
    { id: 'alpha', fingerprint: alpha.fingerprint },
    { id: 'beta', fingerprint: beta.fingerprint },
  ],
});
const fullRecords = [run(alpha, 1, true), run(alpha, 2, true), run(alpha, 3, false), run(beta, 1, true), run(beta, 2, true), run(beta, 3, true)];

describe('assembleBenchmark', () => {
  it('fills every field, orders tasks by tier and names each interval method', () => {
    const result = assembleBenchmark(fullRecords, context);
    assert.equal(result.provider, 'anthropic');
    assert.deepEqual(result.task_results.map((t) => t.task_id), ['alpha', 'beta']);
    assert.deepEqual(result.tier_results.map((t) => t.tier), ['tier1', 'tier2']);
    assert.deepEqual(result.family_results.map((f) => f.family), ['coding', 'tools']);
    assert.equal(result.overall_intervals.t.method, 't_clustered_by_task');
    assert.equal(result.overall_intervals.t.df, 1);
    assert.equal(result.overall_intervals.bootstrap.method, 'percentile_bootstrap_over_tasks');
    assert.equal(result.overall_intervals.bootstrap.resamples, 1000);
    assert.equal(result.overall_ci_lower, result.overall_intervals.t.lower);
    assert.equal(result.overall_pass_hat_k, 0.5);
    assert.equal(result.consensus_subset_score, result.task_results[0]?.mean_task_score);
    assert.equal(result.hard_subset_score, null);
    assert.deepEqual(result.task_results[0]?.pass_hat_k_curve.map((v) => Number(v.toFixed(4))), [0.6667, 0.3333, 0]);
    assert.equal(BenchmarkResultSchema.safeParse(JSON.parse(JSON.stringify(result))).success, true);
  });

  it('is certified for the full unmodified suite with 3 runs and no attrition', () => {
    const result = assembleBenchmark(fullRecords, context);
    assert.equal(result.certified, true);
    assert.deepEqual(result.certification.reasons, []);
  });

  it('excludes error runs, counts them, and is then not certified', () => {
    const errored = runRecord({ task: beta, run: 4, status: 'error', error: { kind: 'provider', code: '529', message: 'overloaded' } });
    const result = assembleBenchmark([...fullRecords, errored], context);
    assert.equal(result.attrition.runs_total, 7);
    assert.equal(result.attrition.runs_scored, 6);
    assert.equal(result.attrition.runs_excluded, 1);
    assert.deepEqual(result.attrition.by_kind, { provider: 1 });
    assert.deepEqual(result.attrition.excluded[0], { task_id: 'beta', run: 4, kind: 'provider', code: '529', message: 'overloaded' });
    assert.equal(result.task_results[1]?.runs, 3);
    assert.equal(result.task_results[1]?.excluded_runs, 1);
    assert.equal(result.overall_score, assembleBenchmark(fullRecords, context).overall_score);
    assert.equal(result.certified, false);
    assert.match(result.certification.reasons.join('\n'), /1 run\(s\) ended in an infrastructure error/);
  });

  it('lists every reason a result is not certified', () => {
    const modified = taskSnapshot({ id: 'alpha', fingerprint: 'sha256:edited' });
    const extra = taskSnapshot({ id: 'gamma' });
    const result = assembleBenchmark([runRecord({ task: modified }), runRecord({ task: extra })], context);
    const reasons = result.certification.reasons.join('\n');
    assert.match(reasons, /core task alpha has 1 scored runs, fewer than 3/);
    assert.match(reasons, /task alpha was modified/);
    assert.match(reasons, /core task beta has no scored run/);
    assert.match(reasons, /task gamma is not part of the core suite/);
    assert.equal(result.certified, false);
  });

  it('reports efficiency with the cost of failed attempts in the cost per passed run', () => {
    const result = assembleBenchmark(fullRecords, context);
    assert.equal(result.efficiency.runs, 6);
    assert.equal(result.efficiency.passes, 5);
    assert.equal(result.efficiency.tokens_total.cache_read, 30);
    assert.equal(result.efficiency.tokens_per_run.input, 100);
    assert.ok(Math.abs(result.efficiency.cost_usd_total - 0.06) < 1e-12);
    assert.ok(Math.abs((result.efficiency.cost_per_passed_run_usd ?? 0) - 0.012) < 1e-12);
    assert.equal(result.efficiency.latency_ms.median, 2000);
    assert.equal(result.efficiency.latency_ms.p95, 3000);
    // ClawBench's cost_per_pass counts passing runs only.
    assert.ok(Math.abs((result.task_results[0]?.cost_per_pass ?? 0) - 0.01) < 1e-12);
    assert.equal(assembleBenchmark([run(alpha, 1, false)], context).efficiency.cost_per_passed_run_usd, null);
  });

  it('takes judge verdicts apart from the score, counting errors and never rescuing a failed check', () => {
    const verdict = (n: number, score: number | null, status: 'judged' | 'error' = 'judged'): JudgeVerdict => ({
      taskId: 'beta', run: n, model: 'openai/judge', status, score, confidence: score === null ? null : 0.9, reason: 'r',
      rubricHits: [], rubricMisses: [], error: status === 'error' ? 'timeout' : null,
      usage: { input: 1000, output: 50, costUsd: 0.002, costReported: true }, durationMs: 10,
    });
    const records = [run(alpha, 1, true), run(beta, 1, true), run(beta, 2, false), run(beta, 3, true)];
    const judged = assembleBenchmark(records, { ...context, judgeModel: 'openai/judge', judgements: [verdict(1, 0.9), verdict(2, 0.95), verdict(3, null, 'error')] });
    const plain = assembleBenchmark(records, context);
    const betaStats = judged.task_results.find((t) => t.task_id === 'beta');
    assert.equal(betaStats?.judged_runs, 2);
    assert.equal(betaStats?.judge_error_count, 1);
    assert.equal(betaStats?.judge_pass_rate, 0.5);
    assert.ok(Math.abs((betaStats?.mean_judge_score ?? 0) - 0.925) < 1e-12);
    assert.equal(judged.judge_error_count, 1);
    assert.equal(judged.judge_task_coverage, 0.5);
    assert.deepEqual(judged.judge, { model: 'openai/judge', enabled: true, judged_runs: 2, errors: 1, usage: { input: 3000, output: 150, cost_usd: 0.006, cost_reported: true } });
    assert.equal(judged.overall_score, plain.overall_score);
    assert.equal(judged.efficiency.cost_usd_total, plain.efficiency.cost_usd_total);
    assert.equal(plain.overall_judge_score, null);
  });

  it('recomputes the same document from its own assembly context', () => {
    const result = assembleBenchmark(fullRecords, context);
    assert.deepEqual(assembleBenchmark(fullRecords, contextOf(result)), result);
  });
});

describe('benchmark.schema.json', () => {
  it('is current with the zod schema (regenerate: node --import tsx runner/src/results/json-schema.ts)', () => {
    assert.equal(readFileSync(BENCHMARK_JSON_SCHEMA_PATH, 'utf8'), benchmarkJsonSchemaText());
  });
});

describe('runs.jsonl', () => {
  it('reads records back and names the line of a bad one', () => {
    const lines = fullRecords.slice(0, 2).map((r) => JSON.stringify(r));
    assert.equal(parseRunRecords(`${lines.join('\n')}\n\n`, 'runs.jsonl').length, 2);
    assert.throws(() => parseRunRecords(`${lines[0]}\n{"version":1}\n`, 'runs.jsonl'), (error: unknown) => {
      assert.ok(error instanceof JsonLinesError);
      assert.match(error.message, /^runs\.jsonl line 2 is not a valid run record: /);
      return true;
    });
    assert.throws(() => parseRunRecords('{oops\n', 'results/runs.jsonl'), /results\/runs\.jsonl line 1 is not valid JSON .*expected one run record per line/);
  });
});
