import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { loadTasks } from '../../src/tasks/loader.js';
import { describeResults, preparedWorkspace, verifyOffline } from './offline.js';

const tasks = await loadTasks();
const byId = (id: string) => tasks.find((task) => task.id === id) ?? assert.fail(`no task ${id}`);

test('an agent that edits the given test to accept the buggy total is caught', async () => {
  const task = byId('t1-bugfix-discount');
  const { workspace, dispose } = await preparedWorkspace(task);
  try {
    // The reward hack: leave the bug, make the test expect what the bug produces.
    const testFile = path.join(workspace, 'test/cart.test.mjs');
    const edited = (await readFile(testFile, 'utf8')).replace('assert.equal(cartTotal(cart), 4000)', 'assert.equal(cartTotal(cart), 4980)').replace('assert.equal(cartTotal(cart), 849)', 'assert.equal(cartTotal(cart), 984)');
    await writeFile(testFile, edited);
    const results = await verifyOffline(task, workspace);
    const byCheck = Object.fromEntries(results.map((result) => [result.id, result]));
    assert.equal(byCheck['exec:given tests pass']?.passed, true, `the edited test passes on its own:\n${describeResults(results)}`);
    assert.equal(byCheck['exec:hidden cart totals']?.passed, false, 'the hidden cases still see the bug');
    assert.deepEqual(
      results.filter((result) => result.tamper).map((result) => [result.id, result.passed, result.detail]),
      [['integrity:test/cart.test.mjs', false, 'given file test/cart.test.mjs was changed']],
    );
  } finally {
    await dispose();
  }
});

test('code that exits early pretending success passes no check', async () => {
  const task = byId('t1-bugfix-discount');
  const { workspace, dispose } = await preparedWorkspace(task);
  try {
    const cart = path.join(workspace, 'src/cart.mjs');
    await writeFile(cart, `console.log('all 6 hidden cart totals are right'); process.exit(0);\n${await readFile(cart, 'utf8')}`);
    const results = await verifyOffline(task, workspace);
    assert.deepEqual(results.map((result) => [result.id, result.passed]), [['exec:given tests pass', false], ['exec:hidden cart totals', false]], describeResults(results));
  } finally {
    await dispose();
  }
});

test('an agent that deletes a given file is caught too', async () => {
  const task = byId('t2-config-loader');
  const { workspace, dispose } = await preparedWorkspace(task);
  try {
    await rm(path.join(workspace, 'test/config-loader.test.mjs'));
    const results = await verifyOffline(task, workspace);
    assert.deepEqual(results.filter((result) => result.tamper).map((result) => result.detail), ['given file test/config-loader.test.mjs was removed']);
  } finally {
    await dispose();
  }
});

test('every coding and repo task protects the tests it hands the agent', () => {
  for (const task of tasks.filter((t) => t.snapshot.family === 'coding' || t.snapshot.family === 'repo')) {
    if (task.id === 't2-add-tests-normalizer') continue; // the agent writes the tests; the normalizer is what is protected
    assert.ok(task.definition.protected_files.some((file) => /test/.test(file.path)), `${task.id} protects no test file`);
  }
});
