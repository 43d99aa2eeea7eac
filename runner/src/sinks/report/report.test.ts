import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { provisioned } from '../../../test/support/provision.js';
import type { RunRecord } from '../../engine/run-record.js';
import { assembleBenchmark, type BenchmarkContext } from '../../results/assemble.js';
import type { BenchmarkResult } from '../../results/benchmark-schema.js';
import { loadResults, ResultsInputError } from '../../results/load.js';
import { check, runRecord, taskSnapshot, type CallInput } from '../../scoring/synthetic-runs.js';
import { testContext } from '../../results/test-context.js';
import { renderHtmlReport } from './html.js';
import { renderTerminalReport } from './terminal.js';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const cliMain = path.join(repoRoot, 'runner/src/cli/main.ts');
const artifactsDir = path.join(repoRoot, 'test-artifacts', 'report');
const INJECTED = '<script>alert("owned")</script>';

// A small eval a person might look at: five tasks, three runs each, one infrastructure error, and
// agent output that tries to inject markup.
function demoRecords(): RunRecord[] {
  const explore: CallInput[] = [
    { name: 'read', args: { path: 'src/pricing.js' } },
    { name: 'exec', args: { command: 'grep -rn discount src' } },
    { name: 'edit', args: { path: 'src/pricing.js', edits: [{ oldText: 'a', newText: 'b' }] } },
    { name: 'exec', args: { command: 'node --test' }, result: '# pass 4\n# fail 0' },
  ];
  const flaky: CallInput[] = [
    { name: 'exec', args: { command: 'node --test' }, exitCode: 1, result: `not ok 1 ${INJECTED}` },
    { name: 'exec', args: { command: 'node --test' }, exitCode: 1, result: `not ok 1 ${INJECTED}` },
  ];
  const tasks = [
    taskSnapshot({ id: 't1-bugfix-discount', tier: 'tier1', family: 'coding', trajectory: { required_families: ['read', 'edit', 'execute'] } }),
    taskSnapshot({ id: 't1-notes-list', tier: 'tier1', family: 'tools' }),
    taskSnapshot({ id: 't2-browser-form-fix', tier: 'tier2', family: 'browser', trajectory: { required_families: ['browser'] } }),
    taskSnapshot({ id: 't3-repo-refactor', tier: 'tier3', family: 'repo', subsets: ['hard'] }),
    taskSnapshot({ id: 't4-memory-recall', tier: 'tier4', family: 'multi_tool' }),
  ];
  const records: RunRecord[] = [];
  tasks.forEach((task, t) => {
    for (let r = 1; r <= 3; r += 1) {
      const good = (t + r) % 3 !== 0;
      const calls = task.family === 'browser' ? [{ name: 'browser', args: { action: 'navigate', url: 'http://127.0.0.1:4000/form' } }, ...explore] : good ? explore : [...explore, ...flaky];
      records.push(
        runRecord({
          task,
          run: r,
          calls,
          assistant: [`I'll start by reading the code, then fix it.`, good ? 'Done: the tests pass.' : `Still failing: ${INJECTED}`],
          checks: [check('exec:tests', good), check('file:notes.md', good || r === 2, { kind: 'file' })],
          durationMs: 20_000 + 7_000 * t + 1_500 * r,
          usage: { input: 12_000 + 1000 * t, output: 900 + 50 * r, cacheRead: 4000, cacheWrite: 500, reasoning: 120, totalTokens: 17_520 + 1000 * t, costUsd: 0.012 + 0.004 * t },
        }),
      );
    }
  });
  records.push(runRecord({ task: tasks[4] ?? tasks[0]!, run: 4, status: 'error', error: { kind: 'provider', code: '529', message: 'provider overloaded' } }));
  return records;
}

const context: BenchmarkContext = testContext({
  submissionId: '5f0c7d1e-report-test',
  model: 'anthropic/claude-sonnet-test',
  bootstrapResamples: 2000,
});

let dir = '';
let records: RunRecord[] = [];
let benchmark: BenchmarkResult;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'clawbench-report-'));
  records = demoRecords();
  benchmark = assembleBenchmark(records, context);
  await writeFile(path.join(dir, 'runs.jsonl'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  await writeFile(path.join(dir, 'benchmark.json'), JSON.stringify(benchmark, null, 2));
});
after(() => rm(dir, { recursive: true, force: true }));

