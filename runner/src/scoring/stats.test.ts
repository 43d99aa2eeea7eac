import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { percentile, round4, sampleStddev } from './numbers.js';
import { binomial, bootstrapInterval, passAtK, passHatK, studentTCdf, studentTQuantile, tInterval } from './stats.js';

describe('statistics', () => {
  it('computes Student t quantiles that match the published tables', () => {
    const table: Array<[number, number]> = [[1, 12.706], [2, 4.303], [3, 3.182], [5, 2.571], [10, 2.228], [18, 2.101], [30, 2.042], [100, 1.984]];
    for (const [df, expected] of table) assert.equal(Number(studentTQuantile(0.975, df).toFixed(3)), expected, `df=${df}`);
    assert.equal(Number(studentTQuantile(0.95, 4).toFixed(3)), 2.132);
    assert.equal(Number(studentTQuantile(0.025, 18).toFixed(3)), -2.101);
    assert.ok(Math.abs(studentTCdf(studentTQuantile(0.9, 7), 7) - 0.9) < 1e-10);
    assert.throws(() => studentTQuantile(1, 3), /0 < p < 1/);
  });

  it('estimates pass^k and pass@k without bias (anchors example: n=5, c=4)', () => {
    assert.deepEqual([1, 2, 3, 4, 5].map((k) => Number(passHatK(5, 4, k).toFixed(10))), [0.8, 0.6, 0.4, 0.2, 0]);
    assert.deepEqual([1, 2].map((k) => Number(passAtK(5, 4, k).toFixed(10))), [0.8, 1]);
    assert.equal(binomial(19, 3), 969);
    assert.equal(passHatK(3, 3, 3), 1);
  });

  it('rounds like Python, ties to even', () => {
    assert.equal(round4(0.03125), 0.0312);
    assert.equal(round4(0.03135), 0.0314);
    assert.equal(round4(0.89767456), 0.8977);
    assert.equal(round4(2 / 3), 0.6667);
  });

  it('takes numpy-style linear percentiles and the ddof=1 stddev', () => {
    assert.equal(percentile([1, 2, 3, 4], 50), 2.5);
    assert.equal(percentile([10, 20, 30, 40, 50], 95), 48);
    assert.equal(sampleStddev([0.4, 0.3, 0.5]).toFixed(6), '0.100000');
    assert.equal(sampleStddev([0.7]), 0);
  });

  it('draws the same bootstrap for the same seed and a different one for another', () => {
    const values = [0.2, 0.9, 0.55, 0.7, 0.35, 0.8];
    const first = bootstrapInterval(values, 7, 2000);
    assert.deepEqual(bootstrapInterval(values, 7, 2000), first);
    assert.notDeepEqual(bootstrapInterval(values, 8, 2000), first);
    assert.ok(first.lower < 0.5833 && 0.5833 < first.upper, JSON.stringify(first));
    assert.ok(first.lower >= 0.2 && first.upper <= 0.9);
  });

  it('gives no width with one task and a wider t interval than the bootstrap with few', () => {
    assert.deepEqual([tInterval([0.6]).lower, tInterval([0.6]).upper, tInterval([0.6]).df], [0.6, 0.6, null]);
    const values = [0.4, 0.5, 0.6, 0.7];
    const t = tInterval(values);
    const boot = bootstrapInterval(values, 42, 5000);
    assert.ok(t.upper - t.lower > boot.upper - boot.lower);
  });
});
