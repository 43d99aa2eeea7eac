/**
 * The openclaw.json we ship, checked by the real OpenClaw: its own config validator, and a real
 * gateway started with it, against which the Deployment's exact probe commands run.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { buildOpenclawConfig, OpenClawGateway, renderOpenclawConfig } from '../../constructs/index.js';
import { provisioned } from '../../runner/test/support/provision.js';
import { freePort, SCRIPTED_MODEL_REF, startGateway, type Gateway } from '../../runner/test/support/gateway.js';
import { container, find, synth, testChart } from './synth.js';

const run = promisify(execFile);

describe('buildOpenclawConfig', () => {
  test('sets what an unattended eval needs', () => {
    const config = buildOpenclawConfig({ model: 'anthropic/claude-sonnet-4-6' });
    assert.deepEqual(config.gateway, { mode: 'local', bind: 'loopback', port: 18789, auth: { mode: 'token' } });
    assert.deepEqual(config.browser, {
      enabled: true,
      headless: true,
      noSandbox: true,
      ssrfPolicy: { allowedHostnames: ['localhost', '127.0.0.1'] },
    });
    assert.deepEqual(config.tools, { profile: 'coding', alsoAllow: ['browser'], exec: { mode: 'full' } });
    assert.equal(config.agents.defaults.model.primary, 'anthropic/claude-sonnet-4-6');
    assert.equal(config.agents.defaults.subagents.model, 'anthropic/claude-sonnet-4-6');
    assert.equal(config.agents.defaults.skipBootstrap, true);
    assert.equal(config.update.checkOnStart, false);
    assert.equal(config.models.catalogRefresh.enabled, false);
    assert.equal(config.cron.enabled, false);
    assert.ok(config.logging.file.startsWith('/tmp/'));
    assert.ok(!('providers' in config.models), 'no provider override without OPENAI_API_BASE');
    assert.ok(!JSON.stringify(config).includes('"token":'), 'the token comes from the environment, not the file');
  });

  test('renders byte-identical text for the same options', () => {
    assert.equal(renderOpenclawConfig({ model: 'openai/gpt-5.5' }), renderOpenclawConfig({ model: 'openai/gpt-5.5' }));
  });
});

describe('openclaw config validate (the real OpenClaw)', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'clawbench-config-test-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function validate(config: unknown): Promise<{ valid: boolean; issues?: { path: string }[] }> {
    const file = path.join(dir, `openclaw-${Math.random().toString(36).slice(2)}.json`);
    await writeFile(file, JSON.stringify(config));
    const env = { PATH: process.env.PATH, HOME: dir, OPENCLAW_STATE_DIR: path.join(dir, 'state'), OPENCLAW_CONFIG_PATH: file };
    const result = await run(provisioned('node24'), [path.join(provisioned('openclaw'), 'openclaw.mjs'), 'config', 'validate', '--json'], { env, timeout: 120_000 }).then(
      (done) => done.stdout,
      (failed: { stdout: string }) => failed.stdout,
    );
    return JSON.parse(result) as { valid: boolean; issues?: { path: string }[] };
  }

  test('accepts the ConfigMap content, with and without OPENAI_API_BASE', async () => {
    const chart = testChart('eval');
    new OpenClawGateway(chart, 'gateway', { openaiApiBase: 'http://vllm.models.svc:8000/v1' });
    const shipped = JSON.parse(find(synth(chart), 'ConfigMap', 'openclaw-config').data!['openclaw.json']!);
    const [withApiBase, plain] = await Promise.all([validate(shipped), validate(buildOpenclawConfig({ model: 'openai/gpt-5.5' }))]);
    assert.deepEqual(withApiBase.issues ?? [], []);
    assert.equal(withApiBase.valid, true);
    assert.equal(plain.valid, true);
  });

  test('rejects a wrong key, so the check above can fail', async () => {
    const config = buildOpenclawConfig({ model: 'openai/gpt-5.5' });
    const broken = { ...config, tools: { ...config.tools, exec: { mode: 'sometimes' } } };
    const result = await validate(broken);
    assert.equal(result.valid, false);
    assert.ok(result.issues?.some((issue) => issue.path === 'tools.exec.mode'));
  });
});

describe('the Deployment\'s probes against a real gateway running our openclaw.json', () => {
  let gateway: Gateway;
  let probes: { startup: string[]; readiness: string[]; liveness: string[] };

  before(async () => {
    const chart = testChart('eval');
    new OpenClawGateway(chart, 'gateway');
    const gatewayContainer = container(find(synth(chart), 'Deployment', 'openclaw'), 'gateway');
    probes = {
      startup: gatewayContainer.startupProbe.exec.command,
      readiness: gatewayContainer.readinessProbe.exec.command,
      liveness: gatewayContainer.livenessProbe.exec.command,
    };
    // our file, with the paths of the pod swapped for the fixture's temp dirs and its scripted model
    const ours = buildOpenclawConfig({ model: SCRIPTED_MODEL_REF }) as Record<string, any>;
    delete ours.logging;
    delete ours.agents.defaults.workspace;
    // nothing listens there: the gateway never calls the model while idle
    gateway = await startGateway({ modelBaseUrl: `http://127.0.0.1:${await freePort()}/v1`, config: ours });
  });
  after(async () => {
    await gateway?.stop();
  });

  /** Runs a probe command as the kubelet would, with the gateway's test port instead of 18789. */
  async function probe(command: string[], overrides: { port?: number; path?: string } = {}): Promise<number> {
    const [, flag, script, , probePath, field] = command;
    const args = [flag!, script!, String(overrides.port ?? gateway.port), overrides.path ?? probePath!, field!];
    return run(provisioned('node24'), args, { timeout: 15_000 }).then(
      () => 0,
      (failed: { code?: number }) => failed.code ?? -1,
    );
  }

  test('startup, readiness and liveness pass on a ready gateway', async () => {
    assert.equal(await probe(probes.startup), 0);
    assert.equal(await probe(probes.readiness), 0);
    assert.equal(await probe(probes.liveness), 0);
  });

  test('fail on a path that answers 200 HTML, proving they read the body', async () => {
    const response = await fetch(`http://127.0.0.1:${gateway.port}/no-such-probe`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/html/);
    assert.equal(await probe(probes.readiness, { path: '/no-such-probe' }), 1);
    assert.equal(await probe(probes.liveness, { path: '/no-such-probe' }), 1);
  });

  test('fail when nothing listens', async () => {
    assert.equal(await probe(probes.liveness, { port: await freePort() }), 1);
  });
});
