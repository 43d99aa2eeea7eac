import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BACKOFF_CAP_MS,
  KILL_SWITCH_ENV,
  MAX_ATTEMPTS,
  SMART_RETRY_REGIONS,
  backoffDelays,
  isSmartRetryEnabled,
} from '../src/retryPolicy.mjs';

test('smart retry is on in its rollout regions and off elsewhere', () => {
  assert.ok(SMART_RETRY_REGIONS.length > 0, 'no rollout regions configured');
  for (const region of SMART_RETRY_REGIONS) assert.equal(isSmartRetryEnabled(region, {}), true, region);
  assert.equal(isSmartRetryEnabled('nowhere-1', {}), false);
});

test('the kill switch turns smart retry off everywhere', () => {
  assert.match(KILL_SWITCH_ENV, /^[A-Z][A-Z0-9_]+$/);
  for (const region of SMART_RETRY_REGIONS) assert.equal(isSmartRetryEnabled(region, { [KILL_SWITCH_ENV]: '1' }), false, region);
});

test('retries back off, doubling up to the cap', () => {
  assert.ok(MAX_ATTEMPTS > 1, 'smart retry needs more than one attempt');
  const delays = backoffDelays();
  assert.equal(delays.length, MAX_ATTEMPTS - 1);
  for (const [i, delay] of delays.entries()) {
    assert.ok(delay > 0 && delay <= BACKOFF_CAP_MS, `delay ${i} is ${delay}`);
    if (i > 0) assert.ok(delay === BACKOFF_CAP_MS || delay === delays[i - 1] * 2, `delay ${i} does not double`);
  }
});
