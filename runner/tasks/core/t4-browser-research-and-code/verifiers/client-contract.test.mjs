// Hidden unit checks of the patched client against the documented v2 contract (cwd = workspace).
// The client runs in a child process (client-probe.mjs); these tests judge what it returned.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { probeClient } from './client-probe.mjs';

const facts = await probeClient();
const lowerKeys = (headers) => Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));

test('the client module loads', () => {
  assert.equal(facts.loadError, undefined, facts.loadError);
});

test('requests go to POST /api/v2/reports', () => {
  assert.ok(facts.request?.ok, facts.request?.message);
  assert.equal(facts.request.value.method, 'POST');
  assert.equal(facts.request.value.path, '/api/v2/reports');
});

test('requests use the bearer scheme and name the workspace', () => {
  const headers = lowerKeys(facts.request?.value?.headers);
  assert.equal(headers.authorization, 'Bearer lk_probe');
  assert.equal(headers['x-workspace-id'], 'ws_probe');
});

test('an admin token is never sent, even when a caller passes one', () => {
  // Refusing an admin token outright also keeps it off the wire.
  if (!facts.requestWithAdminToken?.ok) return;
  assert.equal(lowerKeys(facts.requestWithAdminToken.value.headers)['x-admin-token'], undefined);
});

test('the size limit is 10 MiB: 9 MiB is sent, 11 MiB is refused before sending', () => {
  assert.equal(facts.maxPayloadBytes, 10 * 1024 * 1024);
  assert.deepEqual(facts.nineMiB, { sent: 1, errorName: null });
  assert.deepEqual(facts.elevenMiB, { sent: 0, errorName: 'ReportTooLargeError' });
});

test('the default rate limiter allows 120 requests per minute', () => {
  assert.deepEqual(facts.limiter, { allowedInOneMinute: 120, allowedAfterAMinute: true });
});
