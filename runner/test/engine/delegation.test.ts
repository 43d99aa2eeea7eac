import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { oracleScript } from '../support/model-server.js';
import { connectionTo, evalOn, withRealGateway } from './harness.js';
import { scriptedTask } from './scripted-task.js';

/**
 * Tool Search on (the gateway's default): tools reached through the `tool_call` wrapper are recorded
 * as the real tool, and a subagent spawned that way, with the parent yielding until it finishes,
 * has its tool calls and usage in the run.
 */

const suite = withRealGateway({ toolSearch: true });
const { logger } = suite;

describe('tool search and delegation on the real gateway', () => {
  it('records the real tool behind tool_call, and waits for a yielded parent and its subagent', async () => {
    const parent = oracleScript(
      'DELEGATE-PARENT-1',
      [
        { name: 'tool_call', arguments: { id: 'session_status', args: {} } },
        { name: 'tool_call', arguments: { id: 'sessions_spawn', args: { task: 'DELEGATE-CHILD-1: write child.txt' } } },
        { name: 'sessions_yield', arguments: {} },
      ],
      'Parent saw the child finish. PARENT_FINAL',
    );
    const child = oracleScript('DELEGATE-CHILD-1', [{ name: 'write', arguments: { path: 'child.txt', content: 'from the child' } }], 'Child finished.', {
      promptTokens: 700,
      completionTokens: 30,
    });
    suite.model.script(parent);
    suite.model.script(child);
    const task = scriptedTask({ id: 'delegate', prompts: ['DELEGATE-PARENT-1: delegate the file'], expectFile: 'child.txt' });

    const { outcome } = await evalOn(suite.gateway, suite.connection, logger, { tasks: [task] });
    const record = outcome.records[0]!;
    assert.equal(record.status, 'scored', JSON.stringify(record.error));
    assert.equal(record.timedOut, false);

    const own = record.toolCalls.filter((call) => !call.bySubagent);
    assert.deepEqual(
      own.map((call) => [call.name, call.viaToolSearch]),
      [
        ['session_status', true],
        ['sessions_spawn', true],
        ['sessions_yield', false],
      ],
    );
    assert.deepEqual(own[1]!.arguments, { task: 'DELEGATE-CHILD-1: write child.txt' });
    assert.match(own[0]!.resultText, /OpenClaw/, 'the real tool’s result, not the wrapper’s JSON');

    const delegated = record.toolCalls.filter((call) => call.bySubagent);
    assert.deepEqual(delegated.map((call) => [call.name, call.arguments]), [['write', { path: 'child.txt', content: 'from the child' }]]);
    assert.match(delegated[0]!.sessionKey, /:subagent:/);
    assert.deepEqual(record.checks.map((check) => check.passed), [true], 'the subagent wrote into the run’s workspace');
    assert.ok(record.sessions.some((session) => session.subagent));

    assert.equal(record.messages.at(-1)?.text, 'Parent saw the child finish. PARENT_FINAL', 'the follow-up run after the yield was awaited');
    const childReplies = suite.model.requestsFor(child).length;
    assert.equal(childReplies, 2);
    assert.ok(record.usage.input >= suite.model.requestsFor(parent).length * 1000 + childReplies * 700, 'subagent usage is included');
  });
});
