// Hidden checks that the policy carries the decisions given in the first session (cwd = workspace).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const policy = await import(pathToFileURL(path.resolve('src/retryPolicy.mjs')).href);

test('rolled out exactly in eu-west-1 and ap-south-1', () => {
  assert.deepEqual([...policy.SMART_RETRY_REGIONS].sort(), ['ap-south-1', 'eu-west-1']);
  for (const region of ['us-east-1', 'us-west-2', 'eu-central-1']) assert.equal(policy.isSmartRetryEnabled(region, {}), false, region);
});

test('five attempts with 300 ms doubling backoff capped at 2000 ms', () => {
  assert.equal(policy.MAX_ATTEMPTS, 5);
  assert.deepEqual(policy.backoffDelays(), [300, 600, 1200, 2000]);
});

test('SMART_RETRY_DISABLED=1 is the kill switch, and only "1" trips it', () => {
  assert.equal(policy.KILL_SWITCH_ENV, 'SMART_RETRY_DISABLED');
  assert.equal(policy.isSmartRetryEnabled('eu-west-1', { SMART_RETRY_DISABLED: '1' }), false);
  assert.equal(policy.isSmartRetryEnabled('eu-west-1', { SMART_RETRY_DISABLED: '0' }), true);
});
