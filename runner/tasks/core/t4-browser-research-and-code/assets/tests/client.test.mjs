import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_PAYLOAD_BYTES,
  ReportTooLargeError,
  buildReportRequest,
  createRateLimiter,
  submitReport,
} from '../client/reportClient.mjs';

const credentials = { token: 'lk_example', workspaceId: 'ws_42' };

test('a report is sent as a JSON POST', () => {
  const request = buildReportRequest({ title: 'May' }, credentials);
  assert.equal(request.method, 'POST');
  assert.equal(request.headers['Content-Type'], 'application/json');
  assert.deepEqual(JSON.parse(request.body), { title: 'May' });
});

test('an oversized report is refused before anything is sent', async () => {
  let sent = 0;
  const fetchImpl = async () => {
    sent += 1;
    return new Response('{}', { status: 202 });
  };
  const report = { blob: 'x'.repeat(MAX_PAYLOAD_BYTES) };
  await assert.rejects(submitReport('http://127.0.0.1:9', report, credentials, { fetchImpl }), ReportTooLargeError);
  assert.equal(sent, 0);
});

test('the rate limiter frees a slot after a minute', () => {
  let clock = 0;
  const limiter = createRateLimiter({ perMinute: 2, now: () => clock });
  assert.equal(limiter.tryAcquire(), true);
  assert.equal(limiter.tryAcquire(), true);
  assert.equal(limiter.tryAcquire(), false);
  clock = 60_000;
  assert.equal(limiter.tryAcquire(), true);
});
