import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { readRunsLog } from '../../src/engine/runs-log.js';
import { oracleScript } from '../support/model-server.js';
import { connectionTo, evalOn, withRealGateway } from './harness.js';
import { scriptedTask } from './scripted-task.js';

/** The engine's guarantees on the real gateway: budgets, lanes, resume, and surviving a gateway crash. */

const suite = withRealGateway();
const { logger } = suite;

describe('engine on the real gateway', () => {
  it('gives every run its own workspace, also with two lanes in parallel', async () => {
    suite.model.script(oracleScript('LANES-OWN-1', [{ name: 'exec', arguments: { command: 'cat owner.txt && echo && ls' } }], 'Listed.'));
    let made = 0;
    const task = scriptedTask({ id: 'lanes-own', prompts: ['LANES-OWN-1: show the owner'] });
    const original = task.prepareWorkspace.bind(task);
    const owned: Array<{ workspace: string; owner: string }> = [];
    const observed = Object.assign(task, {
      async prepareWorkspace(workspace: string) {
        await original(workspace);
        const owner = `owner-${++made}`;
        owned.push({ workspace, owner });
        const { writeFile } = await import('node:fs/promises');
        await writeFile(`${workspace}/owner.txt`, owner);
      },
    });
    const { outcome } = await evalOn(suite.gateway, suite.connection, logger, { tasks: [observed], runs: 4, concurrency: 2 });

    assert.equal(outcome.records.length, 4);
    assert.deepEqual(outcome.records.map((record) => record.run).sort(), [1, 2, 3, 4]);
    const workspaces = task.verified.map((seen) => seen.workspace);
    assert.equal(new Set(workspaces).size, 4, 'four distinct workspaces');
    for (const seen of task.verified) assert.deepEqual(seen.files, ['owner.txt'], `${seen.workspace} holds only its own run's files`);
    for (const record of outcome.records) {
      const exec = record.toolCalls[0]!;
      const owner = exec.resultText.split('\n')[0];
      const own = owned.find((entry) => entry.owner === owner);
      assert.ok(own, `the agent saw a known owner (${owner})`);
      assert.equal(record.sessions.length, 1);
    }
    assert.equal(new Set(outcome.records.map((record) => record.toolCalls[0]!.resultText.split('\n')[0])).size, 4, 'each run saw its own workspace');
    const spans = outcome.records.map((record) => [Date.parse(record.startedAt), Date.parse(record.startedAt) + record.durationMs] as const);
    const overlapping = spans.some(([start, end], i) => spans.some(([otherStart, otherEnd], j) => i !== j && start < otherEnd && otherStart < end));
    assert.ok(overlapping, 'two lanes really ran at the same time');
  });

  it('aborts a stalled model at the run budget and scores the run as timed out', async () => {
    const script = suite.model.script({ match: 'STALL-BUDGET-1', steps: [{ toolCalls: [{ name: 'write', arguments: { path: 'a.txt', content: 'a' } }] }, { fault: 'stall' }] });
    const task = scriptedTask({ id: 'stall-budget', prompts: ['STALL-BUDGET-1: start and then hang'], expectFile: 'a.txt' });
    // generous: a busy shared machine makes the first model call slow, and the write must land first
    const budgetMs = 45_000;
    const { outcome } = await evalOn(suite.gateway, suite.connection, logger, { tasks: [task], perRunBudgetMs: budgetMs });
    script();
    const record = outcome.records[0]!;
    assert.equal(record.status, 'scored', 'a timeout is the model’s outcome, not an infrastructure error');
    assert.equal(record.timedOut, true);
    assert.equal(record.attempts, 1);
    assert.ok(record.durationMs >= budgetMs - 1_000, `ran ${record.durationMs} ms, budget ${budgetMs}`);
    assert.ok(record.durationMs < budgetMs + 60_000, `abort took too long: ${record.durationMs} ms`);
    assert.deepEqual(record.toolCalls.map((call) => call.name), ['write'], 'the work done before the stall is kept');
    assert.deepEqual(record.checks.map((check) => check.passed), [true], 'a timed-out run is still checked');
  });

  it('resumes: finished runs of an unchanged task are skipped, changed tasks run again', async () => {
    suite.model.script(oracleScript('RESUME-1', [], 'Resumed fine.'));
    const task = scriptedTask({ id: 'resume-a', prompts: ['RESUME-1: answer'] });
    const first = await evalOn(suite.gateway, suite.connection, logger, { tasks: [task], runs: 2 });
    assert.equal(first.outcome.records.length, 2);
    const before = suite.model.requests.length;

    const second = await evalOn(suite.gateway, suite.connection, logger, { tasks: [task], runs: 3, resume: true, runsFile: first.runsFile });
    assert.equal(second.outcome.resumed, 2);
    assert.equal(second.outcome.planned, 1);
    assert.deepEqual(second.outcome.records.map((record) => record.run).sort(), [1, 2, 3]);
    assert.equal(suite.model.requests.length - before, 1, 'only the missing run talked to the model');
    const { records } = await readRunsLog(first.runsFile);
    assert.equal(records.length, 3, 'runs.jsonl holds every finished run once');

    const changed = scriptedTask({ id: 'resume-a', prompts: ['RESUME-1: answer'], fingerprint: 'fp-changed' });
    const third = await evalOn(suite.gateway, suite.connection, logger, { tasks: [changed], runs: 1, resume: true, runsFile: first.runsFile });
    assert.equal(third.outcome.resumed, 0, 'a changed task fingerprint invalidates earlier runs');
    assert.equal(third.outcome.planned, 1);
  });

  it('survives the gateway being killed mid-run: the run is retried on the restarted gateway and nothing is lost', async () => {
    const removeStalling = suite.model.script({
      match: 'CRASH-RETRY-1',
      steps: [{ toolCalls: [{ name: 'write', arguments: { path: 'crash.txt', content: 'x' } }] }, { fault: 'stall', ms: 60_000 }],
    });
    const stalled = new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (suite.model.requests.some((request) => request.firstUserText.includes('CRASH-RETRY-1') && request.step === 1)) {
          clearInterval(poll);
          resolve();
        }
      }, 100);
    });
    const crash = stalled.then(async () => {
      await suite.gateway.kill();
      // the retried attempt is a new conversation: this time the model does not hang
      removeStalling();
      suite.model.script(oracleScript('CRASH-RETRY-1', [{ name: 'write', arguments: { path: 'crash.txt', content: 'x' } }], 'Recovered.'));
      await suite.gateway.restart();
    });
    const task = scriptedTask({ id: 'crash-retry', prompts: ['CRASH-RETRY-1: write then wait'], expectFile: 'crash.txt' });
    const other = scriptedTask({ id: 'crash-bystander', prompts: ['CRASH-BYSTANDER-1: answer'] });
    suite.model.script(oracleScript('CRASH-BYSTANDER-1', [], 'Bystander done.'));
    const { outcome, runsFile } = await evalOn(suite.gateway, suite.connection, logger, { tasks: [task, other], runs: 1, concurrency: 2, retry: { attempts: 4, baseDelayMs: 1_000 } });
    await crash;

    const crashed = outcome.records.find((record) => record.task.id === 'crash-retry')!;
    assert.equal(crashed.status, 'scored');
    assert.ok(crashed.attempts >= 2, `retried (${crashed.attempts} attempts)`);
    assert.deepEqual(crashed.checks.map((check) => check.passed), [true]);
    assert.ok(logger.warnings.some((warning) => warning.includes('crash-retry run 1: attempt 1 failed (gateway')));
    const lines = (await readFile(runsFile, 'utf8')).trim().split('\n');
    assert.equal(lines.length, 2, 'both runs are on disk');
    assert.deepEqual(outcome.records.map((record) => record.status), ['scored', 'scored']);
  });

  it('stops the eval, losing nothing, when the gateway stays unreachable for the connect timeout', async () => {
    await suite.gateway.kill();
    const impatient = connectionTo(suite.gateway, logger, 2_000);
    suite.model.script(oracleScript('GATEWAY-GONE-1', [], 'never'));
    const task = scriptedTask({ id: 'gateway-gone', prompts: ['GATEWAY-GONE-1: anything'] });
    const { outcome, runsFile } = await evalOn(suite.gateway, impatient, logger, { tasks: [task], runs: 3 });
    assert.match(outcome.gatewayLost ?? '', /could not connect to the gateway at ws:\/\/127\.0\.0\.1:\d+ within 2 s/);
    assert.equal(outcome.records.length, 0, 'no run is recorded as an error: the eval resumes later');
    assert.equal((await readRunsLog(runsFile).catch(() => ({ records: [] }))).records.length, 0);
  });
});
