import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { readRunsLog } from '../../src/engine/runs-log.js';
import { BenchmarkResultSchema } from '../../src/results/benchmark-schema.js';
import { SCRIPTED_MODEL_REF, startGateway, type Gateway } from '../support/gateway.js';
import { oracleScript, startModelServer, type ModelServer } from '../support/model-server.js';

/** `clawbench run` as a user runs it: a process, flags and env, against the real gateway. */

const runnerDir = fileURLToPath(new URL('../../', import.meta.url));
let model: ModelServer;
let gateway: Gateway;
let tasksDir: string;
let home: string;

async function writeTask(id: string, prompt: string, file: string): Promise<void> {
  await mkdir(path.join(tasksDir, id), { recursive: true });
  await writeFile(
    path.join(tasksDir, id, 'task.yaml'),
    [
      `id: ${id}`,
      `name: ${id}`,
      'tier: tier1',
      'family: coding',
      'timeout_seconds: 120',
      'user:',
      '  turns:',
      `    - message: "${prompt}"`,
      'completion:',
      '  files:',
      `    - path: ${file}`,
      '      content_contains: [ok]',
      '',
    ].join('\n'),
  );
}

interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function clawbench(args: readonly string[], env: Record<string, string> = {}, onStdout?: (text: string, kill: () => void) => void): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'run', ...args], {
      cwd: runnerDir,
      env: { PATH: process.env.PATH ?? '', HOME: home, OPENCLAW_GATEWAY_TOKEN: gateway.token, CLAWBENCH_STATE_DIR: path.join(home, 'state'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      onStdout?.(stdout, () => child.kill('SIGTERM'));
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function common(output: string): string[] {
  return ['--model', SCRIPTED_MODEL_REF, '--gateway-url', gateway.url, '--tasks-dir', tasksDir, '--workspace-root', gateway.workspaceRoot, '-o', output, '--seed', '7'];
}

before(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'clawbench-cli-'));
  tasksDir = path.join(home, 'tasks');
  await writeTask('cli-alpha', 'CLI-ALPHA: write the file', 'alpha.txt');
  await writeTask('cli-beta', 'CLI-BETA: write the file', 'beta.txt');
  model = await startModelServer();
  model.script(oracleScript('CLI-ALPHA', [{ name: 'write', arguments: { path: 'alpha.txt', content: 'ok' } }], 'Alpha written.'));
  model.script(oracleScript('CLI-BETA', [{ name: 'write', arguments: { path: 'beta.txt', content: 'ok' } }], 'Beta written.'));
  gateway = await startGateway({ modelBaseUrl: model.baseUrl });
});

after(async () => {
  await gateway?.stop();
  await model?.close();
});

describe('clawbench run', () => {
  it('rejects bad input before connecting, naming each input and what was expected', async () => {
    const result = await clawbench(['--model', SCRIPTED_MODEL_REF, '--runs', 'zero', '--gateway-url', 'ws://127.0.0.1:9', '--tier', 'tier7'], { CLAWBENCH_CONCURRENCY: '-1' });
    assert.equal(result.code, ExitCode.usage);
    assert.match(result.stderr, /--runs "zero": expected a positive integer/);
    assert.match(result.stderr, /CLAWBENCH_CONCURRENCY "-1": expected a positive integer/);
    assert.match(result.stderr, /--tier "tier7": expected tier1, tier2, tier3, tier4, tier5/);

    const unknown = await clawbench([...common(path.join(home, 'bad', 'benchmark.json')), '--task', 'nope'], {});
    assert.equal(unknown.code, ExitCode.usage);
    assert.match(unknown.stderr, /unknown task id "nope": expected one of cli-alpha, cli-beta/);
    assert.ok(!unknown.stderr.includes(gateway.token) && !unknown.stdout.includes(gateway.token), 'the token is never printed');
  });

  it('runs the selected tasks and writes runs.jsonl, benchmark.json and the report', async () => {
    const output = path.join(home, 'full', 'benchmark.json');
    const result = await clawbench([...common(output), '--runs', '2', '--concurrency', '2']);
    assert.equal(result.code, ExitCode.ok, result.stderr);
    assert.match(result.stdout, /\[4\/4\] cli-(alpha|beta) run \d: done, checks 1\/1/);
    assert.ok(!result.stdout.includes(gateway.token) && !result.stderr.includes(gateway.token), 'the token is never printed');
    const { records } = await readRunsLog(path.join(home, 'full', 'runs.jsonl'));
    assert.equal(records.length, 4);
    assert.ok(records.every((record) => record.status === 'scored' && record.checks.every((check) => check.passed)));
    const benchmark = BenchmarkResultSchema.parse(JSON.parse(await readFile(output, 'utf8')));
    assert.equal(benchmark.model, SCRIPTED_MODEL_REF);
    assert.equal(benchmark.openclaw_version, gateway.version);
    assert.match(await readFile(path.join(home, 'full', 'report.html'), 'utf8'), /<html/i);
  });

  it('stops on SIGTERM with the interrupted status, keeps finished runs, and --resume completes the eval', async () => {
    const output = path.join(home, 'resume', 'benchmark.json');
    let killed = false;
    const first = await clawbench([...common(output), '--runs', '3', '--concurrency', '1'], {}, (stdout, kill) => {
      if (!killed && stdout.includes('[1/6]')) {
        killed = true;
        kill();
      }
    });
    assert.equal(first.code, ExitCode.interrupted, first.stderr);
    const partial = (await readRunsLog(path.join(home, 'resume', 'runs.jsonl'))).records;
    assert.ok(partial.length >= 1 && partial.length < 6, `${partial.length} runs were finished before the stop`);

    const second = await clawbench([...common(output), '--runs', '3', '--concurrency', '2', '--resume']);
    assert.equal(second.code, ExitCode.ok, second.stderr);
    assert.match(second.stdout, new RegExp(`resumed: ${partial.length} run\\(s\\) were already finished`));
    const { records } = await readRunsLog(path.join(home, 'resume', 'runs.jsonl'));
    assert.equal(records.length, 6);
    assert.equal(new Set(records.map((record) => `${record.task.id}#${record.run}`)).size, 6, 'no run was done twice');
  });
});
