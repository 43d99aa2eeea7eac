import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkedEntities, LIMITS, sanitizeKey, toBatches, type Metric } from '../../src/sinks/mlflow/entities.js';
import { MlflowInputError } from '../../src/sinks/mlflow/errors.js';
import { parseRetryAfterMs, retryDelayMs } from '../../src/sinks/mlflow/http.js';

/** MLflow's own key rule (validation.py): its alphabet, and equal to its normalized path. */
const acceptedByMlflow = (key: string) =>
  /^[A-Za-z0-9_\-. /]+$/.test(key) && !key.startsWith('/') && !key.endsWith('/') && !key.split('/').some((s) => s === '' || s === '.' || s === '..');

describe('MLflow keys', () => {
  it('spells out the characters that carry meaning and replaces the rest', () => {
    const cases: [string, string][] = [
      ['pass^k', 'pass_hat_k'],
      ['task/t1/pass@1', 'task/t1/pass_at_1'],
      ['cost%', 'cost_pct_'],
      ['c++', 'c_plus__plus_'],
      ['k=3', 'k_eq_3'],
      ['issue#12', 'issue_num_12'],
      ['task/t2:fix (v2)/score', 'task/t2_fix _v2_/score'],
      ['/tier//tier1/./score/', 'tier/tier1/_/score'],
      ['task/../secret', 'task/__/secret'],
      ['überscore', '_berscore'],
      ['overall_score', 'overall_score'],
    ];
    for (const [given, expected] of cases) {
      assert.equal(sanitizeKey(given), expected, given);
      assert.ok(acceptedByMlflow(expected), expected);
    }
  });

  it('refuses keys that collide after mapping, keys too long and values too long, all in one error', () => {
    const metric = (key: string): Metric => ({ key, value: 1, timestamp: 0, step: 0 });
    assert.throws(
      () =>
        checkedEntities({
          params: [{ key: 'judge', value: 'x'.repeat(LIMITS.paramValueLength + 1) }],
          tags: [{ key: 'note', value: 'y'.repeat(LIMITS.tagValueLength + 1) }],
          metrics: [metric('pass^k'), metric('pass_hat_k'), metric(`task/${'t'.repeat(260)}/score`)],
        }),
      (error: unknown) =>
        error instanceof MlflowInputError &&
        error.message ===
          'cannot log to MLflow: param "judge" has a value of 6001 characters: expected at most 6000; ' +
            'tag "note" has a value of 5001 characters: expected at most 5000; ' +
            'metrics "pass^k" and "pass_hat_k" both become key "pass_hat_k": expected distinct keys; ' +
            `metric key "task/${'t'.repeat(55)}…" is 271 characters long: expected at most 250`,
    );
  });

  it('keeps several steps of one metric (a series) as they are', () => {
    const series = [1, 2, 3].map((step) => ({ key: 'pass^k', value: 1 / step, timestamp: 5, step }));
    assert.deepEqual(
      checkedEntities({ params: [], tags: [], metrics: series }).metrics.map((m) => [m.key, m.step]),
      [['pass_hat_k', 1], ['pass_hat_k', 2], ['pass_hat_k', 3]],
    );
  });

  it('splits entities into calls within the server limits, losing and repeating nothing', () => {
    const params = Array.from({ length: 230 }, (_, i) => ({ key: `p${i}`, value: 'v' }));
    const tags = Array.from({ length: 120 }, (_, i) => ({ key: `t${i}`, value: 'v' }));
    const metrics = Array.from({ length: 2600 }, (_, i) => ({ key: `m${i}`, value: i, timestamp: 0, step: 0 }));
    const batches = toBatches({ params, tags, metrics });
    for (const batch of batches) {
      assert.ok(batch.params.length <= 100 && batch.tags.length <= 100 && batch.metrics.length <= 1000);
      assert.ok(batch.params.length + batch.tags.length + batch.metrics.length <= 1000);
      assert.ok(JSON.stringify(batch).length <= LIMITS.batchBytes);
    }
    assert.deepEqual(batches.flatMap((b) => b.params), params);
    assert.deepEqual(batches.flatMap((b) => b.tags), tags);
    assert.deepEqual(batches.flatMap((b) => b.metrics), metrics);
    assert.equal(batches.length, 3, 'packed tightly: (100p 100t 800m) (100p 20t 880m) (30p 920m)');
    assert.deepEqual(toBatches({ params: [], tags: [], metrics: [] }), []);
  });

  it('keeps a batch of long keys under the request size bound', () => {
    const metrics = Array.from({ length: 5000 }, (_, i) => ({ key: `${'k'.repeat(240)}${i}`, value: i / 3, timestamp: 1_790_000_000_000, step: 0 }));
    const batches = toBatches({ params: [], tags: [], metrics });
    assert.ok(batches.every((b) => JSON.stringify(b).length <= LIMITS.batchBytes));
    assert.equal(batches.flatMap((b) => b.metrics).length, 5000);
  });
});

describe('retry delays', () => {
  const policy = { maxRetries: 5, backoffMs: 1000, maxBackoffMs: 30_000, requestTimeoutMs: 1000 };
  it('doubles from the backoff factor, capped, with at most 10% jitter', () => {
    for (const [attempt, base] of [[1, 1000], [2, 2000], [3, 4000], [6, 30_000]] as const) {
      const delay = retryDelayMs(policy, attempt, undefined);
      assert.ok(delay >= base && delay <= base * 1.1, `attempt ${attempt}: ${delay}`);
    }
  });
  it('follows Retry-After in seconds or as a date, up to two minutes', () => {
    const now = Date.parse('2026-12-04T10:00:00Z');
    assert.equal(retryDelayMs(policy, 1, '3', now), 3000);
    assert.equal(retryDelayMs(policy, 1, 'Fri, 04 Dec 2026 10:00:07 GMT', now), 7000);
    assert.equal(retryDelayMs(policy, 1, '86400', now), 120_000);
    assert.equal(parseRetryAfterMs('soon', now), undefined);
  });
});
