// Shared by the core tasks' verifiers: runs `node --test` on the given files from the current
// directory (the agent's workspace) and prints ONE line: how many tests passed, or the first
// failing test. Exits 0 only when at least one test ran and none failed.
//   node <tasks>/_kit/node-test.mjs tests/a.test.mjs <task>/verifiers/hidden.test.mjs
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const files = process.argv.slice(2);
const missing = files.filter((file) => !existsSync(file));
if (files.length === 0 || missing.length > 0) {
  console.log(files.length === 0 ? 'no test files given' : `test file ${missing[0]} does not exist`);
  process.exit(1);
}

const run = spawnSync(process.execPath, ['--test', '--test-reporter=tap', ...files], {
  encoding: 'utf8',
  timeout: 120_000,
  maxBuffer: 16 << 20,
});
const tap = run.stdout ?? '';
const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
const passed = count('pass');
const failed = count('fail') + count('cancelled');
// Subtests are indented; the innermost failing test names the actual problem.
const failures = [...tap.matchAll(/^(\s*)not ok \d+ - (.+)$/gm)].sort((a, b) => b[1].length - a[1].length);
const firstFailure = failures[0]?.[2];
const reason = failures.length > 0 ? /^\s*error: \|?-?\s*(?:\n\s*)?(.+)$/m.exec(tap.slice(tap.indexOf(failures[0][0])))?.[1] : undefined;

if (run.error) {
  console.log(`node --test could not run: ${run.error.message}`);
  process.exit(1);
}
// A file that registers no test shows up as one passing test named after the file: that is what
// a module calling process.exit(0) on import looks like, so it must not count as a pass.
const silentFile = [...tap.matchAll(/^ok \d+ - (.+)$/gm)].map((m) => m[1]).find((name) => files.some((file) => path.resolve(file) === path.resolve(name)));
if (silentFile !== undefined) {
  console.log(`${path.basename(silentFile)} ran no tests (something exited before they were registered)`);
  process.exit(1);
}
if (failed === 0 && passed > 0 && run.status === 0) {
  console.log(`${passed}/${passed} tests passed`);
  process.exit(0);
}
if (passed + failed === 0) {
  console.log(`no test ran (node --test exited ${run.status})`);
  process.exit(1);
}
const why = reason ? `: ${reason.trim().replace(/^['"]|['"]$/g, '')}` : '';
console.log(`${failed} of ${passed + failed} tests failed, first: ${firstFailure ?? 'unknown'}${why}`.slice(0, 280));
process.exit(1);