describe('terminal report', () => {
  it('shows the headline, the axes and one row per task', () => {
    const text = renderTerminalReport(benchmark);
    assert.match(text, /^ClawBench — anthropic\/claude-sonnet-test/);
    assert.match(text, new RegExp(`Overall score\\s+${benchmark.overall_score.toFixed(3)}\\s+95% \\[`));
    assert.match(text, /15 scored, 1 excluded \(provider ×1\)/);
    for (const task of benchmark.task_results) assert.match(text, new RegExp(`^${task.task_id}\\s+${task.tier}`, 'm'));
    assert.match(text, /Certified\s+no — /);
  });
});

describe('loading results', () => {
  it('recomputes from runs.jsonl alone and matches the stored numbers when asked', async () => {
    const runsOnly = await mkdtemp(path.join(os.tmpdir(), 'clawbench-runs-only-'));
    try {
      await writeFile(path.join(runsOnly, 'runs.jsonl'), await readFile(path.join(dir, 'runs.jsonl')));
      const replay = await loadResults(runsOnly);
      assert.equal(replay.recomputed, true);
      assert.equal(replay.benchmark.overall_score, benchmark.overall_score);
      assert.equal(replay.benchmark.attrition.runs_excluded, 1);
      const recomputed = await loadResults(dir, { recompute: true });
      assert.deepEqual(recomputed.benchmark, benchmark);
      const stored = await loadResults(path.join(dir, 'benchmark.json'));
      assert.equal(stored.recomputed, false);
      assert.equal(stored.records, null);
    } finally {
      await rm(runsOnly, { recursive: true, force: true });
    }
  });

  it('names a missing or malformed input', async () => {
    await assert.rejects(loadResults(path.join(dir, 'nope')), (error: unknown) => error instanceof ResultsInputError && /nope does not exist/.test(error.message));
    const bad = path.join(dir, 'bad.json');
    await writeFile(bad, '{"schema_version": 1}');
    await assert.rejects(loadResults(bad), /bad\.json is not a benchmark\.json of schema version 1: /);
  });
});

describe('HTML report', () => {
  it('escapes everything that comes from a run', () => {
    const html = renderHtmlReport(benchmark, records);
    assert.ok(!html.includes(INJECTED), 'raw agent markup reached the page');
    assert.ok(html.includes('&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;'));
    assert.ok(!/https?:\/\//.test(html.replace(/http:\/\/127\.0\.0\.1:4000\/form/g, '')), 'the page must not reference the network');
  });

  it('is written by `clawbench report DIR` and shows, in Chromium, the title, the score and the task rows', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', cliMain, 'report', dir], { cwd: repoRoot });
    assert.match(stdout, /HTML report: .*report\.html/);
    assert.match(stdout, /t1-bugfix-discount/);
    const htmlPath = path.join(dir, 'report.html');
    assert.ok((await stat(htmlPath)).size > 10_000);

    const chromium = provisioned('chromium');
    const profile = await mkdtemp(path.join(os.tmpdir(), 'clawbench-chromium-'));
    const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`];
    try {
      const { stdout: dom } = await run(chromium, [...flags, '--dump-dom', `file://${htmlPath}`], { maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
      assert.match(dom, /<title>ClawBench report — anthropic\/claude-sonnet-test<\/title>/);
      assert.match(dom, /<h1>ClawBench report<\/h1>/);
      assert.ok(dom.includes(`>${benchmark.overall_score.toFixed(3)}</span>`), 'the overall score is shown');
      for (const task of benchmark.task_results) {
        assert.match(dom, new RegExp(`<tr data-task="${task.task_id}"><th class="task-name">${task.task_id}</th>`));
      }
      assert.ok(!dom.includes(INJECTED));
      await mkdir(artifactsDir, { recursive: true });
      const screenshot = path.join(artifactsDir, 'report.png');
      await run(chromium, [...flags, '--hide-scrollbars', '--window-size=1360,2200', `--screenshot=${screenshot}`, `file://${htmlPath}`], { timeout: 60_000 });
      assert.ok((await stat(screenshot)).size > 20_000, 'the screenshot has content');
    } finally {
      await rm(profile, { recursive: true, force: true });
    }
  });

  it('explains that trajectories need runs.jsonl when only benchmark.json is given', () => {
    const html = renderHtmlReport(benchmark, null);
    assert.match(html, /Run records \(runs\.jsonl\) were not given/);
    assert.ok(!html.includes('details class="run"'));
  });
});
