// Hidden checks that the policy carries the decisions given in the first session (cwd = the
// agent's workspace). The agent's functions run in a child process (callIsolated); only their
// return values reach these asserts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { returnedValues } from '../../_kit/returned-values.mjs';

const MODULE = 'src/retryPolicy.mjs';

test('rolled out exactly in eu-west-1 and ap-south-1', () => {
  const regions = ['eu-west-1', 'ap-south-1', 'us-east-1', 'us-west-2', 'eu-central-1', 'ap-southeast-1'];
  assert.deepEqual(returnedValues(MODULE, 'isSmartRetryEnabled', regions.map((region) => [region, {}])), [true, true, false, false, false, false]);
});

test('five attempts with 300 ms doubling backoff capped at 2000 ms', () => {
  assert.deepEqual(returnedValues(MODULE, 'backoffDelays', [[]]), [[300, 600, 1200, 2000]]);
});

test('SMART_RETRY_DISABLED=1 is the kill switch, and only "1" trips it', () => {
  const values = returnedValues(MODULE, 'isSmartRetryEnabled', [
    ['eu-west-1', { SMART_RETRY_DISABLED: '1' }],
    ['ap-south-1', { SMART_RETRY_DISABLED: '1' }],
    ['eu-west-1', { SMART_RETRY_DISABLED: '0' }],
  ]);
  assert.deepEqual(values, [false, false, true]);
});
