/**
 * The committed dist/: equal to a fresh synth, deterministic, schema-valid, PodSecurity
 * `restricted`, and free of any secret value given in the environment.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { App } from 'cdk8s';
import { CLAWBENCH_CHARTS, synthCharts } from '../../charts/charts.js';
import { settingsFromEnv } from '../../charts/settings.js';
import {
  applySidecarPatch,
  loadManifestDir,
  podSpecOf,
  restrictedViolations,
  validateSchema,
  type KubeObject,
} from './manifests.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const distDir = path.join(root, 'dist');

/** Obviously fake values: the output must contain none of them, raw or base64. */
const FAKE_SECRETS = {
  OPENAI_API_KEY: 'fake-openai-key-for-leak-test-1234',
  ANTHROPIC_API_KEY: 'fake-anthropic-key-for-leak-test-5678',
  OPENROUTER_API_KEY: 'fake-openrouter-key-for-leak-test-9012',
  GEMINI_API_KEY: 'fake-gemini-key-for-leak-test-3456',
  OPENCLAW_GATEWAY_TOKEN: 'fake-gateway-token-for-leak-test-7890',
};

/** An environment without any of the settings' variables, so the CLI synthesizes the defaults. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...extra };
  return env;
}

async function cdk8sSynth(outdir: string, env: NodeJS.ProcessEnv): Promise<void> {
  await run('npx', ['cdk8s', 'synth', '--output', outdir], { cwd: root, env, timeout: 120_000 });
}

async function readTree(dir: string): Promise<Map<string, string>> {
  const files = (await readdir(dir)).sort();
  return new Map(await Promise.all(files.map(async (file) => [file, await readFile(path.join(dir, file), 'utf8')] as const)));
}

/**
 * Every object of dist/ as the API server ends up storing it: the sidecar chart's Deployment is a
 * server-side-apply intent, so it is checked merged into the gateway chart's Deployment.
 */
function objectsAsApplied(): { file: string; object: KubeObject }[] {
  const dist = loadManifestDir(distDir);
  const gatewayDeployment = dist.get('gateway.k8s.yaml')?.find((object) => object.kind === 'Deployment');
  assert.ok(gatewayDeployment, 'dist/gateway.k8s.yaml has no Deployment');
  return [...dist].flatMap(([file, objects]) =>
    objects.map((object) => ({
      file,
      object: file === 'sidecar.k8s.yaml' && object.kind === 'Deployment' ? applySidecarPatch(gatewayDeployment, object) : object,
    })),
  );
}

