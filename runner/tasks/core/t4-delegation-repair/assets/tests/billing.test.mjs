import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prorateCharge, withVat } from '../src/billing.mjs';

test('a plan starting on the 1st pays the whole month', () => {
  assert.equal(prorateCharge(3000, 1, 30), 3000);
});

test('a plan starting on the last day pays for that day', () => {
  assert.equal(prorateCharge(3000, 30, 30), 100);
});

test('prorated charges round to the nearest cent', () => {
  assert.equal(prorateCharge(999, 16, 31), 516);
});

test('a start day outside the month is refused', () => {
  assert.throws(() => prorateCharge(3000, 31, 30), RangeError);
});

test('vat is added and rounded', () => {
  assert.equal(withVat(1999, 21), 2419);
});
