/**
 * Runner throughput against the real gateway with a model that answers at once, so every figure is
 * gateway plus harness cost: 19 tasks x 3 runs at 4 lanes, each run a 3-reply write / exec / answer
 * trajectory. The eval runs in a child process so its peak RSS is the runner's own (the gateway and
 * the scripted model live elsewhere). Prints:
 * - lane utilisation = (sum of per-run gateway time / lanes) / makespan   (target >= 0.95)
 * - harness overhead per run = run wall time - gateway time, p50 / p95     (target p50 <= 100 ms)
 * - runner peak RSS                                                        (target <= 120 MB)
 * Run: node --import tsx bench/runner-throughput.ts
 */
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GatewayConnection } from '../runner/src/engine/connection.js';
import { runEval } from '../runner/src/engine/engine.js';
import { createIdentity } from '../runner/src/gateway/identity.js';
import { SCRIPTED_MODEL_REF, startGateway } from '../runner/test/support/gateway.js';
import { oracleScript, startModelServer, type ModelServer } from '../runner/test/support/model-server.js';
import { scriptedTask } from '../runner/test/engine/scripted-task.js';

const TASKS = 19;
const RUNS = 3;
const LANES = 4;
const quiet = { warn: (message: string) => process.stderr.write(`${message}\n`), debug: () => {} };

function benchTasks(prefix: string) {
  return Array.from({ length: TASKS }, (_, index) => {
    const id = `bench-${String(index + 1).padStart(2, '0')}`;
    return scriptedTask({ id, prompts: [`${prefix}-${id}: write the file, show it, answer`], expectFile: `${id}.txt`, timeoutSeconds: 120 });
  });
}

