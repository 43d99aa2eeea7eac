import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SCRIPTED_MODEL_REF, startGateway, type Gateway } from '../../runner/test/support/gateway.js';
import { startModelServer, type ModelServer } from '../../runner/test/support/model-server.js';
import { provisioned } from '../../runner/test/support/provision.js';
import { MlflowServerFixture } from '../../runner/test/mlflow/mlflow-server.js';
import { podRecipe, type PodRecipe } from './pod-recipe.js';
import { scriptOracles } from './oracle-scripts.js';
import { startSidecar } from './sidecar-process.js';

/**
 * The pod of the full deploy, run locally from the committed YAML: the `clawbench` container's
 * environment and the gateway's openclaw.json are read from dist/full.k8s.yaml, a real gateway
 * runs that config, a real MLflow server takes the results, and `clawbench sidecar` runs with that
 * environment and the container's own command. Only what cannot be the same off-cluster is
 * substituted, and each substitution is listed below.
 */

const DIST = fileURLToPath(new URL('../../dist/full.k8s.yaml', import.meta.url));
const TASK = 't1-fs-quick-note';

type Json = Record<string, any>;

/** Replaces the model under test wherever openclaw.json names it, as a key or a value. */
function renameModel(value: unknown, from: string, to: string): unknown {
  if (value === from) return to;
  if (Array.isArray(value)) return value.map((item) => renameModel(item, from, to));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key === from ? to : key, renameModel(item, from, to)]));
  }
  return value;
}

/**
 * The synthesized gateway config, with the scripted model as the model under test and the pod's
 * fixed paths and port left to the fixture's temp dirs and free loopback port.
 */
function gatewayConfigFor(recipe: PodRecipe): Json {
  const config = renameModel(structuredClone(recipe.openclawConfig), recipe.env.CLAWBENCH_MODEL!, SCRIPTED_MODEL_REF) as Json;
  delete config.gateway.port; // the fixture passes --port <free>
  delete config.logging.file; // /tmp/openclaw/... -> the fixture's temp dir
  delete config.agents.defaults.workspace; // /home/node/.openclaw/workspace -> the fixture's state dir
  config.browser.executablePath = provisioned('chromium'); // the image's Chromium -> Debian's
  return config;
}

let model: ModelServer;
let gateway: Gateway;
let mlflow: MlflowServerFixture;
let scratch: string;
let recipe: PodRecipe;

before(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'clawbench-pod-'));
  model = await startModelServer();
  await scriptOracles(model, [TASK]);
  // the token is only known once the gateway runs; read the recipe without it first for the config
  const configOnly = podRecipe(DIST, { OPENCLAW_GATEWAY_TOKEN: 'not-used-for-the-config' });
  gateway = await startGateway({ modelBaseUrl: model.baseUrl, config: gatewayConfigFor(configOnly), readyTimeoutMs: 300_000 });
  recipe = podRecipe(DIST, { OPENCLAW_GATEWAY_TOKEN: gateway.token });
  mlflow = await MlflowServerFixture.start();
});

after(async () => {
  await gateway?.stop();
  await model?.close();
  await mlflow?.dispose();
  await rm(scratch, { recursive: true, force: true });
});

describe('the full deploy pod, run from dist/', () => {
  it('runs the eval with the container env, writes the results and logs them to MLflow, then stays up', async () => {
    assert.deepEqual(recipe.container.command, ['clawbench', 'sidecar'], 'the container runs the sidecar in its default mode');
    const fromDist = recipe.env;
    assert.equal(fromDist.OPENCLAW_GATEWAY_TOKEN, gateway.token, 'the token comes from the Secret reference');
    assert.ok(fromDist.MLFLOW_TRACKING_URI?.startsWith('http://mlflow-service.'), 'dist points at the in-cluster MLflow');

    const resultsDir = path.join(scratch, 'results');
    const substituted = {
      // the scripted model instead of a real provider, as in the gateway config above
      CLAWBENCH_MODEL: SCRIPTED_MODEL_REF,
      // the in-cluster service name -> the local MLflow server on loopback
      MLFLOW_TRACKING_URI: mlflow.uri,
      // once instead of three times
      CLAWBENCH_RUNS: '1',
    };
    // dist leaves CLAWBENCH_TASKS unset (the whole suite); one quick task is enough here
    assert.equal(fromDist.CLAWBENCH_TASKS, undefined);
    const narrowed = { CLAWBENCH_TASKS: TASK };
    const podOnly = {
      // in the pod: ws://localhost:18789, $HOME/.openclaw/workspace-clawbench on the shared home
      // volume, /results on its volume, HOME=/home/node from the image
      CLAWBENCH_GATEWAY_URL: gateway.url,
      CLAWBENCH_WORKSPACE_ROOT: gateway.workspaceRoot,
      CLAWBENCH_RESULTS_DIR: resultsDir,
      HOME: path.join(scratch, 'home'),
      PATH: process.env.PATH,
    };
    for (const key of Object.keys(substituted)) assert.ok(key in fromDist, `${key} is set by dist, so substituting it is a real substitution`);
    const env = { ...fromDist, ...substituted, ...narrowed, ...podOnly };

    const sidecar = startSidecar(recipe.container.command.slice(2), env);
    try {
      await sidecar.waitFor(/staying up so the results can be copied/, 600_000);
      const log = sidecar.output();
      assert.match(log, /mode sidecar, results in /);
      assert.match(log, /mlflow is healthy/);
      assert.match(log, /clawbench finished \(exit=0\): completed/);
      sidecar.signal('SIGTERM');
      assert.equal(await sidecar.exited, 0, sidecar.output());
    } finally {
      await sidecar.kill();
    }

    const benchmark = JSON.parse(await readFile(path.join(resultsDir, 'benchmark.json'), 'utf8')) as Json;
    assert.equal(benchmark.model, SCRIPTED_MODEL_REF);
    const records = (await readFile(path.join(resultsDir, 'runs.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Json);
    assert.deepEqual(records.map((record) => [record.task.id, record.run, record.status]), [[TASK, 1, 'scored']]);
    assert.ok(records[0]!.checks.length > 0 && records[0]!.checks.every((check: Json) => check.passed), 'the scripted reference solution passed every check');

    const runs = await mlflow.python<Array<{ status: string; params: Record<string, string> }>>(`
import json, mlflow
runs = mlflow.search_runs(experiment_names=[${JSON.stringify(fromDist.MLFLOW_EXPERIMENT_NAME)}], output_format="list")
print(json.dumps([{"status": r.info.status, "params": r.data.params} for r in runs]))
`);
    assert.equal(runs.length, 1, `one run in the experiment dist names (${fromDist.MLFLOW_EXPERIMENT_NAME})`);
    assert.equal(runs[0]!.status, 'FINISHED');
    assert.ok(Object.values(runs[0]!.params).includes(SCRIPTED_MODEL_REF), 'the run records the model under test');
  });
});
