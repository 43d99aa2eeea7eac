import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SCRIPTED_MODEL_REF, freePort, startGateway, type Gateway } from '../../runner/test/support/gateway.js';
import { startModelServer, type ModelServer } from '../../runner/test/support/model-server.js';
import { provisioned } from '../../runner/test/support/provision.js';
import { MlflowServerFixture } from '../../runner/test/mlflow/mlflow-server.js';
import { scriptOracles } from './oracle-scripts.js';
import { startSidecar } from './sidecar-process.js';

/**
 * Two pods' worth of a matrix, locally: two real gateways, each with its own scripted model (one
 * taught the reference solutions, one not), two `clawbench sidecar --mode job` processes with
 * results in separate folders, one real MLflow server, one matrix id; then `clawbench compare`
 * over the two benchmark.json files. Also the sidecar mode's life cycle: stay up, SIGTERM, resume.
 */

const TASK = 't1-fs-quick-note';
const MATRIX_ID = 'two-pairs';
const EXPERIMENT = 'matrix-e2e';
const runnerMain = fileURLToPath(new URL('../../runner/src/cli/main.ts', import.meta.url));

interface Pair {
  readonly model: ModelServer;
  readonly gateway: Gateway;
}

let solving: Pair;
let idle: Pair;
let mlflow: MlflowServerFixture;
let scratch: string;

before(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'clawbench-pairs-'));
  const [solvingModel, idleModel] = await Promise.all([startModelServer(), startModelServer()]);
  await scriptOracles(solvingModel, [TASK]);
  // one at a time: two gateways booting at once on two shared cores can exceed their start budget
  const solvingGateway = await startGateway({ modelBaseUrl: solvingModel.baseUrl, readyTimeoutMs: 300_000 });
  const idleGateway = await startGateway({ modelBaseUrl: idleModel.baseUrl, readyTimeoutMs: 300_000 });
  solving = { model: solvingModel, gateway: solvingGateway };
  idle = { model: idleModel, gateway: idleGateway };
  mlflow = await MlflowServerFixture.start();
});

after(async () => {
  await Promise.all([solving?.gateway.stop(), idle?.gateway.stop()]);
  await Promise.all([solving?.model.close(), idle?.model.close()]);
  await mlflow?.dispose();
  await rm(scratch, { recursive: true, force: true });
});

/** The environment a pod's runner container would get, pointed at one pair. */
function podEnv(pair: Pair, resultsDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: path.join(resultsDir, '..', `${path.basename(resultsDir)}-home`),
    CLAWBENCH_MODEL: SCRIPTED_MODEL_REF,
    CLAWBENCH_TASKS: TASK,
    CLAWBENCH_RUNS: '1',
    CLAWBENCH_CONCURRENCY: '1',
    CLAWBENCH_CONNECT_TIMEOUT: '180',
    CLAWBENCH_GATEWAY_URL: pair.gateway.url,
    OPENCLAW_GATEWAY_TOKEN: pair.gateway.token,
    CLAWBENCH_WORKSPACE_ROOT: pair.gateway.workspaceRoot,
    CLAWBENCH_RESULTS_DIR: resultsDir,
    MLFLOW_TRACKING_URI: mlflow.uri,
    MLFLOW_EXPERIMENT_NAME: EXPERIMENT,
    ...extra,
  };
}

async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(file, 'utf8')) as T;
}

interface MlflowRun {
  run_id: string;
  status: string;
  tags: Record<string, string>;
}

function runsTagged(filter: string): Promise<MlflowRun[]> {
  return mlflow.python<MlflowRun[]>(`
import json, mlflow
runs = mlflow.search_runs(experiment_names=[${JSON.stringify(EXPERIMENT)}], filter_string=${JSON.stringify(filter)}, output_format="list")
print(json.dumps([{"run_id": r.info.run_id, "status": r.info.status, "tags": r.data.tags} for r in runs]))
`);
}

describe('two gateway+runner pairs as one matrix', () => {
  const results = { solving: '', idle: '' };

  it('runs both evals in job mode, each to its own results folder, and logs both to MLflow with the matrix tag', async () => {
    results.solving = path.join(scratch, 'solving', 'results');
    results.idle = path.join(scratch, 'idle', 'results');
    const matrix = { CLAWBENCH_MATRIX_ID: MATRIX_ID };
    const sidecars = [
      startSidecar(['--mode', 'job'], podEnv(solving, results.solving, matrix)),
      startSidecar(['--mode', 'job'], podEnv(idle, results.idle, matrix)),
    ];
    try {
      const codes = await Promise.all(sidecars.map((sidecar) => sidecar.exited));
      for (const [index, sidecar] of sidecars.entries()) {
        assert.equal(codes[index], 0, sidecar.output());
        const log = sidecar.output();
        for (const step of [/waiting for the gateway at 127\.0\.0\.1:\d+/, /gateway ready after/, /mlflow is healthy/, /results written: /, /Logged to MLflow/, /clawbench finished \(exit=0\): completed/]) {
          assert.match(log, step);
        }
        assert.doesNotMatch(log, new RegExp(solving.gateway.token), 'the gateway token is never printed');
      }
    } finally {
      await Promise.all(sidecars.map((sidecar) => sidecar.kill()));
    }

    const solved = await readJson<{ model: string; tasks: unknown[] }>(path.join(results.solving, 'benchmark.json'));
    const unsolved = await readJson<{ model: string }>(path.join(results.idle, 'benchmark.json'));
    assert.equal(solved.model, SCRIPTED_MODEL_REF);
    assert.equal(unsolved.model, SCRIPTED_MODEL_REF);
    for (const dir of [results.solving, results.idle]) {
      const lines = (await readFile(path.join(dir, 'runs.jsonl'), 'utf8')).trim().split('\n');
      assert.equal(lines.length, 1, `one run recorded in ${dir}`);
      assert.equal((JSON.parse(lines[0]!) as { status: string }).status, 'scored');
    }

    const tagged = await runsTagged(`tags.matrix_id = '${MATRIX_ID}'`);
    assert.equal(tagged.length, 2, 'both pods logged to the one experiment under the matrix tag');
    assert.ok(tagged.every((run) => run.status === 'FINISHED'));
  });

  it('gathers the two benchmark.json files into one comparison', async () => {
    assert.ok(results.solving && results.idle, 'the previous test produced both results');
    const { stdout } = await promisify(execFile)(
      provisioned('node24'),
      ['--import', 'tsx', runnerMain, 'compare', path.join(results.idle, 'benchmark.json'), path.join(results.solving, 'benchmark.json'), '--json'],
      { cwd: fileURLToPath(new URL('../../', import.meta.url)) },
    );
    const comparison = JSON.parse(stdout) as unknown;
    const text = JSON.stringify(comparison);
    assert.match(text, new RegExp(TASK), 'the comparison is task by task');
    assert.match(text, /-?\d+\.\d+/, 'with numbers in it');
  });
});

