import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assembleBenchmark } from '../results/assemble.js';
import { scoreRun } from './run-score.js';
import { tInterval } from './stats.js';
import { testContext } from '../results/test-context.js';
import { check, runRecord, taskSnapshot, type CallInput } from './synthetic-runs.js';
import { benchmarkPassHatKCurve, taskReliability } from './task-stats.js';

// The worked example of docs/scoring.md §14, number for number.

const task = taskSnapshot({
  id: 'fix-discount',
  tier: 'tier2',
  family: 'coding',
  trajectory: {
    required_families: ['read', 'edit', 'execute'],
    min_distinct_families: 5,
    require_read_before_mutation: true,
    require_self_verification: true,
    min_pre_edit_exploration_calls: 3,
  },
  behavior: { require_plan: true, require_progress_updates: true },
});
const failingTests = 'not ok 1 - applies the discount';
const calls: CallInput[] = [
  { name: 'read', args: { path: 'src/pricing.js' } },
  { name: 'exec', args: { command: 'grep -n discount src/*.js' } },
  { name: 'edit', args: { path: 'src/pricing.js', edits: [] } },
  { name: 'exec', args: { command: 'node --test' }, exitCode: 1, result: failingTests },
  { name: 'exec', args: { command: 'node --test' }, exitCode: 1, result: failingTests },
  { name: 'edit', args: { path: 'src/pricing.js', edits: [] } },
  { name: 'exec', args: { command: 'node --test' }, exitCode: 0, result: 'ok 1 - applies the discount' },
];
const assistant = ["I'll read the pricing module first, then run the tests.", 'Fixed the discount rounding; the tests pass now.'];
const exampleRun = (run: number, changelogPassed: boolean) =>
  runRecord({ task, run, calls, assistant, checks: [check('exec:tests', true), check('file:CHANGELOG.md', changelogPassed)] });

const near = (actual: number, expected: number, digits = 6) =>
  assert.ok(Math.abs(actual - expected) < 0.5 * 10 ** -digits, `expected ${expected} to ${digits} decimals, got ${actual}`);

describe('the worked example of docs/scoring.md', () => {
  const run1 = scoreRun(exampleRun(1, true));
  const run2 = scoreRun(exampleRun(2, false));

  it('scores run 1 axis by axis', () => {
    assert.deepEqual(
      { E: run1.trajectory.exploration, R: run1.trajectory.recovery, F: run1.trajectory.toolFit, S: run1.trajectory.safety },
      { E: 0.9167, R: 0.85, F: 0.9635, S: 1 },
    );
    assert.deepEqual(run1.trajectory.distinctFamilies, ['edit', 'execute', 'read', 'search']);
    assert.equal(run1.trajectory.failedCalls, 2);
    assert.equal(run1.trajectory.recoveredFailures, 2);
    assert.equal(run1.trajectory.repeatedFailures, 1);
    assert.equal(run1.trajectory.score, 0.8977);
    assert.deepEqual(run1.behavior, { score: 0.6667, satisfied: ['plan', 'destructive_commands'], failed: ['progress_updates'] });
    assert.equal(run1.completion, 1);
    assert.equal(run1.score, 0.8918);
    assert.equal(run1.passed, true);
    assert.equal(run1.deliveryOutcome, 'pass');
    assert.equal(run1.failureMode, null);
  });

  it('scores run 2, which failed one check', () => {
    assert.equal(run2.completion, 0.5);
    assert.equal(run2.score, 0.6696);
    assert.equal(run2.passed, false);
    assert.equal(run2.deliveryOutcome, 'partial');
    assert.equal(run2.failureMode, 'repeated_error_loop');
  });

  it('summarises the task', () => {
    const stats = taskReliability([run1, run2, run1]);
    near(stats.meanScore, 0.817733);
    near(stats.stddev, 0.128287);
    near(stats.varianceScore, 0.358564);
    near(stats.reliability, 0.271713);
    near(stats.taskScore, 0.763131);
    assert.equal(stats.worstOfN, 0.6696);
    assert.deepEqual(stats.passHatKCurve.map((v) => Number(v.toFixed(4))), [0.6667, 0.3333, 0]);
    assert.deepEqual(stats.passAtKCurve.map((v) => Number(v.toFixed(4))), [0.6667, 1, 1]);
  });

  it('aggregates four tasks with a t interval and the pass^k curve', () => {
    const others = [
      { scores: [0.95, 0.95, 0.95], passes: 3, taskScore: 0.955 },
      { scores: [0.4, 0.3, 0.5], passes: 0, taskScore: 0.37 },
      { scores: [0.8, 0.8, 0.6], passes: 2, taskScore: 0.688453 },
    ];
    const summaries = [taskReliability([run1, run2, run1])];
    for (const other of others) {
      const stats = taskReliability(other.scores.map((score, i) => ({ score, passed: i < other.passes })));
      near(stats.taskScore, other.taskScore);
      summaries.push(stats);
    }
    const taskScores = summaries.map((s) => s.taskScore);
    assert.deepEqual(benchmarkPassHatKCurve(summaries).map((v) => Number(v.toFixed(4))), [0.5833, 0.4167, 0.25]);
    const overall = taskScores.reduce((a, b) => a + b, 0) / taskScores.length;
    near(overall, 0.694146);
    const interval = tInterval(taskScores);
    near(interval.standard_error, 0.12176);
    near(interval.t_critical ?? 0, 3.182446);
    near(interval.lower, 0.30665);
    assert.equal(interval.upper, 1);
  });

  it('gives the same numbers through assembleBenchmark', () => {
    const benchmark = assembleBenchmark(
      [exampleRun(1, true), exampleRun(2, false), exampleRun(3, true)],
      testContext({ coreSuite: [{ id: 'fix-discount', fingerprint: task.fingerprint }] }),
    );
    const [stats] = benchmark.task_results;
    assert.ok(stats);
    assert.deepEqual(stats.scores, [0.8918, 0.6696, 0.8918]);
    near(stats.mean_task_score, 0.763131);
    near(benchmark.overall_score, 0.763131);
    assert.equal(benchmark.overall_failure_mode_counts.repeated_error_loop, 1);
    assert.equal(benchmark.certified, true);
  });
});
