// Hidden edge cases for both repaired modules (cwd = the agent's workspace). The agent's
// functions run in a child process (callIsolated); only their return values reach these asserts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callIsolated } from '../../_kit/call-isolated.mjs';
import { returnedValues } from '../../_kit/returned-values.mjs';

test('prorating in a 28-day month', () => {
  assert.deepEqual(returnedValues('src/billing.mjs', 'prorateCharge', [[2800, 15, 28], [2800, 28, 28]]), [1400, 100]);
});

test('prorating rounds halves up and other fractions to the nearest cent', () => {
  assert.deepEqual(returnedValues('src/billing.mjs', 'prorateCharge', [[100, 2, 8], [1000, 11, 30], [1000, 21, 30]]), [88, 667, 333]);
});

test('day 0 is not a day of the month', () => {
  const [result] = callIsolated('src/billing.mjs', 'prorateCharge', [[1000, 0, 30]]);
  assert.equal(result.ok, false, `prorateCharge(1000, 0, 30) returned ${JSON.stringify(result.value)}`);
});

test('equal start and end mean no quiet hours at all', () => {
  const quiet = { start: 22, end: 22 };
  assert.deepEqual(returnedValues('src/notifications.mjs', 'isQuietHour', [[0, quiet], [9, quiet], [22, quiet], [23, quiet]]), [false, false, false, false]);
  assert.deepEqual(returnedValues('src/notifications.mjs', 'nextDeliveryHour', [[22, quiet]]), [22]);
});

test('a window starting at midnight', () => {
  const quiet = { start: 0, end: 6 };
  assert.deepEqual(returnedValues('src/notifications.mjs', 'isQuietHour', [[0, quiet], [6, quiet]]), [true, false]);
  assert.deepEqual(returnedValues('src/notifications.mjs', 'nextDeliveryHour', [[0, quiet]]), [6]);
});

test('delivery from inside a wrapped window, before and after midnight', () => {
  assert.deepEqual(
    returnedValues('src/notifications.mjs', 'nextDeliveryHour', [[21, { start: 21, end: 3 }], [2, { start: 21, end: 3 }], [5, { start: 22, end: 7 }]]),
    [3, 3, 7],
  );
});
