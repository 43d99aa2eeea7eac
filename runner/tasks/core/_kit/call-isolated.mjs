// Shared by the core tasks' verifiers: calls a function the agent wrote in a child process and
// returns what it returned, so the agent's code never runs inside the verifier. A module that
// exits early, prints "ok" or patches globals cannot make a check pass: the verifier compares
// the returned values itself.
//   const results = callIsolated('src/cart.mjs', 'cartTotal', [[cart1], [cart2]]);
//   // -> [{ ok: true, value }, { ok: false, error: 'message' }, ...]
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const RESULT_MARKER = '@@call-isolated-results@@';

const CHILD = `
const { moduleUrl, exportName, argsList, marker } = JSON.parse(process.argv[1]);
const results = [];
try {
  const fn = (await import(moduleUrl))[exportName];
  if (typeof fn !== 'function') throw new Error(exportName + ' is not an exported function');
  for (const args of argsList) {
    try {
      results.push({ ok: true, value: await fn(...args) });
    } catch (error) {
      results.push({ ok: false, error: String(error?.message ?? error) });
    }
  }
} catch (error) {
  for (const _ of argsList) results.push({ ok: false, error: 'module does not load: ' + String(error?.message ?? error) });
}
process.stdout.write('\\n' + marker + JSON.stringify(results) + '\\n');
`;

export function callIsolated(modulePath, exportName, argsList, { cwd = process.cwd(), timeoutMs = 30_000 } = {}) {
  const payload = JSON.stringify({ moduleUrl: pathToFileURL(path.resolve(cwd, modulePath)).href, exportName, argsList, marker: RESULT_MARKER });
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD, payload], {
    cwd,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { PATH: process.env.PATH ?? '' },
  });
  const line = (run.stdout ?? '').split('\n').reverse().find((candidate) => candidate.startsWith(RESULT_MARKER));
  if (!line) {
    const why = run.error?.message ?? ((run.stderr ?? '').trim().split('\n').pop() || `exited ${run.status} without results`);
    return argsList.map(() => ({ ok: false, error: `${modulePath}: ${why}` }));
  }
  return JSON.parse(line.slice(RESULT_MARKER.length));
}
