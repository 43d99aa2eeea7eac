import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { MlflowServer } from '../../constructs/index.js';
import { restrictedViolations } from '../charts/manifests.js';
import { startMlflowFromCommand, type MlflowProcess } from './mlflow-process.js';
import { assertRejects, container, find, synth, testChart } from './synth.js';

function mlflowObjects(props: ConstructorParameters<typeof MlflowServer>[2] = {}) {
  const chart = testChart();
  const mlflow = new MlflowServer(chart, 'mlflow', props);
  return { mlflow, objects: synth(chart) };
}

describe('MlflowServer', () => {
  test('creates namespace mlflow (enforcing restricted), mlflow-data-pvc, Deployment mlflow and mlflow-service', () => {
    const { objects } = mlflowObjects();
    assert.deepEqual(objects.map((object) => `${object.kind}/${object.metadata.name}`), [
      'Namespace/mlflow',
      'PersistentVolumeClaim/mlflow-data-pvc',
      'Deployment/mlflow',
      'Service/mlflow-service',
    ]);
    const namespace = find(objects, 'Namespace', 'mlflow');
    assert.equal(namespace.metadata.namespace, undefined, 'a Namespace is cluster-scoped');
    assert.equal(namespace.metadata.labels?.['pod-security.kubernetes.io/enforce'], 'restricted');
    for (const object of objects.slice(1)) {
      assert.equal(object.metadata.namespace, 'mlflow');
      assert.equal(object.metadata.labels?.['app.kubernetes.io/name'], 'mlflow');
      assert.equal(object.metadata.labels?.['app.kubernetes.io/managed-by'], 'clawbench-k8s');
    }
  });

  test('can leave the namespace to someone else and use another one', () => {
    const { objects, mlflow } = mlflowObjects({ namespace: 'tracking', createNamespace: false });
    assert.ok(!objects.some((object) => object.kind === 'Namespace'));
    assert.ok(objects.every((object) => object.metadata.namespace === 'tracking'));
    assert.equal(mlflow.trackingUri, 'http://mlflow-service.tracking.svc.cluster.local:5000');
  });

  test('exposes its in-cluster tracking URI', () => {
    assert.equal(mlflowObjects().mlflow.trackingUri, 'http://mlflow-service.mlflow.svc.cluster.local:5000');
  });

  test('keeps SQLite and artifacts on a 5Gi PVC and serves artifacts through the server', () => {
    const { objects } = mlflowObjects();
    assert.equal(find(objects, 'PersistentVolumeClaim', 'mlflow-data-pvc').spec.resources.requests.storage, '5Gi');
    const deployment = find(objects, 'Deployment', 'mlflow');
    assert.equal(deployment.spec.replicas, 1);
    assert.deepEqual(deployment.spec.strategy, { type: 'Recreate' });
    assert.deepEqual(deployment.spec.selector.matchLabels, { 'app.kubernetes.io/name': 'mlflow', 'app.kubernetes.io/instance': 'mlflow' });
    const server = container(deployment, 'mlflow');
    assert.deepEqual(server.command.slice(0, 2), ['mlflow', 'server']);
    assert.ok(server.command.includes('--serve-artifacts'));
    assert.equal(server.command[server.command.indexOf('--backend-store-uri') + 1], 'sqlite:////mlflow/mlflow.db');
    assert.equal(server.command[server.command.indexOf('--artifacts-destination') + 1], '/mlflow/artifacts');
    assert.ok(!server.command.includes('--default-artifact-root'), 'a local default artifact root breaks client uploads');
    assert.deepEqual(server.volumeMounts, [
      { name: 'mlflow-data', mountPath: '/mlflow' },
      { name: 'tmp', mountPath: '/tmp' },
    ]);
    assert.deepEqual(deployment.spec.template.spec.volumes[0], { name: 'mlflow-data', persistentVolumeClaim: { claimName: 'mlflow-data-pvc' } });
  });

  test('probes /health over HTTP with a startup budget for migrations, and serves port 5000', () => {
    const { objects } = mlflowObjects();
    const server = container(find(objects, 'Deployment', 'mlflow'), 'mlflow');
    for (const probe of [server.startupProbe, server.readinessProbe, server.livenessProbe]) {
      assert.deepEqual(probe.httpGet, { path: '/health', port: 5000 });
    }
    assert.ok(server.startupProbe.periodSeconds * server.startupProbe.failureThreshold >= 300);
    assert.deepEqual(server.resources, { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '1Gi' } });
    const service = find(objects, 'Service', 'mlflow-service');
    assert.deepEqual(service.spec.ports, [{ name: 'http', port: 5000, targetPort: 5000, protocol: 'TCP' }]);
    assert.deepEqual(service.spec.selector, { 'app.kubernetes.io/name': 'mlflow', 'app.kubernetes.io/instance': 'mlflow' });
  });

  test('meets PodSecurity restricted as uid 1000 with fsGroup for the volume', () => {
    const pod = find(mlflowObjects().objects, 'Deployment', 'mlflow').spec.template.spec;
    assert.deepEqual(restrictedViolations(pod), []);
    assert.equal(pod.securityContext.runAsUser, 1000);
    assert.equal(pod.securityContext.fsGroup, 1000);
    assert.equal(pod.automountServiceAccountToken, false);
  });

  test('fails on a bad namespace or image', () => {
    assertRejects(() => new MlflowServer(testChart(), 'm', { namespace: 'MLflow' }), 'MLflow', /^mlflow namespace .* is invalid: expected a dns label/);
    assertRejects(() => new MlflowServer(testChart(), 'm', { image: ':latest' }), ':latest', /^mlflow image .* is invalid: expected an image reference/);
  });
});

describe('the synthesized MLflow command, run for real (MLflow 2.21.3)', () => {
  let server: MlflowProcess;
  before(async () => {
    const { objects } = mlflowObjects();
    server = await startMlflowFromCommand(container(find(objects, 'Deployment', 'mlflow'), 'mlflow').command, '/mlflow');
  });
  after(async () => {
    await server?.stop();
  });

  async function call(method: string, route: string, body?: unknown): Promise<any> {
    const response = await fetch(`${server.url}${route}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    assert.equal(response.status, 200, `${method} ${route}: ${await response.clone().text()}`);
    return response.json();
  }

  test('gives runs an mlflow-artifacts: URI and stores an uploaded artifact on the data volume', async () => {
    const { experiment_id: experimentId } = await call('POST', '/api/2.0/mlflow/experiments/create', { name: 'construct-test' });
    const { run } = await call('POST', '/api/2.0/mlflow/runs/create', { experiment_id: experimentId, start_time: 0 });
    const artifactUri: string = run.info.artifact_uri;
    assert.match(artifactUri, /^mlflow-artifacts:\//, 'clients can only upload through the server to mlflow-artifacts: URIs');
    const artifactPath = `${new URL(artifactUri).pathname.replace(/^\//, '')}/benchmark.json`;
    const upload = await fetch(`${server.url}/api/2.0/mlflow-artifacts/artifacts/${artifactPath}`, { method: 'PUT', body: '{"score":1}' });
    assert.equal(upload.status, 200);
    assert.equal(await readFile(path.join(server.dataDir, 'artifacts', artifactPath), 'utf8'), '{"score":1}');
    await readFile(path.join(server.dataDir, 'mlflow.db')); // the SQLite database is on the data volume too
  });
});