function scriptTasks(model: ModelServer, prefix: string): void {
  for (let index = 1; index <= TASKS; index++) {
    const id = `bench-${String(index).padStart(2, '0')}`;
    model.script(
      oracleScript(`${prefix}-${id}`, [
        { name: 'write', arguments: { path: `${id}.txt`, content: `BENCH_OK ${id}` } },
        { name: 'exec', arguments: { command: `cat ${id}.txt` } },
      ], `BENCH_FINAL ${id}`),
    );
  }
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** The measured eval, in its own process. */
async function child(): Promise<void> {
  const connection = new GatewayConnection(
    {
      url: process.env.BENCH_GATEWAY_URL ?? '',
      token: process.env.BENCH_GATEWAY_TOKEN ?? '',
      identity: createIdentity(),
      connectTimeoutMs: 120_000,
      requestTimeoutMs: 300_000,
      clientVersion: 'bench',
      logger: quiet,
    },
    quiet,
  );
  await connection.client();
  const runsDir = await mkdtemp(path.join(os.tmpdir(), 'clawbench-bench-'));
  const started = Date.now();
  let lastRunAt = started;
  const outcome = await runEval({
    tasks: benchTasks('BENCH'),
    runs: RUNS,
    model: SCRIPTED_MODEL_REF,
    seed: 1,
    concurrency: LANES,
    browserConcurrency: 1,
    workspaceRoot: process.env.BENCH_WORKSPACE_ROOT ?? '',
    keepWorkspaces: false,
    perRunBudgetMs: 600_000,
    perTurnCapMs: 300_000,
    runsFile: path.join(runsDir, 'runs.jsonl'),
    resume: false,
    connection,
    logger: quiet,
    signal: new AbortController().signal,
    onRunFinished: () => (lastRunAt = Date.now()),
  });
  // the runs' makespan ends with the last run; the sessions' deletion follows as one batch
  const makespanMs = lastRunAt - started;
  const cleanupMs = Date.now() - lastRunAt;
  await connection.close();
  const records = outcome.records;
  process.stdout.write(
    `${JSON.stringify({
      makespanMs,
      cleanupMs,
      agentMs: records.map((record) => record.agentMs),
      overheadMs: records.map((record) => record.durationMs - record.agentMs),
      scored: records.filter((record) => record.status === 'scored' && record.checks.every((check) => check.passed)).length,
      errors: records.filter((record) => record.status === 'error').length,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
    })}\n`,
  );
}

async function main(): Promise<void> {
  const model = await startModelServer({ recordBodies: false });
  const gateway = await startGateway({ modelBaseUrl: model.baseUrl });
  try {
    scriptTasks(model, 'WARM');
    scriptTasks(model, 'BENCH');
    // the first runs after a start are slow (~3 s) for the gateway's own reasons: warm it up first
    const warmConnection = new GatewayConnection(
      { url: gateway.url, token: gateway.token, identity: createIdentity(), connectTimeoutMs: 120_000, requestTimeoutMs: 300_000, clientVersion: 'bench', logger: quiet },
      quiet,
    );
    await runEval({
      tasks: benchTasks('WARM').slice(0, LANES),
      runs: 1,
      model: SCRIPTED_MODEL_REF,
      seed: 1,
      concurrency: LANES,
      browserConcurrency: 1,
      workspaceRoot: gateway.workspaceRoot,
      keepWorkspaces: false,
      perRunBudgetMs: 600_000,
      perTurnCapMs: 300_000,
      runsFile: path.join(await mkdtemp(path.join(os.tmpdir(), 'clawbench-warm-')), 'runs.jsonl'),
      resume: false,
      connection: warmConnection,
      logger: quiet,
      signal: new AbortController().signal,
    });
    await warmConnection.close();

    const output = await new Promise<string>((resolve, reject) => {
      const measured = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child'], {
        env: { ...process.env, BENCH_GATEWAY_URL: gateway.url, BENCH_GATEWAY_TOKEN: gateway.token, BENCH_WORKSPACE_ROOT: gateway.workspaceRoot },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let text = '';
      measured.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      measured.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`the measured eval exited with ${code}`))));
    });
    const figures = JSON.parse(output.trim().split('\n').pop() ?? '{}') as {
      makespanMs: number;
      cleanupMs: number;
      agentMs: number[];
      overheadMs: number[];
      scored: number;
      errors: number;
      peakRssBytes: number;
    };
    const agentSum = figures.agentMs.reduce((sum, value) => sum + value, 0);
    const utilisation = agentSum / LANES / figures.makespanMs;
    const line = (label: string, value: string, target: string) => console.log(`${label.padEnd(58)} ${value.padStart(10)}   ${target}`);
    console.log(`${TASKS} tasks x ${RUNS} runs at ${LANES} lanes on OpenClaw ${gateway.version}, instant scripted model (${os.cpus().length} cores)`);
    line('runs passed / errors', `${figures.scored}/${figures.agentMs.length} / ${figures.errors}`, '');
    line('makespan (first run started to last run finished)', `${(figures.makespanMs / 1000).toFixed(1)} s`, '');
    line('session and agent cleanup after the last run', `${(figures.cleanupMs / 1000).toFixed(1)} s`, '');
    line('sum of per-run gateway time / lanes', `${(agentSum / LANES / 1000).toFixed(1)} s`, '');
    line('lane utilisation = (sum gateway time / lanes) / makespan', utilisation.toFixed(3), 'target >= 0.95');
    line('makespan / (sum gateway time / lanes)', (1 / utilisation).toFixed(3), '');
    line('per-run gateway time p50 / p95', `${percentile(figures.agentMs, 50)} / ${percentile(figures.agentMs, 95)} ms`, '');
    line('harness overhead per run p50', `${percentile(figures.overheadMs, 50)} ms`, 'target <= 100 ms');
    line('harness overhead per run p95', `${percentile(figures.overheadMs, 95)} ms`, '');
    line('runner peak RSS (child process, tsx loader included)', `${(figures.peakRssBytes / 1024 / 1024).toFixed(1)} MB`, 'target <= 120 MB');
  } finally {
    await gateway.stop();
    await model.close();
  }
}

await (process.argv.includes('--child') ? child() : main());
