import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { GatewayConnection } from '../../src/engine/connection.js';
import type { RunRecord } from '../../src/engine/run-record.js';
import { scoreRun } from '../../src/scoring/run-score.js';
import { loadTasks } from '../../src/tasks/loader.js';
import { connectionTo, evalOn, recordingLogger } from '../engine/harness.js';
import { startGateway, type Gateway } from '../support/gateway.js';
import { startModelServer, type ModelServer } from '../support/model-server.js';
import { describeResults } from '../tasks/offline.js';
import { scriptOracle } from '../tasks/live-replay.js';

/**
 * The tier 3-5 tasks that the per-family live test (test/tasks/live-oracle.test.ts) does not
 * replay: each oracle, replayed as tool calls by the scripted model through the real gateway,
 * must pass end to end. This is what proves the parts an offline check cannot: the background
 * services reached from the agent's own exec and browser calls, a real subagent spawn, and
 * multi-turn gating. The runs share one eval with three lanes, as a real sweep would.
 */

const LIVE = [
  't3-data-pipeline-report',
  't3-data-sql-query',
  't3-feature-export',
  't3-msg-inbox-triage',
  't3-web-research-and-cite', // research_site service, fetched from the agent's exec
  't4-browser-research-and-code', // docs_site service, through Chromium
  't4-cross-repo-migration',
  't4-delegation-repair', // a real sessions_spawn
  't4-life-trip-plan', // three gated turns
];

/** The subagent's own script: it re-runs the notification tests it was asked to fix. */
const SUBAGENT_SCRIPT = {
  match: /quiet hours \[start, end\) may/,
  steps: [{ toolCalls: [{ name: 'exec', arguments: { command: 'node --test tests/notifications.test.mjs' } }] }, { text: 'Ran the notification tests.' }],
};

let model: ModelServer;
let gateway: Gateway;
let connection: GatewayConnection;
const logger = recordingLogger();
const tasks = (await loadTasks()).filter((task) => LIVE.includes(task.id));
const records = new Map<string, RunRecord>();

before(async () => {
  model = await startModelServer();
  gateway = await startGateway({ modelBaseUrl: model.baseUrl, browser: { allowedHostnames: ['127.0.0.1'] } });
  connection = connectionTo(gateway, logger);
  const unscript = await Promise.all(tasks.map((task) => scriptOracle(model, task)));
  const removeSubagent = model.script(SUBAGENT_SCRIPT);
  try {
    const { outcome } = await evalOn(gateway, connection, logger, { tasks, concurrency: 3, perRunBudgetMs: 420_000, perTurnCapMs: 300_000 });
    for (const record of outcome.records) records.set(record.task.id, record);
  } finally {
    removeSubagent();
    unscript.forEach((remove) => remove());
  }
});

after(async () => {
  await connection?.close();
  await gateway?.stop();
  await model?.close();
});

describe('tier 3-5 oracles through the real gateway', () => {
  it('replays every listed task', () => {
    assert.deepEqual(tasks.map((task) => task.id).sort(), [...LIVE].sort());
  });

  for (const id of LIVE) {
    it(`${id}: the replayed oracle passes`, () => {
      const task = tasks.find((candidate) => candidate.id === id)!;
      const record = records.get(id);
      assert.ok(record, `${id} was run`);
      assert.equal(record.status, 'scored', JSON.stringify(record.error));
      const score = scoreRun(record);
      assert.equal(score.completion, 1, describeResults(record.checks));
      assert.equal(score.passed, true, `score ${score.score}: trajectory ${JSON.stringify(score.trajectory)}, behavior ${JSON.stringify(score.behavior)}`);
      if (task.needsBrowser) assert.ok(record.toolCalls.some((call) => call.name === 'browser' && !call.isError), 'the browser tool ran');
      if (task.snapshot.trajectory.min_successful_delegations > 0) {
        assert.ok(score.trajectory.successfulDelegations >= 1, 'a subagent was spawned');
        assert.ok(model.requestsFor(SUBAGENT_SCRIPT).length > 0, 'the subagent asked the model for its brief');
        assert.ok(record.toolCalls.some((call) => call.bySubagent && call.name === 'exec'), 'the subagent ran the notification tests');
      }
    });
  }
});
