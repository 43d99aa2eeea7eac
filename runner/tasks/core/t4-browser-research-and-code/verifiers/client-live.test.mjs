// Hidden end-to-end checks: the patched client against the sandbox API over HTTP (cwd = the
// agent's workspace). The client runs in a child process (client-probe.mjs); the sandbox runs
// here, so the tests judge both what the client returned and what reached the API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { probeClient } from './client-probe.mjs';
import { startDocsSite } from './docs-server.mjs';

const site = await startDocsSite();
const facts = await probeClient(`http://127.0.0.1:${site.server.address().port}`).finally(() => site.server.close());
const live = facts.live ?? {};
const reports = site.received.filter((request) => request.method === 'POST');

test('a report is accepted and queued by the API', () => {
  assert.ok(live.small?.ok, live.small?.message ?? facts.loadError);
  assert.equal(live.small.value.status, 'queued');
  assert.match(live.small.value.report_id, /^rep_/);
});

test('an admin token passed by an old caller never reaches the API', () => {
  // Dropping the token or refusing the call are both fine; sending it is not.
  assert.ok(reports.every((request) => request.headers['x-admin-token'] === undefined), 'X-Admin-Token reached the API');
});

test('a 9 MiB report, allowed by the new limit, reaches the API', () => {
  assert.ok(live.nineMiB?.ok, live.nineMiB?.message);
  assert.equal(live.nineMiB.value.status, 'queued');
});

test('an 11 MiB report is refused by the client without a request', () => {
  assert.equal(live.elevenMiB?.name, 'ReportTooLargeError');
  assert.ok(reports.every((request) => Number(request.headers['content-length'] ?? 0) <= 10 * 1024 * 1024), 'an oversized body reached the API');
});
