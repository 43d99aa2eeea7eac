// Grades the agent's test suite by what it catches: it must pass on the real normalizer and fail
// on a copy with one behaviour broken. Runs on a temp copy; the workspace is never written.
// Usage: node check-suite.mjs original | whitespace | emoji | blank
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SUITE = 'test/normalizer.test.mjs';
const MUTANTS = {
  whitespace: 'inner runs of whitespace are no longer collapsed',
  emoji: 'emoji are no longer stripped',
  blank: 'blank tags are no longer dropped',
};
const workspace = process.cwd();
const mode = process.argv[2];
const finish = (passed, reason) => {
  console.log(reason);
  process.exit(passed ? 0 : 1);
};

if (mode !== 'original' && !(mode in MUTANTS)) finish(false, `unknown mode "${mode}": expected original, ${Object.keys(MUTANTS).join(', ')}`);
if (!existsSync(path.join(workspace, SUITE))) finish(false, `${SUITE} does not exist`);

/** Runs the suite against the normalizer at `implementation` (null = the workspace's own). */
function runSuite(implementation) {
  const copy = mkdtempSync(path.join(os.tmpdir(), 'normalizer-suite-'));
  try {
    cpSync(workspace, copy, { recursive: true, filter: (source) => !/[\\/](node_modules|\.git)$/.test(source) });
    if (implementation) cpSync(implementation, path.join(copy, 'src/normalizer.mjs'));
    const run = spawnSync(process.execPath, ['--test', '--test-reporter=tap', SUITE], { cwd: copy, encoding: 'utf8', timeout: 60_000 });
    const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(run.stdout ?? '')?.[1] ?? 0);
    return { status: run.status, passed: count('pass'), failed: count('fail') + count('cancelled') };
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

const original = runSuite(null);
if (original.status !== 0 || original.passed === 0) {
  finish(false, `${SUITE} does not pass on the real normalizer (${original.passed} passed, ${original.failed} failed)`);
}
if (mode === 'original') finish(true, `${SUITE}: ${original.passed} tests pass on the real normalizer`);

const mutant = runSuite(fileURLToPath(new URL(`./mutants/${mode}.mjs`, import.meta.url)));
if (mutant.failed > 0 && mutant.status !== 0) finish(true, `the suite catches the bug where ${MUTANTS[mode]} (${mutant.failed} failing)`);
finish(false, `the suite misses the bug where ${MUTANTS[mode]}`);
