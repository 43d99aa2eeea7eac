import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { SCRIPTED_MODEL_REF, startGateway, type Gateway } from '../../runner/test/support/gateway.js';
import { startModelServer, type ModelServer } from '../../runner/test/support/model-server.js';
import { provisioned } from '../../runner/test/support/provision.js';
import { scriptOracles } from '../e2e/oracle-scripts.js';
import { installRunnerLikeTheImage, type RunnerInstall } from './runner-install.js';

/**
 * The runner as the image holds it (no Docker engine here): packed, installed with --omit=dev in
 * an empty folder, run on Node 24 like node:24-slim, against a real gateway.
 */

const TASK = 't1-fs-quick-note';
const run = promisify(execFile);

let install: RunnerInstall;
let model: ModelServer;
let gateway: Gateway;
let scratch: string;
let node24Path: string;

before(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'clawbench-image-run-'));
  node24Path = `${path.dirname(provisioned('node24'))}:${process.env.PATH ?? '/usr/bin:/bin'}`;
  install = await installRunnerLikeTheImage();
  model = await startModelServer();
  await scriptOracles(model, [TASK]);
  gateway = await startGateway({ modelBaseUrl: model.baseUrl, readyTimeoutMs: 300_000 });
});

after(async () => {
  await gateway?.stop();
  await model?.close();
  await install?.remove();
  await rm(scratch, { recursive: true, force: true });
});

describe('the runner installed like the image', () => {
  it('prints its version from the installed bin', async () => {
    const manifest = JSON.parse(await readFile(new URL('../../runner/package.json', import.meta.url), 'utf8')) as { version: string };
    const { stdout } = await run(install.bin, ['--version'], { env: { PATH: node24Path } });
    assert.equal(stdout.trim(), `clawbench ${manifest.version}`);
  });

  it('holds the compiled runner, the task suite and production dependencies only', async () => {
    const installed = await readdir(path.join(install.root, 'node_modules'));
    for (const devOnly of ['typescript', 'tsx', 'openapi-typescript', '@types']) {
      assert.ok(!installed.includes(devOnly), `${devOnly} is a dev dependency and must not be installed`);
    }
    for (const needed of ['ws', 'zod', 'yaml', 'openapi-fetch']) assert.ok(installed.includes(needed), `${needed} is installed`);
    const shipped = await readdir(install.packageDir);
    assert.deepEqual(shipped.filter((entry) => ['src', 'test', 'bench', 'tsconfig.json'].includes(entry)), [], 'sources and tests stay out');
    assert.ok(existsSync(path.join(install.packageDir, 'lib', 'cli', 'main.js')));
    assert.ok(existsSync(path.join(install.packageDir, 'tasks', 'core', TASK, 'task.yaml')), 'the task suite is bundled');
    const compiledTests = (await readdir(path.join(install.packageDir, 'lib'), { recursive: true })).filter((file) => String(file).includes('.test.'));
    assert.deepEqual(compiledTests, []);
  });

  it('runs a real eval as the image would (clawbench sidecar --mode job)', async () => {
    const resultsDir = path.join(scratch, 'results');
    const env = {
      PATH: node24Path,
      HOME: path.join(scratch, 'home'),
      CLAWBENCH_MODEL: SCRIPTED_MODEL_REF,
      CLAWBENCH_TASKS: TASK,
      CLAWBENCH_RUNS: '1',
      CLAWBENCH_CONNECT_TIMEOUT: '180',
      CLAWBENCH_GATEWAY_URL: gateway.url,
      OPENCLAW_GATEWAY_TOKEN: gateway.token,
      CLAWBENCH_WORKSPACE_ROOT: gateway.workspaceRoot,
      CLAWBENCH_RESULTS_DIR: resultsDir,
    };
    // like the image: cwd is the user's home, not the package
    const child = spawn(install.bin, ['sidecar', '--mode', 'job'], { env, cwd: scratch, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // the group is gone
    }
    assert.equal(code, 0, output);
    assert.match(output, /clawbench finished \(exit=0\): completed/);
    const records = (await readFile(path.join(resultsDir, 'runs.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { status: string; checks: Array<{ passed: boolean }> });
    assert.equal(records.length, 1);
    assert.equal(records[0]!.status, 'scored');
    assert.ok(records[0]!.checks.every((check) => check.passed), 'the bundled task and its verifiers ran from the install');
    const benchmark = JSON.parse(await readFile(path.join(resultsDir, 'benchmark.json'), 'utf8')) as { model: string };
    assert.equal(benchmark.model, SCRIPTED_MODEL_REF);
  });
});
