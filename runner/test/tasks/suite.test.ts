import assert from 'node:assert/strict';
import { appendFile, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { loadTasks, type LoadedTask } from '../../src/tasks/loader.js';
import { liveOracle } from '../../src/tasks/oracle.js';
import { applyOracle, completionOf, describeResults, preparedWorkspace, verifyOffline } from './offline.js';

/** ClawBench Core v1: the ids, tiers and families the suite keeps. */
const CORE_V1: Record<string, [tier: string, family: string]> = {
  't1-bugfix-discount': ['tier1', 'coding'],
  't1-fs-quick-note': ['tier1', 'tools'],
  't2-add-tests-normalizer': ['tier2', 'coding'],
  't2-browser-form-fix': ['tier2', 'browser'],
  't2-config-loader': ['tier2', 'repo'],
  't2-fs-find-that-thing': ['tier2', 'tools'],
  't2-msg-summarize-thread': ['tier2', 'tools'],
  't2-priv-redact-doc': ['tier2', 'tools'],
  't3-data-pipeline-report': ['tier3', 'multi_tool'],
  't3-data-sql-query': ['tier3', 'tools'],
  't3-feature-export': ['tier3', 'repo'],
  't3-msg-inbox-triage': ['tier3', 'tools'],
  't3-web-research-and-cite': ['tier3', 'tools'],
  't4-browser-research-and-code': ['tier4', 'browser'],
  't4-cross-repo-migration': ['tier4', 'repo'],
  't4-delegation-repair': ['tier4', 'multi_tool'],
  't4-life-trip-plan': ['tier4', 'tools'],
  't4-memory-recall-continuation': ['tier4', 'multi_tool'],
  't5-hallucination-resistant-evidence': ['tier5', 'adversarial'],
};

const tasks: LoadedTask[] = await loadTasks();

test('the core suite holds exactly the 19 Core v1 tasks with their tiers and families', () => {
  assert.deepEqual(tasks.map((task) => task.id), Object.keys(CORE_V1).sort());
  for (const task of tasks) {
    assert.deepEqual([task.snapshot.tier, task.snapshot.family], CORE_V1[task.id], task.id);
  }
});

for (const task of tasks) {
  describe(task.id, () => {
    test('the untouched workspace fails (completion <= 0.34)', async () => {
      const { workspace, dispose } = await preparedWorkspace(task);
      try {
        const results = await verifyOffline(task, workspace);
        assert.ok(results.length > 0, 'a task needs at least one check');
        assert.ok(results.some((result) => !result.passed), `all checks pass untouched:\n${describeResults(results)}`);
        assert.ok(completionOf(results) <= 0.34, `completion ${completionOf(results).toFixed(2)} untouched:\n${describeResults(results)}`);
      } finally {
        await dispose();
      }
    });

    test('the oracle applied to a fresh workspace completes (1.0)', async () => {
      const { workspace, dispose } = await preparedWorkspace(task);
      try {
        await applyOracle(task, workspace);
        const results = await verifyOffline(task, workspace);
        assert.equal(completionOf(results), 1, describeResults(results));
      } finally {
        await dispose();
      }
    });

    test('verifiers and oracle stay out of the workspace', async () => {
      const { workspace, dispose } = await preparedWorkspace(task);
      try {
        const copied = await readdir(workspace, { recursive: true });
        assert.ok(!copied.some((name) => /(^|\/)(verifiers|oracle)(\/|$)/.test(name)), `workspace holds ${copied.join(', ')}`);
        assert.ok((await stat(path.join(task.oracleDir, 'workspace'))).isDirectory(), 'oracle/workspace/ exists');
      } finally {
        await dispose();
      }
    });

    test('the live oracle script matches the task (one entry per phase and turn, files exist)', async () => {
      const replay = await liveOracle(task);
      assert.deepEqual(replay.map((phase) => phase.turns.length), task.phases.map((phase) => phase.turns.length));
      assert.ok(replay.flatMap((phase) => phase.turns.flatMap((turn) => turn.calls)).some((call) => call.name === 'write' || call.name === 'exec'), 'the replay changes the workspace');
    });

    test('code that exits 0 on import cannot pass the checks', async (t) => {
      const { workspace, dispose } = await preparedWorkspace(task);
      try {
        await applyOracle(task, workspace);
        const modules = (await readdir(workspace, { recursive: true })).filter((name) => name.endsWith('.mjs') && !/(^|\/)tests?\//.test(name) && !name.includes('node_modules'));
        if (modules.length === 0) return t.skip('the task has no code modules');
        for (const name of modules) {
          const file = path.join(workspace, name);
          await writeFile(file, `process.exit(0);\n${await readFile(file, 'utf8')}`);
        }
        const results = await verifyOffline(task, workspace);
        assert.ok(completionOf(results) < 1, `every check passed with modules that exit on import:\n${describeResults(results)}`);
      } finally {
        await dispose();
      }
    });

    if (task.definition.protected_files.length > 0) {
      test('changing a given file fails the run with a tamper flag', async () => {
        const { workspace, dispose } = await preparedWorkspace(task);
        try {
          await applyOracle(task, workspace);
          const target = task.definition.protected_files[0]!.path;
          await appendFile(path.join(workspace, target), '\n');
          const results = await verifyOffline(task, workspace);
          const tampered = results.filter((result) => result.tamper);
          assert.deepEqual(tampered.map((result) => [result.id, result.passed]), [[`integrity:${target}`, false]]);
          assert.ok(completionOf(results) < 1);
        } finally {
          await dispose();
        }
      });
    }
  });
}
