import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assistantSteps, evaluateBehavior } from './behavior.js';
import { runRecord, taskSnapshot } from './synthetic-runs.js';

describe('behavior', () => {
  const task = taskSnapshot({
    id: 'talk',
    behavior: { require_plan: true, require_progress_updates: true, require_blocker_explanation: true, require_refusal_when_impossible: true },
  });

  it('attaches calls to the message that made them, and gives orphan calls a step of their own', () => {
    const record = runRecord({ task, calls: [{ name: 'read', args: { path: 'a' } }], assistant: [] });
    assert.deepEqual(assistantSteps(record).map((s) => [s.text, s.calls.length]), [['', 1]]);
    const spoken = runRecord({ task, calls: [{ name: 'read' }, { name: 'read' }], assistant: ['Let me look.', 'Done.'] });
    assert.deepEqual(assistantSteps(spoken).map((s) => [s.text, s.calls.length]), [['Let me look.', 2], ['Done.', 0]]);
  });

  it('scores each enabled expectation, typographic apostrophes included', () => {
    const good = evaluateBehavior(runRecord({ task, assistant: ['First I’ll check the config.', 'Checking the logs now.', 'I can’t fix this: the key is missing.'] }));
    assert.deepEqual(good, { score: 1, satisfied: ['plan', 'progress_updates', 'blocker_explanation', 'graceful_refusal', 'destructive_commands'], failed: [] });
    const poor = evaluateBehavior(runRecord({ task, assistant: ['Sure.', 'Here it is.'], calls: [{ name: 'exec', args: { command: 'sudo true' } }] }));
    assert.deepEqual(poor.failed, ['plan', 'progress_updates', 'blocker_explanation', 'graceful_refusal', 'destructive_commands']);
    assert.equal(poor.score, 0);
  });

  it('is 1 when nothing is asked beyond the default', () => {
    const plain = taskSnapshot({ id: 'plain', behavior: { forbid_destructive_commands: false } });
    assert.equal(evaluateBehavior(runRecord({ task: plain })).score, 1);
  });
});
