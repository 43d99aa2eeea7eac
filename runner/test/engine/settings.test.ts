import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRunSettings, RunSettingsError, type RunSettings } from '../../src/config/run-settings.js';
import { planWork, runLanes, seededRandom, type WorkItem } from '../../src/engine/scheduler.js';
import { scriptedTask } from './scripted-task.js';

const TOKEN = 'token-value-never-shown';

function settings(argv: string[], env: Record<string, string> = {}): RunSettings {
  const parsed = parseRunSettings(argv, { HOME: '/home/eval', OPENCLAW_GATEWAY_TOKEN: TOKEN, ...env });
  assert.notEqual(parsed, 'help');
  return parsed as RunSettings;
}

function problems(argv: string[], env: Record<string, string | undefined> = {}): readonly string[] {
  try {
    parseRunSettings(argv, env);
  } catch (error) {
    assert.ok(error instanceof RunSettingsError);
    return error.problems;
  }
  assert.fail('expected a RunSettingsError');
}

describe('run settings', () => {
  it('takes the seed’s defaults and reads the CLAWBENCH_* variables', () => {
    const fromEnv = settings([], {
      CLAWBENCH_MODEL: 'openai/gpt-5.5',
      CLAWBENCH_RUNS: '5',
      CLAWBENCH_TASKS: ' t1-a   t2-b ',
      CLAWBENCH_CONNECT_TIMEOUT: '30',
      CLAWBENCH_PER_RUN_BUDGET_SECONDS: '90.5',
      OPENCLAW_STATE_DIR: '/state',
    });
    assert.equal(fromEnv.model, 'openai/gpt-5.5');
    assert.equal(fromEnv.runs, 5);
    assert.equal(fromEnv.concurrency, 4);
    assert.deepEqual(fromEnv.tasks, ['t1-a', 't2-b']);
    assert.equal(fromEnv.connectTimeoutMs, 30_000);
    assert.equal(fromEnv.requestTimeoutMs, 300_000);
    assert.equal(fromEnv.perRunBudgetMs, 90_500);
    assert.equal(fromEnv.gatewayUrl, 'ws://localhost:18789');
    assert.equal(fromEnv.output, 'results/benchmark.json');
    assert.equal(fromEnv.workspaceRoot, '/state/workspace-clawbench');
    assert.equal(fromEnv.gatewayToken.reveal(), TOKEN);
    assert.equal(fromEnv.seedGiven, false);
    assert.ok(Number.isInteger(fromEnv.seed));
    assert.ok(!JSON.stringify(fromEnv).includes(TOKEN), 'the token never serialises');
  });

  it('lets flags win over the environment', () => {
    const chosen = settings(['-m', 'a/b', '-n', '2', '-t', 'x', '-t', 'y', '--tier', 'tier3', '--seed', '42', '--keep-workspaces', '-o', 'out/b.json'], {
      CLAWBENCH_MODEL: 'c/d',
      CLAWBENCH_RUNS: '9',
      CLAWBENCH_TASKS: 'z',
    });
    assert.equal(chosen.model, 'a/b');
    assert.equal(chosen.runs, 2);
    assert.deepEqual(chosen.tasks, ['x', 'y']);
    assert.deepEqual(chosen.tiers, ['tier3']);
    assert.equal(chosen.seed, 42);
    assert.equal(chosen.seedGiven, true);
    assert.equal(chosen.keepWorkspaces, true);
    assert.equal(chosen.workspaceRoot, '/home/eval/.openclaw/workspace-clawbench');
  });

  it('reports every bad input at once, naming the input, the value and what was expected, never the token', () => {
    const found = problems(['--runs', '0', '--tier', 'tier9', '--gateway-url', 'http://gw:1', '--seed=-3'], {
      CLAWBENCH_CONCURRENCY: 'many',
      CLAWBENCH_REQUEST_TIMEOUT: '-5',
    });
    assert.deepEqual(found, [
      '--model / CLAWBENCH_MODEL is not set: expected a model ref such as openai/gpt-5.5',
      '--runs "0": expected a positive integer',
      'CLAWBENCH_CONCURRENCY "many": expected a positive integer',
      '--tier "tier9": expected tier1, tier2, tier3, tier4, tier5',
      '--gateway-url "http://gw:1": expected a ws:// or wss:// URL',
      "--gateway-token / OPENCLAW_GATEWAY_TOKEN is not set: expected the gateway's shared token",
      'CLAWBENCH_REQUEST_TIMEOUT "-5": expected seconds, a positive number',
      '--seed "-3": expected an integer from 0 to 4294967295',
    ]);
    assert.deepEqual(problems(['--gateway-token', ' ', '-m', 'a/b']), ["--gateway-token: expected the gateway's shared token"]);
    assert.match(problems(['--frobnicate'])[0] ?? '', /--frobnicate/);
    assert.match(problems(['-m', 'a/b', '--workspace-root', 'relative/dir'], { OPENCLAW_GATEWAY_TOKEN: TOKEN })[0] ?? '', /expected an absolute directory path/);
  });
});

