import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ClawbenchSidecar, OpenClawGateway, type ClawbenchSidecarProps } from '../../constructs/index.js';
import { applySidecarPatch, restrictedViolations } from '../charts/manifests.js';
import { assertRejects, container, find, synth, testChart } from './synth.js';

function withOwnGateway(props: Omit<ClawbenchSidecarProps, 'gateway'> = {}) {
  const chart = testChart('eval');
  const gateway = new OpenClawGateway(chart, 'gateway');
  const sidecar = new ClawbenchSidecar(chart, 'sidecar', { gateway, ...props });
  return { sidecar, objects: synth(chart) };
}

describe('ClawbenchSidecar', () => {
  test('joins the gateway pod as container clawbench', () => {
    const deployment = find(withOwnGateway().objects, 'Deployment', 'openclaw');
    const pod = deployment.spec.template.spec;
    assert.deepEqual(pod.containers.map((each: { name: string }) => each.name), ['gateway', 'clawbench']);
    const clawbench = container(deployment, 'clawbench');
    assert.deepEqual(clawbench.command, ['clawbench', 'sidecar']);
    assert.equal(clawbench.image, 'clawbench:latest');
    assert.equal(clawbench.imagePullPolicy, 'IfNotPresent');
    assert.deepEqual(clawbench.resources, { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '2', memory: '4Gi' } });
  });

  test('mounts the gateway home at the gateway\'s path, /results on a PVC and /tmp on an emptyDir', () => {
    const deployment = find(withOwnGateway().objects, 'Deployment', 'openclaw');
    const gatewayHome = container(deployment, 'gateway').volumeMounts.find((mount: { name: string }) => mount.name === 'openclaw-home');
    const mounts = container(deployment, 'clawbench').volumeMounts;
    assert.deepEqual(mounts, [
      { name: 'openclaw-home', mountPath: gatewayHome.mountPath },
      { name: 'clawbench-results', mountPath: '/results' },
      { name: 'clawbench-tmp', mountPath: '/tmp' },
    ]);
    const volumes = deployment.spec.template.spec.volumes;
    assert.deepEqual(volumes.slice(-2), [
      { name: 'clawbench-results', persistentVolumeClaim: { claimName: 'clawbench-results-pvc' } },
      { name: 'clawbench-tmp', emptyDir: {} },
    ]);
  });

  test('keeps results on an emptyDir when asked not to persist them', () => {
    const { objects } = withOwnGateway({ persistResults: false });
    assert.ok(!objects.some((object) => object.metadata.name === 'clawbench-results-pvc'));
    const volumes = find(objects, 'Deployment', 'openclaw').spec.template.spec.volumes;
    assert.deepEqual(volumes.find((volume: { name: string }) => volume.name === 'clawbench-results'), { name: 'clawbench-results', emptyDir: {} });
  });

  test('reads its settings from ConfigMap clawbench-config and the token from Secret clawbench-secrets', () => {
    const { objects } = withOwnGateway();
    const clawbench = container(find(objects, 'Deployment', 'openclaw'), 'clawbench');
    assert.deepEqual(clawbench.envFrom, [{ configMapRef: { name: 'clawbench-config' } }]);
    assert.deepEqual(clawbench.env, [
      { name: 'OPENCLAW_GATEWAY_TOKEN', valueFrom: { secretKeyRef: { name: 'clawbench-secrets', key: 'OPENCLAW_GATEWAY_TOKEN', optional: false } } },
    ]);
    assert.deepEqual(find(objects, 'ConfigMap', 'clawbench-config').data, {
      CLAWBENCH_MODEL: 'openai/gpt-5.5',
      CLAWBENCH_RUNS: '3',
      CLAWBENCH_CONCURRENCY: '4',
      CLAWBENCH_CONNECT_TIMEOUT: '120',
      CLAWBENCH_REQUEST_TIMEOUT: '300',
      CLAWBENCH_PER_RUN_BUDGET_SECONDS: '600',
      MLFLOW_EXPERIMENT_NAME: 'clawbench',
    });
  });

  test('writes every tuning key that is set, and gives a judge the provider keys', () => {
    const { objects } = withOwnGateway({
      model: 'anthropic/claude-sonnet-4-6',
      judgeModel: 'openai/gpt-5.5',
      tasks: ['t1-bugfix-discount', 't2-config-loader'],
      runs: 1,
      concurrency: 2,
      connectTimeoutSeconds: 30,
      requestTimeoutSeconds: 60,
      perRunBudgetSeconds: 90,
      openaiApiBase: 'http://vllm:8000/v1',
      mlflowTrackingUri: 'http://mlflow-service.mlflow.svc.cluster.local:5000',
      mlflowExperimentId: '7',
    });
    assert.deepEqual(find(objects, 'ConfigMap', 'clawbench-config').data, {
      CLAWBENCH_MODEL: 'anthropic/claude-sonnet-4-6',
      CLAWBENCH_RUNS: '1',
      CLAWBENCH_CONCURRENCY: '2',
      CLAWBENCH_CONNECT_TIMEOUT: '30',
      CLAWBENCH_REQUEST_TIMEOUT: '60',
      CLAWBENCH_PER_RUN_BUDGET_SECONDS: '90',
      CLAWBENCH_JUDGE_MODEL: 'openai/gpt-5.5',
      CLAWBENCH_TASKS: 't1-bugfix-discount t2-config-loader',
      OPENAI_API_BASE: 'http://vllm:8000/v1',
      MLFLOW_TRACKING_URI: 'http://mlflow-service.mlflow.svc.cluster.local:5000',
      MLFLOW_EXPERIMENT_ID: '7',
    });
    const env = container(find(objects, 'Deployment', 'openclaw'), 'clawbench').env;
    assert.deepEqual(env.map((variable: { name: string }) => variable.name), [
      'OPENCLAW_GATEWAY_TOKEN',
      'OPENAI_API_KEY',
      'ANTHROPIC_API_KEY',
      'OPENROUTER_API_KEY',
      'GEMINI_API_KEY',
    ]);
  });

  test('keeps the pod PodSecurity restricted, the sidecar running as the gateway\'s uid', () => {
    const pod = find(withOwnGateway().objects, 'Deployment', 'openclaw').spec.template.spec;
    assert.deepEqual(restrictedViolations(pod), []);
    const context = pod.containers.find((each: { name: string }) => each.name === 'clawbench').securityContext;
    assert.equal(context.runAsUser, 1000);
    assert.equal(context.readOnlyRootFilesystem, true);
  });

  test('attaches to a foreign gateway as a patch that stays restricted once merged into the seed\'s pod', () => {
    const chart = testChart('eval');
    const gateway = OpenClawGateway.fromDeploymentName(chart, 'foreign', 'openclaw');
    new ClawbenchSidecar(chart, 'sidecar', { gateway });
    const objects = synth(chart);
    assert.deepEqual(objects.map((object) => `${object.kind}/${object.metadata.name}`), [
      'ConfigMap/clawbench-config',
      'PersistentVolumeClaim/clawbench-results-pvc',
      'Deployment/openclaw',
    ]);
    // the seed's gateway pod: no pod-level security context at all
    const seedDeployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'openclaw' },
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'gateway',
                image: 'ghcr.io/openclaw/openclaw:latest',
                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
              },
            ],
            volumes: [{ name: 'openclaw-home', persistentVolumeClaim: { claimName: 'openclaw-home-pvc' } }],
          },
        },
      },
    };
    const merged = applySidecarPatch(seedDeployment, find(objects, 'Deployment', 'openclaw'));
    assert.deepEqual(restrictedViolations(merged.spec.template.spec), []);
  });

  test('fails on bad settings, naming the value and what is expected', () => {
    const chart = testChart();
    const gateway = new OpenClawGateway(chart, 'gateway');
    const attempt = (id: string, props: Omit<ClawbenchSidecarProps, 'gateway'>) => () => new ClawbenchSidecar(chart, id, { gateway, ...props });
    assertRejects(attempt('a', { runs: 0 }), '0', /^runs 0 is invalid: expected a whole number of at least 1/);
    assertRejects(attempt('b', { judgeModel: 'claude' }), 'claude', /^judge model .* is invalid: expected a model with a provider prefix/);
    assertRejects(attempt('c', { tasks: ['ok', 'not ok'] }), 'not ok', /^task id .* is invalid: expected task ids/);
    assertRejects(attempt('d', { mlflowTrackingUri: 'mlflow:5000' }), 'mlflow:5000', /^mlflow tracking uri .* is invalid: expected an http\(s\) url/);
    assertRejects(
      attempt('e', { mlflowExperimentId: '4', mlflowExperimentName: 'evals' }),
      'evals',
      /^mlflow experiment id "4" and name "evals" are both set: expected only one of them/,
    );
  });
});
