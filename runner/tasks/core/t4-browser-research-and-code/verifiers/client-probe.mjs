// Observes the agent's client/reportClient.mjs in a child process, so its code never runs inside
// the hidden tests: `probeClient(baseUrl?)` spawns this file with cwd = the workspace; the child
// exercises the client (offline, and against `baseUrl` when given) and prints what it saw as one
// marked JSON line, which the tests then judge.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const MARKER = '@@report-client-probe@@';
const MIB = 1024 * 1024;
const credentials = { token: 'lk_probe', workspaceId: 'ws_probe' };

export async function probeClient(baseUrl = '') {
  // Asynchronous, so a sandbox served by the calling process keeps answering meanwhile.
  const stdout = await new Promise((resolve) => {
    execFile(process.execPath, [fileURLToPath(import.meta.url), baseUrl], { encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 20, env: { PATH: process.env.PATH ?? '' } }, (error, out, err) =>
      resolve(out || String(err || error?.message || '')),
    );
  });
  const line = stdout.split('\n').reverse().find((candidate) => candidate.startsWith(MARKER));
  if (!line) throw new Error(`the client probe gave no result: ${stdout.trim().split('\n').pop() ?? ''}`);
  return JSON.parse(line.slice(MARKER.length));
}

/** Runs `action`, returning its value or the error's name and message. */
async function outcome(action) {
  try {
    return { ok: true, value: await action() };
  } catch (error) {
    return { ok: false, name: error?.name ?? 'Error', message: String(error?.message ?? error) };
  }
}

async function observe(baseUrl) {
  const client = await import(pathToFileURL(path.resolve('client/reportClient.mjs')).href);
  const request = (creds) => outcome(() => client.buildReportRequest({ a: 1 }, creds));
  const sentWith = async (bytes) => {
    let sent = 0;
    const fetchImpl = async () => {
      sent += 1;
      return new Response('{"status":"queued"}', { status: 202, headers: { 'content-type': 'application/json' } });
    };
    const result = await outcome(() => client.submitReport('http://127.0.0.1:9', { blob: 'x'.repeat(bytes) }, credentials, { fetchImpl }));
    return { sent, errorName: result.ok ? null : result.name };
  };
  let clock = 1_000;
  const limiter = client.createRateLimiter({ now: () => clock });
  let allowedInOneMinute = 0;
  for (let i = 0; i < 200; i += 1) if (limiter.tryAcquire()) allowedInOneMinute += 1;
  clock += 60_000;
  const facts = {
    maxPayloadBytes: client.MAX_PAYLOAD_BYTES,
    request: await request(credentials),
    requestWithAdminToken: await request({ ...credentials, adminToken: 'adm_1' }),
    nineMiB: await sentWith(9 * MIB),
    elevenMiB: await sentWith(11 * MIB),
    limiter: { allowedInOneMinute, allowedAfterAMinute: limiter.tryAcquire() },
  };
  if (baseUrl) {
    facts.live = {
      small: await outcome(() => client.submitReport(baseUrl, { title: 'Weekly KPIs', rows: [1, 2, 3] }, credentials)),
      withAdminToken: await outcome(() => client.submitReport(baseUrl, { title: 'Legacy caller' }, { ...credentials, adminToken: 'adm_old' })),
      nineMiB: await outcome(() => client.submitReport(baseUrl, { blob: 'x'.repeat(9 * MIB) }, credentials)),
      elevenMiB: await outcome(() => client.submitReport(baseUrl, { blob: 'x'.repeat(11 * MIB) }, credentials)),
    };
  }
  return facts;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const facts = await observe(process.argv[2]).catch((error) => ({ loadError: String(error?.message ?? error) }));
  process.stdout.write(`\n${MARKER}${JSON.stringify(facts)}\n`);
  process.exit(0);
}
