import assert from 'node:assert/strict';
import { access } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { toolCallFailed } from '../../src/engine/run-record.js';
import type { GatewayConnection } from '../../src/engine/connection.js';
import { startGateway, SCRIPTED_PRICES, type Gateway } from '../support/gateway.js';
import { oracleScript, startModelServer, type ModelServer, type ScriptedUsage } from '../support/model-server.js';
import { connectionTo, evalOn, recordingLogger } from './harness.js';
import { scriptedTask } from './scripted-task.js';

/** Real gateway, scripted model: what the agent did is captured exactly, and priced exactly. */

let model: ModelServer;
let gateway: Gateway;
let connection: GatewayConnection;
const logger = recordingLogger();

before(async () => {
  model = await startModelServer();
  gateway = await startGateway({ modelBaseUrl: model.baseUrl });
  connection = connectionTo(gateway, logger);
});

after(async () => {
  await connection?.close();
  await gateway?.stop();
  await model?.close();
});

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
    model.script(script);
    const task = scriptedTask({ id: 'traj-exact', prompts: ['TRAJ-EXACT-1: write notes and check them'], expectFile: 'notes.txt', fixtures: { 'seed.txt': 'seed' } });

    const { outcome } = await evalOn(gateway, connection, logger, { tasks: [task] });

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
    assert.equal(model.requestsFor(script).length, replies);
    assert.equal(record.usage.input, replies * (usage.promptTokens - usage.cachedTokens!));
    assert.equal(record.usage.cacheRead, replies * usage.cachedTokens!);
    assert.equal(record.usage.output, replies * usage.completionTokens);
    assert.ok(Math.abs(record.usage.costUsd - replies * expectedCost(usage)) < 1e-9, `cost ${record.usage.costUsd} != ${replies * expectedCost(usage)}`);

    assert.deepEqual(
      record.messages.map((message) => [message.role, message.text]),
      [
        ['user', 'TRAJ-EXACT-1: write notes and check them'],
        ['assistant', 'All done. TRAJ_FINAL'],
      ],
    );
    assert.deepEqual(record.checks.map((check) => [check.id, check.passed]), [['file:notes.txt', true]]);
    assert.equal(record.artifacts['notes.txt'], 'alpha\nbeta\n');
    assert.ok(record.agentMs > 0 && record.agentMs <= record.durationMs);
    const workspace = task.verified[0]!.workspace;
    assert.ok(workspace.startsWith(gateway.workspaceRoot));
    await assert.rejects(access(workspace), 'the workspace is removed after the run');
  });
});
