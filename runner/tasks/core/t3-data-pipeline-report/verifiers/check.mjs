// Completion checks for t3-data-pipeline-report. Run with cwd = the agent's workspace:
//   node check.mjs given      the report for the workspace inputs matches the reference
//   node check.mjs holdout    the same code gives the reference report on unseen inputs
//   node check.mjs missing    a missing input file exits 2 with a one-line stderr naming it
// Prints one line and exits 0 when the check passes, 1 otherwise.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runNamedCheck } from '../../_kit/run-check.mjs';

const here = (relative) => fileURLToPath(new URL(relative, import.meta.url));

function runPipeline(args) {
  return spawnSync(process.execPath, ['pipeline.mjs', ...args], { encoding: 'utf8', timeout: 30_000 });
}

function firstDifference(actual, expected) {
  const got = actual.split('\n');
  const want = expected.split('\n');
  const index = want.findIndex((line, i) => got[i] !== line);
  const at = index === -1 ? want.length : index;
  return `line ${at + 1}: expected ${JSON.stringify(want[at] ?? '<end>')}, got ${JSON.stringify(got[at] ?? '<end>')}`;
}

function compareReport(label, args, expectedFile) {
  const run = runPipeline(args);
  const expected = readFileSync(expectedFile, 'utf8');
  if (run.status !== 0) {
    return [false, `${label}: pipeline exited ${run.status}: ${(run.stderr || '').trim().split('\n')[0] ?? ''}`];
  }
  if (run.stdout.trimEnd() !== expected.trimEnd()) return [false, `${label}: ${firstDifference(run.stdout, expected)}`];
  return [true, `${label}: report matches the reference`];
}

const checks = {
  given: () => compareReport('workspace inputs', ['input/sales.csv', 'input/regions.json'], here('./expected/report.txt')),
  holdout: () =>
    compareReport(
      'unseen inputs',
      [here('./holdout/sales.csv'), here('./holdout/regions.json')],
      here('./holdout/expected.txt'),
    ),
  missing: () => {
    const missingFile = 'input/does-not-exist.csv';
    const run = runPipeline([missingFile, 'input/regions.json']);
    const stderrLines = run.stderr.trim().split('\n').filter(Boolean);
    if (run.status !== 2) return [false, `missing input: expected exit code 2, got ${run.status}`];
    if (run.stdout.trim() !== '') return [false, 'missing input: stdout should be empty'];
    if (stderrLines.length !== 1 || !stderrLines[0].includes(missingFile)) {
      return [false, `missing input: expected one stderr line naming ${missingFile}, got ${stderrLines.length} lines`];
    }
    return [true, 'missing input: exit 2 with one line naming the file'];
  },
};

await runNamedCheck(checks);
