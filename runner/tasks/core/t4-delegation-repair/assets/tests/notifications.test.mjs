import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isQuietHour, nextDeliveryHour } from '../src/notifications.mjs';

const overnight = { start: 22, end: 7 };

test('quiet hours that wrap past midnight cover late evening and early morning', () => {
  assert.equal(isQuietHour(23, overnight), true);
  assert.equal(isQuietHour(3, overnight), true);
  assert.equal(isQuietHour(7, overnight), false);
  assert.equal(isQuietHour(12, overnight), false);
});

test('a daytime window still works', () => {
  assert.equal(isQuietHour(13, { start: 12, end: 14 }), true);
  assert.equal(isQuietHour(14, { start: 12, end: 14 }), false);
});

test('delivery waits for the end of the overnight window', () => {
  assert.equal(nextDeliveryHour(23, overnight), 7);
  assert.equal(nextDeliveryHour(10, overnight), 10);
});
