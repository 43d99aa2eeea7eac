import assert from 'node:assert/strict';
import { access, readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { toolCallFailed } from '../../src/engine/run-record.js';
import { SCRIPTED_PRICES } from '../support/gateway.js';
import { oracleScript, type ScriptedUsage } from '../support/model-server.js';
import { connectionTo, evalOn, withRealGateway } from './harness.js';
import { scriptedTask } from './scripted-task.js';

/** Real gateway, scripted model: what the agent did is captured exactly, and priced exactly. */

const suite = withRealGateway();
const { logger } = suite;

function expectedCost(usage: ScriptedUsage): number {
  const cached = usage.cachedTokens ?? 0;
  return ((usage.promptTokens - cached) * SCRIPTED_PRICES.input + usage.completionTokens * SCRIPTED_PRICES.output + cached * SCRIPTED_PRICES.cacheRead) / 1e6;
}

describe('a scripted run on the real gateway', () => {
  it('captures every tool call with its arguments, result and exit code, in order, and prices the usage', async () => {
    const usage: ScriptedUsage = { promptTokens: 1500, completionTokens: 70, cachedTokens: 300, reasoningTokens: 12 };
    const calls = [
      { name: 'write', arguments: { path: 'notes.txt', content: 'alpha\nbeta\n' } },
      { name: 'read', arguments: { path: 'notes.txt' } },
      { name: 'exec', arguments: { command: 'grep -c beta notes.txt && exit 4' } },
      { name: 'ls', arguments: { path: '.' } },
    ];
    const script = oracleScript('TRAJ-EXACT-1', calls, 'All done. TRAJ_FINAL', usage);
    suite.model.script(script);
    const task = scriptedTask({ id: 'traj-exact', prompts: ['TRAJ-EXACT-1: write notes and check them'], expectFile: 'notes.txt', fixtures: { 'seed.txt': 'seed' } });

    const { outcome } = await evalOn(suite.gateway, suite.connection, logger, { tasks: [task] });

    assert.equal(outcome.records.length, 1);
    const record = outcome.records[0]!;
    assert.equal(record.status, 'scored');
    assert.equal(record.timedOut, false);
    assert.equal(record.attempts, 1);
    assert.deepEqual(
      record.toolCalls.map((call) => ({ name: call.name, arguments: call.arguments })),
      calls.map((call) => ({ name: call.name, arguments: call.arguments })),
    );
    const [write, read, exec, ls] = record.toolCalls;
    assert.match(read!.resultText, /alpha\nbeta/);
    assert.equal(exec!.isError, false, 'a failing exec is not a tool error for the gateway');
    assert.equal(exec!.exitCode, 4);
    assert.equal(toolCallFailed(exec!), true);
    assert.equal(write!.exitCode, null);
    assert.ok(ls!.resultText.includes('seed.txt'), 'the fixtures were in the workspace the agent saw');
    assert.ok(record.toolCalls.every((call) => call.phase === 0 && !call.bySubagent && call.endedAt !== null));

    const replies = calls.length + 1;
    assert.equal(suite.model.requestsFor(script).length, replies);
    assert.equal(record.usage.input, replies * (usage.promptTokens - usage.cachedTokens!));
    assert.equal(record.usage.cacheRead, replies * usage.cachedTokens!);
    assert.equal(record.usage.output, replies * usage.completionTokens);
    assert.ok(Math.abs(record.usage.costUsd - replies * expectedCost(usage)) < 1e-9, `cost ${record.usage.costUsd} != ${replies * expectedCost(usage)}`);

    assert.deepEqual(
      record.messages.map((message) => [message.role, message.text]),
      [
        ['user', 'TRAJ-EXACT-1: write notes and check them'],
        // one tool-only reply per call, then the answer
        ...calls.map(() => ['assistant', '']),
        ['assistant', 'All done. TRAJ_FINAL'],
      ],
    );
    assert.deepEqual(record.checks.map((check) => [check.id, check.passed]), [['file:notes.txt', true]]);
    assert.equal(record.artifacts['notes.txt'], 'alpha\nbeta\n');
    assert.ok(record.agentMs > 0 && record.agentMs <= record.durationMs);
    const workspace = task.verified[0]!.workspace;
    assert.ok(workspace.startsWith(suite.gateway.workspaceRoot));
    await assert.rejects(access(workspace), 'the workspace is removed after the run');
  });

  it('starts the task’s services on free ports, fills their placeholders, and kills their process group after', async () => {
    // the service forks a grandchild, to show the whole group goes
    const server = [
      "const http = require('node:http'); const { spawn } = require('node:child_process'); const fs = require('node:fs');",
      "const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });",
      "fs.writeFileSync('pids.txt', process.pid + ' ' + child.pid);",
      "http.createServer((req, res) => res.end(req.url === '/ready' ? 'ready' : 'hello')).listen(Number(process.env.WEB_PORT), '127.0.0.1');",
    ].join(' ');
    suite.model.script(oracleScript('SERVICE-1', [], 'Visited.'));
    const task = scriptedTask({
      id: 'service-run',
      prompts: ['SERVICE-1: open {web_url}/page (port {web_port}) in {workspace}'],
      services: [{ name: 'web', command: ['node', '-e', server], cwd: '.', env: {}, portEnv: 'WEB_PORT', readyPath: '/ready', readyStatus: 200, startupTimeoutSeconds: 60 }],
      fixtures: { 'keep.txt': 'k' },
    });
    const { outcome } = await evalOn(suite.gateway, suite.connection, logger, { tasks: [task], keepWorkspaces: true });
    const record = outcome.records[0]!;
    assert.equal(record.status, 'scored');
    const port = task.verified[0]!.ports.web;
    assert.ok(port && port > 0);
    const prompt = suite.model.requests.find((request) => request.firstUserText.includes('SERVICE-1'))!.firstUserText;
    assert.ok(prompt.includes(`http://127.0.0.1:${port}/page (port ${port}) in ${record.workspace}`), prompt.slice(0, 300));
    const pids = (await readFile(`${record.workspace}/pids.txt`, 'utf8')).split(' ').map(Number);
    assert.equal(pids.length, 2);
    // the orphaned grandchild is reaped by init, not by us: allow it a moment, and a zombie is gone
    const alive = async (pid: number) => {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
      return stat !== null && stat.slice(stat.lastIndexOf(')') + 2).charAt(0) !== 'Z';
    };
    for (let tries = 0; tries < 50 && (await alive(pids[0]!) || (await alive(pids[1]!))); tries++) await new Promise((resolve) => setTimeout(resolve, 100));
    for (const pid of pids) assert.equal(await alive(pid), false, `process ${pid} of the service is gone`);
    await assert.rejects(fetch(`http://127.0.0.1:${port}/ready`));
  });

  it('gives a task that keeps agent-level state its own agent, whose memory the checks can search', async () => {
    suite.model.script(
      oracleScript('OWN-AGENT-1', [{ name: 'write', arguments: { path: 'MEMORY.md', content: '# Memory\n\n- The vault code is QUOKKA-5511.\n' } }], 'Remembered.'),
    );
    const task = scriptedTask({ id: 'own-agent', prompts: ['OWN-AGENT-1: remember the vault code'], needsOwnAgent: true, memoryQuery: 'QUOKKA-5511' });
    const { outcome } = await evalOn(suite.gateway, suite.connection, logger, { tasks: [task] });
    const record = outcome.records[0]!;
    assert.equal(record.status, 'scored', JSON.stringify(record.error));
    const seen = task.verified[0]!;
    assert.notEqual(seen.agentId, 'main');
    assert.ok(record.sessions[0]!.key.startsWith(`agent:${seen.agentId}:`), record.sessions[0]!.key);
    assert.ok(seen.memoryHits.some((hit) => hit.snippet.includes('QUOKKA-5511')), JSON.stringify(seen.memoryHits));
    const { AgentsListResultSchema } = await import('../../src/gateway/frames.js');
    // like agents.create, the delete takes effect with the config reload that follows it
    let listed = true;
    for (let tries = 0; listed && tries < 60; tries++) {
      const { agents } = await (await suite.connection.client()).call('agents.list', {}, AgentsListResultSchema);
      listed = agents.some((agent) => agent.id === seen.agentId);
      if (listed) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    assert.equal(listed, false, 'the run’s agent is deleted afterwards');
    assert.ok(!logger.warnings.some((warning) => warning.includes('cleanup')), logger.warnings.join('\n'));
  });

  it('records a provider that keeps failing as an infrastructure error after bounded retries, not as a model failure', async () => {
    suite.model.script({ match: 'PROVIDER-DOWN-1', steps: [{ fault: 'http500' }] });
    const task = scriptedTask({ id: 'provider-down', prompts: ['PROVIDER-DOWN-1: anything'] });
    const { outcome } = await evalOn(suite.gateway, suite.connection, logger, { tasks: [task], retry: { attempts: 2, baseDelayMs: 500 } });
    const record = outcome.records[0]!;
    assert.equal(record.status, 'error');
    assert.equal(record.attempts, 2);
    assert.equal(record.error?.kind, 'provider', JSON.stringify(record.error));
    assert.equal(record.toolCalls.length, 0);
  });
});
