import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { assembleBenchmark } from '../../results/assemble.js';
import type { BenchmarkResult } from '../../results/benchmark-schema.js';
import { check, runRecord, taskSnapshot } from '../../scoring/synthetic-runs.js';
import { testContext } from '../../results/test-context.js';
import { comparePaired, renderComparison } from './compare.js';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

const base = assembleBenchmark(
  Array.from({ length: 8 }, (_, i) => taskSnapshot({ id: `task-${i + 1}` })).flatMap((task) =>
    [1, 2, 3].map((n) => runRecord({ task, run: n, calls: [{ name: 'read', args: { path: 'a' } }], checks: [check('c', n !== 3)] })),
  ),
  testContext({ submissionId: 'base', model: 'openai/model-a' }),
);

/** The same result with chosen task scores, so the differences are known exactly. */
function withScores(id: string, model: string, scores: readonly number[]): BenchmarkResult {
  return {
    ...base,
    submission_id: id,
    model,
    task_results: base.task_results.map((task, i) => ({ ...task, mean_task_score: scores[i] ?? task.mean_task_score })),
  };
}
const a = withScores('a', 'openai/model-a', [0.5, 0.6, 0.7, 0.4, 0.8, 0.3, 0.55, 0.65]);
const clearlyBetter = withScores('b', 'openai/model-b', [0.6, 0.72, 0.78, 0.52, 0.88, 0.41, 0.66, 0.74]);
const noisy = withScores('c', 'openai/model-c', [0.6, 0.5, 0.75, 0.35, 0.9, 0.25, 0.6, 0.6]);

describe('paired comparison', () => {
  it('finds a consistent gain distinguishable from noise', () => {
    const c = comparePaired(a, clearlyBetter);
    assert.equal(c.shared_tasks, 8);
    assert.ok(Math.abs(c.mean_difference - 0.10125) < 1e-12);
    assert.equal(c.interval.df, 7);
    assert.ok(c.interval.lower > 0);
    assert.equal(c.distinguishable, true);
    assert.match(c.sentence, /^openai\/model-b scores 0\.101 higher than openai\/model-a on 8 shared tasks \(95% CI \+0\.\d{3} to \+0\.\d{3}, paired t, 7 df\): the difference is distinguishable from noise\.$/);
  });

  it('says so when a difference is within noise, with the smallest resolvable one', () => {
    const c = comparePaired(a, noisy);
    assert.ok(c.interval.lower < 0 && c.interval.upper > 0);
    assert.equal(c.distinguishable, false);
    assert.match(c.sentence, /not distinguishable from noise; with this spread, differences below about 0\.\d{3} cannot be resolved\.$/);
  });

  it('pairs only shared tasks and warns about changed ones', () => {
    const fewer = { ...clearlyBetter, task_results: clearlyBetter.task_results.slice(1).map((t, i) => (i === 0 ? { ...t, fingerprint: 'sha256:changed' } : t)) };
    const c = comparePaired(a, fewer);
    assert.equal(c.shared_tasks, 7);
    assert.deepEqual(c.only_in_baseline, ['task-1']);
    assert.deepEqual(c.fingerprint_mismatches, ['task-2']);
    const text = renderComparison([a, fewer]);
    assert.match(text, /not compared: task-1 \(only in #1\)/);
    assert.match(text, /warning: these tasks differ between the two results: task-2/);
    assert.match(comparePaired(a, { ...a, task_results: a.task_results.slice(0, 1) }).sentence, /share 1 task: too few for an interval/);
  });

  it('renders N results as a table against the first', () => {
    const text = renderComparison([a, clearlyBetter, noisy]);
    assert.match(text, /^task\s+#1\s+#2\s+#3$/m);
    assert.match(text, /^#2\s+openai\/model-b\s+b\s+\S+\s+\+0\.101\s+\+0\.\d{3} … \+0\.\d{3}\s+distinguishable$/m);
    assert.match(text, /^#3\s+openai\/model-c\s+c\s+\S+\s+\S+\s+−0\.\d{3} … \+0\.\d{3}\s+within noise$/m);
  });

  it('runs as `clawbench compare A B C` and rejects a single file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'clawbench-compare-'));
    try {
      const files = await Promise.all(
        [a, clearlyBetter, noisy].map(async (result) => {
          const file = path.join(dir, `${result.submission_id}.json`);
          await writeFile(file, JSON.stringify(result));
          return file;
        }),
      );
      const cli = path.join(repoRoot, 'runner/src/cli/main.ts');
      const { stdout } = await run(process.execPath, ['--import', 'tsx', cli, 'compare', ...files], { cwd: repoRoot });
      assert.match(stdout, /openai\/model-b scores 0\.101 higher/);
      assert.match(stdout, /openai\/model-c scores/);
      const { stdout: json } = await run(process.execPath, ['--import', 'tsx', cli, 'compare', '--json', files[0] ?? '', files[1] ?? ''], { cwd: repoRoot });
      assert.equal((JSON.parse(json) as Array<{ distinguishable: boolean }>)[0]?.distinguishable, true);
      await assert.rejects(run(process.execPath, ['--import', 'tsx', cli, 'compare', files[0] ?? ''], { cwd: repoRoot }), (error: { code: number; stderr: string }) => {
        assert.equal(error.code, 2);
        assert.match(error.stderr, /compare needs at least two results, got 1/);
        return true;
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