let scratch: string;
before(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'clawbench-dist-test-'));
});
after(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('committed dist/', () => {
  test('equals a fresh `cdk8s synth` with no settings in the environment', async () => {
    const fresh = path.join(scratch, 'fresh');
    await cdk8sSynth(fresh, cleanEnv());
    const committed = await readTree(distDir);
    const synthesized = await readTree(fresh);
    assert.deepEqual([...committed.keys()], [...synthesized.keys()], 'dist/ has other files than a fresh synth: re-run `npx cdk8s synth` and commit dist/');
    for (const [file, content] of synthesized) {
      assert.equal(committed.get(file), content, `dist/${file} differs from a fresh synth: re-run \`npx cdk8s synth\` and commit dist/`);
    }
  });

  test('has one file per chart', () => {
    const files = [...loadManifestDir(distDir).keys()];
    for (const chart of CLAWBENCH_CHARTS) assert.ok(files.includes(`${chart.name}.k8s.yaml`), `dist/${chart.name}.k8s.yaml is missing`);
  });

  test('every object is valid against the Kubernetes schema', () => {
    const objects = objectsAsApplied();
    for (const { file, object } of objects) {
      assert.doesNotThrow(() => validateSchema(object), `${file}: ${object.kind} ${object.metadata.name}`);
    }
    assert.ok(objects.length >= 20, `only ${objects.length} objects validated`);
  });

  test('the schema check rejects a wrong type (it can fail)', () => {
    const deployment = loadManifestDir(distDir).get('gateway.k8s.yaml')!.find((object) => object.kind === 'Deployment')!;
    assert.throws(() => validateSchema({ ...deployment, spec: { ...deployment.spec, replicas: 'one' } }), /replicas/);
  });

  test('every pod spec passes PodSecurity restricted', () => {
    let pods = 0;
    for (const { file, object } of objectsAsApplied()) {
      const pod = podSpecOf(object);
      if (pod === undefined) continue;
      assert.deepEqual(restrictedViolations(pod), [], `${file}: ${object.kind} ${object.metadata.name}`);
      assert.equal(pod.automountServiceAccountToken, false, `${file}: ${object.metadata.name} mounts a service account token`);
      pods += 1;
    }
    assert.ok(pods >= 5, `only ${pods} pod specs checked`);
  });

  test('the restricted check catches a privileged, root, unconfined container (it can fail)', () => {
    const problems = restrictedViolations({
      containers: [{ name: 'bad', securityContext: { privileged: true, runAsUser: 0, capabilities: { add: ['SYS_ADMIN'] } } }],
      volumes: [{ name: 'host', hostPath: { path: '/' } }],
    });
    for (const expected of ['privileged', 'privilege escalation', 'drop ALL', 'adds capabilities', 'may run as root', 'uid 0', 'seccomp', 'hostPath']) {
      assert.ok(problems.some((problem) => problem.includes(expected)), `no problem mentions "${expected}": ${problems.join('; ')}`);
    }
  });

  test('holds no Secret and no object without the recommended labels', () => {
    for (const [file, objects] of loadManifestDir(distDir)) {
      for (const object of objects) {
        assert.notEqual(object.kind, 'Secret', `${file} holds a Secret`);
        if (file === 'sidecar.k8s.yaml' && object.kind === 'Deployment') continue; // a patch of someone else's object
        for (const label of ['name', 'instance', 'component', 'part-of', 'managed-by']) {
          assert.ok(object.metadata.labels?.[`app.kubernetes.io/${label}`], `${file}: ${object.kind} ${object.metadata.name} lacks app.kubernetes.io/${label}`);
        }
      }
    }
  });
});

describe('synthesis', () => {
  test('is deterministic: two synths are byte-identical', async () => {
    const outputs = await Promise.all(
      ['first', 'second'].map(async (name) => {
        const outdir = path.join(scratch, name);
        const app = new App({ outdir });
        const settings = settingsFromEnv({});
        for (const chart of CLAWBENCH_CHARTS) chart.build(app, settings, {});
        app.synth();
        return readTree(outdir);
      }),
    );
    assert.ok(outputs[0]!.size >= CLAWBENCH_CHARTS.length);
    assert.deepEqual(outputs[0], outputs[1]);
  });

  test('leaks no provider key or gateway token set in the environment', async () => {
    const leakDir = path.join(scratch, 'leak');
    const env = { ...FAKE_SECRETS, CLAWBENCH_NAMESPACE: 'leak-test', OPENAI_API_BASE: 'http://llm.leak-test.svc:8000/v1' };
    await cdk8sSynth(leakDir, cleanEnv(env));
    const cliOutput = [...(await readTree(leakDir)).values()].join('\n');
    assert.ok(cliOutput.includes('leak-test'), 'the synth did not see the environment');
    const libraryOutput = JSON.stringify(synthCharts(settingsFromEnv(env)));
    for (const [name, value] of Object.entries(FAKE_SECRETS)) {
      for (const encoded of [value, Buffer.from(value).toString('base64')]) {
        assert.ok(!cliOutput.includes(encoded), `${name} appears in the synthesized files`);
        assert.ok(!libraryOutput.includes(encoded), `${name} appears in synthCharts output`);
      }
    }
  });

  test('an invalid environment fails the synth with one message listing every problem', async () => {
    const failed = await cdk8sSynth(path.join(scratch, 'bad'), cleanEnv({ CLAWBENCH_RUNS: 'three', CLAWBENCH_NAMESPACE: 'Bad_NS' })).then(
      () => undefined,
      (error: { stderr: string; stdout: string }) => error,
    );
    assert.ok(failed, 'synth succeeded with an invalid environment');
    const output = `${failed.stdout}\n${failed.stderr}`;
    assert.match(output, /CLAWBENCH_RUNS="three": expected a whole number/);
    assert.match(output, /CLAWBENCH_NAMESPACE="Bad_NS": expected a dns label/);
  });
});

describe('synthCharts', () => {
  test('returns each chart\'s objects in apply order, namespaces first', () => {
    const charts = synthCharts(settingsFromEnv({ CLAWBENCH_NAMESPACE: 'team-eval' }));
    assert.deepEqual(Object.keys(charts), CLAWBENCH_CHARTS.map((chart) => chart.name));
    const kinds = (objects: KubeObject[]) => objects.map((object) => `${object.kind}/${object.metadata.name}`);
    assert.deepEqual(kinds(charts.gateway as KubeObject[]), [
      'Namespace/team-eval',
      'ConfigMap/openclaw-config',
      'PersistentVolumeClaim/openclaw-home-pvc',
      'Deployment/openclaw',
      'Service/openclaw',
    ]);
    assert.deepEqual(kinds(charts.sidecar as KubeObject[]), [
      'ConfigMap/clawbench-config',
      'PersistentVolumeClaim/clawbench-results-pvc',
      'Deployment/openclaw',
    ]);
    const full = kinds(charts.full as KubeObject[]);
    assert.ok(full.indexOf('ConfigMap/clawbench-config') < full.indexOf('Deployment/openclaw'), 'the sidecar ConfigMap comes after the Deployment using it');
    assert.deepEqual(full.slice(0, 2), ['Namespace/team-eval', 'Namespace/mlflow']);
    for (const object of [...charts.gateway, ...charts.sidecar]) {
      if (object.kind !== 'Namespace') assert.equal(object.metadata.namespace, 'team-eval');
    }
  });

  test('with an external MLFLOW_TRACKING_URI deploys no MLflow and points the sidecar at it', () => {
    const charts = synthCharts(settingsFromEnv({ MLFLOW_TRACKING_URI: 'https://mlflow.example.com', MLFLOW_EXPERIMENT_ID: '42' }));
    assert.deepEqual(charts.mlflow, []);
    assert.ok(!charts.full.some((object) => object.metadata.namespace === 'mlflow' || object.metadata.name === 'mlflow'));
    const config = charts.sidecar.find((object) => object.kind === 'ConfigMap') as KubeObject;
    assert.equal(config.data?.MLFLOW_TRACKING_URI, 'https://mlflow.example.com');
    assert.equal(config.data?.MLFLOW_EXPERIMENT_ID, '42');
    assert.equal(config.data?.MLFLOW_EXPERIMENT_NAME, undefined);
  });

  test('defaults the sidecar to the in-cluster MLflow of MLFLOW_NAMESPACE', () => {
    const charts = synthCharts(settingsFromEnv({ MLFLOW_NAMESPACE: 'tracking' }));
    const config = charts.sidecar.find((object) => object.kind === 'ConfigMap') as KubeObject;
    assert.equal(config.data?.MLFLOW_TRACKING_URI, 'http://mlflow-service.tracking.svc.cluster.local:5000');
    assert.ok(charts.mlflow.some((object) => object.kind === 'Namespace' && object.metadata.name === 'tracking'));
  });

  test('points the sidecar chart at a foreign gateway\'s Deployment and home volume', () => {
    const charts = synthCharts(settingsFromEnv({}), { foreignGateway: { deploymentName: 'my-gateway', homeVolumeName: 'state' } });
    const patch = charts.sidecar.find((object) => object.kind === 'Deployment') as KubeObject;
    assert.equal(patch.metadata.name, 'my-gateway');
    const container = patch.spec.template.spec.containers[0];
    assert.ok(container.volumeMounts.some((mount: { name: string }) => mount.name === 'state'));
    assert.ok(!patch.spec.template.spec.volumes.some((volume: { name: string }) => volume.name === 'state'), 'the existing home volume must not be redefined');
  });
});
