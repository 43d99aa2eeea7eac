// Hidden edge cases for both repaired modules (cwd = the agent's workspace).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const load = (relative) => import(pathToFileURL(path.resolve(relative)).href);
const { prorateCharge } = await load('src/billing.mjs');
const { isQuietHour, nextDeliveryHour } = await load('src/notifications.mjs');

test('prorating in a 28-day month', () => {
  assert.equal(prorateCharge(2800, 15, 28), 1400);
  assert.equal(prorateCharge(2800, 28, 28), 100);
});

test('prorating rounds halves up and other fractions to the nearest cent', () => {
  assert.equal(prorateCharge(100, 2, 8), 88);
  assert.equal(prorateCharge(1000, 11, 30), 667);
  assert.equal(prorateCharge(1000, 21, 30), 333);
});

test('day 0 is not a day of the month', () => {
  assert.throws(() => prorateCharge(1000, 0, 30), RangeError);
});

test('equal start and end mean no quiet hours at all', () => {
  for (const hour of [0, 9, 22, 23]) assert.equal(isQuietHour(hour, { start: 22, end: 22 }), false);
  assert.equal(nextDeliveryHour(22, { start: 22, end: 22 }), 22);
});

test('a window starting at midnight', () => {
  assert.equal(isQuietHour(0, { start: 0, end: 6 }), true);
  assert.equal(isQuietHour(6, { start: 0, end: 6 }), false);
  assert.equal(nextDeliveryHour(0, { start: 0, end: 6 }), 6);
});

test('delivery from inside a wrapped window, before and after midnight', () => {
  assert.equal(nextDeliveryHour(21, { start: 21, end: 3 }), 3);
  assert.equal(nextDeliveryHour(2, { start: 21, end: 3 }), 3);
  assert.equal(nextDeliveryHour(5, { start: 22, end: 7 }), 7);
});