describe('the sidecar life cycle', () => {
  it('stays up after the eval, exits 0 on SIGTERM, and a restart resumes from runs.jsonl and completes the same MLflow run', async () => {
    const resultsDir = path.join(scratch, 'lifecycle', 'results');
    const env = podEnv(solving, resultsDir, { CLAWBENCH_MATRIX_ID: 'lifecycle' });
    const first = startSidecar([], env);
    try {
      await first.waitFor(/staying up so the results can be copied/, 240_000);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.match(first.output(), /clawbench finished \(exit=0\)/);
      first.signal('SIGTERM');
      assert.equal(await first.exited, 0, first.output());
      assert.match(first.output(), /received SIGTERM: stopping cleanly/);
    } finally {
      await first.kill();
    }
    const runsBefore = await readFile(path.join(resultsDir, 'runs.jsonl'), 'utf8');

    const restarted = startSidecar(['--mode', 'job'], env);
    try {
      assert.equal(await restarted.exited, 0, restarted.output());
    } finally {
      await restarted.kill();
    }
    assert.match(restarted.output(), /resuming: 1 finished run\(s\) already in /);
    assert.match(restarted.output(), /resumed: 1 run\(s\) were already finished/);
    assert.equal(await readFile(path.join(resultsDir, 'runs.jsonl'), 'utf8'), runsBefore, 'nothing ran twice');
    const logged = await runsTagged(`tags.matrix_id = 'lifecycle'`);
    assert.equal(logged.length, 1, 'the restart completed the same MLflow run instead of adding one');
  });

  it('on SIGTERM during the eval, aborts the run in flight, keeps the finished one on disk and exits 130', async () => {
    const resultsDir = path.join(scratch, 'interrupted', 'results');
    // the idle model answers the quick task at once and never answers the other one
    const removeStall = idle.model.script({ match: 'percentage coupons', steps: [{ fault: 'stall' }] });
    const sidecar = startSidecar(['--mode', 'job'], podEnv(idle, resultsDir, { CLAWBENCH_TASKS: `${TASK} t1-bugfix-discount`, CLAWBENCH_CONCURRENCY: '2' }));
    try {
      await sidecar.waitFor(new RegExp(`\\[1/2\\] ${TASK} run 1: done`), 300_000);
      sidecar.signal('SIGTERM');
      assert.equal(await sidecar.exited, 130, sidecar.output());
    } finally {
      removeStall();
      await sidecar.kill();
    }
    assert.match(sidecar.output(), /received SIGTERM: stopping cleanly/);
    assert.doesNotMatch(sidecar.output(), /logging to mlflow/, 'an interrupted eval is not logged');
    const lines = (await readFile(path.join(resultsDir, 'runs.jsonl'), 'utf8')).trim().split('\n');
    assert.deepEqual(lines.map((line) => (JSON.parse(line) as { task: { id: string } }).task.id), [TASK], 'the finished run is on disk, the aborted one is not');
  });

  it('stops waiting for a gateway that is not there on SIGTERM, with the interrupted status', async () => {
    const port = await freePort();
    const sidecar = startSidecar(['--mode', 'job'], podEnv(idle, path.join(scratch, 'absent', 'results'), { CLAWBENCH_GATEWAY_URL: `ws://127.0.0.1:${port}` }));
    try {
      await sidecar.waitFor(/gateway not ready yet .*connection refused/, 60_000);
      sidecar.signal('SIGTERM');
      assert.equal(await sidecar.exited, 130, sidecar.output());
    } finally {
      await sidecar.kill();
    }
  });

  it('exits 2 before waiting when a setting is bad, naming it', async () => {
    const sidecar = startSidecar([], podEnv(idle, path.join(scratch, 'bad', 'results'), { CLAWBENCH_RUNS: 'three', CLAWBENCH_TASKS: 'no-such-task' }));
    try {
      assert.equal(await sidecar.exited, 2, sidecar.output());
    } finally {
      await sidecar.kill();
    }
    assert.match(sidecar.output(), /CLAWBENCH_RUNS "three": expected a positive integer/);
    assert.doesNotMatch(sidecar.output(), /waiting for the gateway/);
  });
});
