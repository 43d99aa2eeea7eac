// Hidden end-to-end checks: the patched client against the sandbox API over HTTP (cwd = workspace).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startDocsSite } from './docs-server.mjs';

const client = await import(pathToFileURL(path.resolve('client/reportClient.mjs')).href);
const credentials = { token: 'lk_live', workspaceId: 'ws_live' };
let site;
let baseUrl;

before(async () => {
  site = await startDocsSite();
  baseUrl = `http://127.0.0.1:${site.server.address().port}`;
});
after(() => site.server.close());

test('a report is accepted and queued by the API', async () => {
  const answer = await client.submitReport(baseUrl, { title: 'Weekly KPIs', rows: [1, 2, 3] }, credentials);
  assert.equal(answer.status, 'queued');
  assert.match(answer.report_id, /^rep_/);
});

test('an admin token passed by an old caller never reaches the API', async () => {
  // Dropping the token or refusing the call are both fine; sending it is not.
  await client.submitReport(baseUrl, { title: 'Legacy caller' }, { ...credentials, adminToken: 'adm_old' }).catch(() => undefined);
  assert.ok(site.received.every((request) => request.headers['x-admin-token'] === undefined), 'X-Admin-Token reached the API');
});

test('a 9 MiB report, allowed by the new limit, reaches the API', async () => {
  const answer = await client.submitReport(baseUrl, { blob: 'x'.repeat(9 * 1024 * 1024) }, credentials);
  assert.equal(answer.status, 'queued');
});

test('an 11 MiB report is refused by the client without a request', async () => {
  const before = site.received.length;
  await assert.rejects(client.submitReport(baseUrl, { blob: 'x'.repeat(11 * 1024 * 1024) }, credentials), (error) => error.name === 'ReportTooLargeError');
  assert.equal(site.received.length, before);
});
