// Hidden unit checks of the patched client against the documented v2 contract (cwd = workspace).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const client = await import(pathToFileURL(path.resolve('client/reportClient.mjs')).href);
const TEN_MIB = 10 * 1024 * 1024;
const lowerKeys = (headers) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));

test('requests go to POST /api/v2/reports', () => {
  const request = client.buildReportRequest({ a: 1 }, { token: 'lk_t', workspaceId: 'ws_9' });
  assert.equal(request.method, 'POST');
  assert.equal(request.path, '/api/v2/reports');
});

test('requests use the bearer scheme and name the workspace', () => {
  const headers = lowerKeys(client.buildReportRequest({ a: 1 }, { token: 'lk_t', workspaceId: 'ws_9' }).headers);
  assert.equal(headers.authorization, 'Bearer lk_t');
  assert.equal(headers['x-workspace-id'], 'ws_9');
});

test('an admin token is never sent, even when a caller passes one', () => {
  let request;
  try {
    request = client.buildReportRequest({ a: 1 }, { token: 'lk_t', workspaceId: 'ws_9', adminToken: 'adm_1' });
  } catch {
    return; // refusing an admin token outright also keeps it off the wire
  }
  assert.equal(lowerKeys(request.headers)['x-admin-token'], undefined);
});

test('the size limit is 10 MiB', () => {
  assert.equal(client.MAX_PAYLOAD_BYTES, TEN_MIB);
});

test('the default rate limiter allows 120 requests per minute', () => {
  let clock = 1_000;
  const limiter = client.createRateLimiter({ now: () => clock });
  for (let i = 0; i < 120; i += 1) assert.equal(limiter.tryAcquire(), true, `request ${i + 1} should pass`);
  assert.equal(limiter.tryAcquire(), false, 'request 121 within the minute should wait');
  clock += 60_000;
  assert.equal(limiter.tryAcquire(), true);
});
