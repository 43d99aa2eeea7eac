import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const packDir = fileURLToPath(new URL('../fixtures/clawbench-pack/', import.meta.url));

function clawbench(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', main, ...args], { encoding: 'utf8', env: { ...process.env, NODE_TEST_CONTEXT: undefined } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

test('clawbench tasks --json lists the core suite with browser needs and timeouts', () => {
  const { code, stdout } = clawbench('tasks', '--json');
  assert.equal(code, 0);
  const rows = JSON.parse(stdout) as Array<{ id: string; tier: string; family: string; needs_browser: boolean; timeout_seconds: number }>;
  assert.equal(rows.length, 19);
  assert.deepEqual(rows.filter((row) => row.needs_browser).map((row) => row.id), ['t2-browser-form-fix', 't4-browser-research-and-code']);
  assert.deepEqual(rows.find((row) => row.id === 't1-bugfix-discount'), { id: 't1-bugfix-discount', tier: 'tier1', family: 'coding', needs_browser: false, timeout_seconds: 360 });
});

test('clawbench tasks prints a table for a ClawBench pack', () => {
  const { code, stdout } = clawbench('tasks', '--tasks-dir', packDir);
  assert.equal(code, 0);
  assert.match(stdout, /^ID\s+TIER\s+FAMILY\s+BROWSER\s+TIMEOUT$/m);
  assert.match(stdout, /^t2-status-page\s+tier2\s+browser\s+yes\s+300s$/m);
  assert.match(stdout, /^2 tasks$/m);
});

test('a missing tasks dir and an unknown flag are usage errors (exit 2) with one clear line', () => {
  const missing = clawbench('tasks', '--tasks-dir', '/nonexistent/tasks');
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr, 'clawbench: tasks dir "/nonexistent/tasks": does not exist; expected a folder of tasks\n');
  const unknown = clawbench('tasks', '--jsn');
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown option "--jsn": expected --tasks-dir DIR, --json or --json-schema/);
});