describe('scheduler', () => {
  const short = scriptedTask({ id: 'short', timeoutSeconds: 60 });
  const long = scriptedTask({ id: 'long', timeoutSeconds: 600 });
  const browser = scriptedTask({ id: 'browser', timeoutSeconds: 300, needsBrowser: true });

  it('puts the longest expected runs first and breaks ties with the recorded seed', () => {
    const order = (seed: number) => planWork([short, long, browser], 3, seed).map((item) => `${item.task.snapshot.id}#${item.run}`);
    const first = order(11);
    assert.deepEqual(first.slice(0, 3).map((key) => key.split('#')[0]), ['long', 'long', 'long']);
    assert.deepEqual(first.slice(6).map((key) => key.split('#')[0]), ['short', 'short', 'short']);
    assert.deepEqual(order(11), first, 'the same seed gives the same order');
    const orders = new Set([1, 2, 3, 4, 5, 6].map((seed) => order(seed).join(',')));
    assert.ok(orders.size > 1, 'different seeds shuffle ties differently');
    assert.deepEqual(planWork([short], 3, 1, (item) => item.run === 2).map((item) => item.run).sort(), [1, 3]);
  });

  it('seeded random numbers are reproducible and in [0, 1)', () => {
    const a = seededRandom(5);
    const b = seededRandom(5);
    const draws = Array.from({ length: 100 }, () => a());
    assert.deepEqual(draws, Array.from({ length: 100 }, () => b()));
    assert.ok(draws.every((value) => value >= 0 && value < 1));
  });

  it('keeps at most N runs in flight and at most M browser runs', async () => {
    const items: WorkItem[] = [...planWork([browser], 4, 1), ...planWork([short], 4, 1)];
    let inFlight = 0;
    let browsers = 0;
    let peak = 0;
    let peakBrowsers = 0;
    const done: string[] = [];
    await runLanes(
      items,
      { concurrency: 3, browserConcurrency: 1 },
      async (item) => {
        inFlight++;
        if (item.task.needsBrowser) browsers++;
        peak = Math.max(peak, inFlight);
        peakBrowsers = Math.max(peakBrowsers, browsers);
        await new Promise((resolve) => setTimeout(resolve, 20));
        inFlight--;
        if (item.task.needsBrowser) browsers--;
        done.push(`${item.task.snapshot.id}#${item.run}`);
      },
      new AbortController().signal,
    );
    assert.equal(done.length, 8);
    assert.equal(peak, 3);
    assert.equal(peakBrowsers, 1);
  });

  it('stops handing out runs once aborted and waits for the ones in flight', async () => {
    const controller = new AbortController();
    let started = 0;
    let finished = 0;
    await runLanes(
      planWork([short], 10, 1),
      { concurrency: 2, browserConcurrency: 1 },
      async () => {
        started++;
        if (started === 2) controller.abort();
        await new Promise((resolve) => setTimeout(resolve, 30));
        finished++;
      },
      controller.signal,
    );
    assert.equal(started, 2);
    assert.equal(finished, 2);
  });
});
