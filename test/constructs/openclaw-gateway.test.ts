import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { Size } from 'cdk8s';
import { OpenClawGateway, OPENCLAW_HOME, type GatewaySidecar } from '../../constructs/index.js';
import { restrictedViolations } from '../charts/manifests.js';
import { assertRejects, container, find, synth, testChart } from './synth.js';

const RECOMMENDED = {
  'app.kubernetes.io/name': 'openclaw',
  'app.kubernetes.io/instance': 'openclaw',
  'app.kubernetes.io/component': 'gateway',
  'app.kubernetes.io/part-of': 'clawbench',
  'app.kubernetes.io/managed-by': 'clawbench-k8s',
};

function gatewayObjects(props: ConstructorParameters<typeof OpenClawGateway>[2] = {}) {
  const chart = testChart('eval');
  const gateway = new OpenClawGateway(chart, 'gateway', props);
  return { gateway, chart, objects: synth(chart) };
}

describe('OpenClawGateway', () => {
  test('creates the seed\'s objects with their names, in the chart namespace, all labelled', () => {
    const { objects } = gatewayObjects();
    assert.deepEqual(objects.map((object) => `${object.kind}/${object.metadata.name}`), [
      'ConfigMap/openclaw-config',
      'PersistentVolumeClaim/openclaw-home-pvc',
      'Deployment/openclaw',
      'Service/openclaw',
    ]);
    for (const object of objects) {
      assert.equal(object.metadata.namespace, 'eval');
      assert.deepEqual(object.metadata.labels, RECOMMENDED);
    }
  });

  test('claims a 10Gi ReadWriteOnce home', () => {
    const claim = find(gatewayObjects().objects, 'PersistentVolumeClaim', 'openclaw-home-pvc');
    assert.deepEqual(claim.spec, { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } });
    const sized = find(gatewayObjects({ homeStorage: Size.gibibytes(20), storageClassName: 'fast' }).objects, 'PersistentVolumeClaim', 'openclaw-home-pvc');
    assert.equal(sized.spec.resources.requests.storage, '20Gi');
    assert.equal(sized.spec.storageClassName, 'fast');
  });

  test('runs one replica with Recreate, selecting pods by the fixed name and instance labels', () => {
    const deployment = find(gatewayObjects().objects, 'Deployment', 'openclaw');
    assert.equal(deployment.spec.replicas, 1);
    assert.deepEqual(deployment.spec.strategy, { type: 'Recreate' });
    assert.deepEqual(deployment.spec.selector, {
      matchLabels: { 'app.kubernetes.io/name': 'openclaw', 'app.kubernetes.io/instance': 'openclaw' },
    });
    // pods keep the seed's `app: openclaw` (its kubectl cp recipe) next to the recommended labels
    assert.deepEqual(deployment.spec.template.metadata.labels, { ...RECOMMENDED, app: 'openclaw' });
    assert.ok(!JSON.stringify(deployment).includes('cdk8s.io/metadata.addr'), 'no hashed construct-path label');
  });

  test('exposes the gateway port on a ClusterIP Service named openclaw', () => {
    const service = find(gatewayObjects().objects, 'Service', 'openclaw');
    assert.deepEqual(service.spec, {
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': 'openclaw', 'app.kubernetes.io/instance': 'openclaw' },
      ports: [{ name: 'gateway', port: 18789, targetPort: 18789, protocol: 'TCP' }],
    });
  });

  test('runs `gateway run` on loopback:18789 in container gateway with the seed\'s resources', () => {
    const gateway = container(find(gatewayObjects().objects, 'Deployment', 'openclaw'), 'gateway');
    assert.deepEqual(gateway.command, ['node', '/app/dist/index.js', 'gateway', 'run', '--bind', 'loopback', '--port', '18789']);
    assert.deepEqual(gateway.ports, [{ name: 'gateway', containerPort: 18789, protocol: 'TCP' }]);
    assert.deepEqual(gateway.resources, { requests: { cpu: '250m', memory: '1Gi' }, limits: { cpu: '2', memory: '4Gi' } });
    assert.equal(gateway.imagePullPolicy, 'IfNotPresent');
    assert.equal(gateway.image, 'ghcr.io/openclaw/openclaw:2026.9.6-browser');
  });

  test('probes the JSON bodies of /readyz and /healthz, with a startup budget of at least five minutes', () => {
    const gateway = container(find(gatewayObjects().objects, 'Deployment', 'openclaw'), 'gateway');
    const args = (probe: { exec: { command: string[] } }) => probe.exec.command.slice(-3);
    assert.deepEqual(args(gateway.startupProbe), ['18789', '/readyz', 'ready']);
    assert.deepEqual(args(gateway.readinessProbe), ['18789', '/readyz', 'ready']);
    assert.deepEqual(args(gateway.livenessProbe), ['18789', '/healthz', 'ok']);
    for (const probe of [gateway.startupProbe, gateway.readinessProbe, gateway.livenessProbe]) {
      assert.deepEqual(probe.exec.command.slice(0, 2), ['node', '-e']);
      assert.match(probe.exec.command[2], /\.json\(\)/, 'the probe parses the body');
    }
    assert.ok(gateway.startupProbe.periodSeconds * gateway.startupProbe.failureThreshold >= 300);
  });

  test('takes the token from the Secret (required) and the provider keys (optional), never a literal', () => {
    const gateway = container(find(gatewayObjects({ secretName: 'team-secrets' }).objects, 'Deployment', 'openclaw'), 'gateway');
    const fromSecret = gateway.env.filter((variable: { valueFrom?: unknown }) => variable.valueFrom !== undefined);
    assert.deepEqual(
      fromSecret.map((variable: any) => [variable.name, variable.valueFrom.secretKeyRef.name, variable.valueFrom.secretKeyRef.optional]),
      [
        ['OPENCLAW_GATEWAY_TOKEN', 'team-secrets', false],
        ['OPENAI_API_KEY', 'team-secrets', true],
        ['ANTHROPIC_API_KEY', 'team-secrets', true],
        ['OPENROUTER_API_KEY', 'team-secrets', true],
        ['GEMINI_API_KEY', 'team-secrets', true],
      ],
    );
    const literals = gateway.env.filter((variable: { value?: string }) => variable.value !== undefined).map((variable: { name: string }) => variable.name);
    assert.deepEqual(literals, ['HOME', 'NODE_ENV', 'OPENCLAW_STATE_DIR', 'OPENCLAW_CONFIG_PATH']);
  });

  test('mounts the PVC home, a writable /tmp, and seeds the config with an init container of the same image', () => {
    const deployment = find(gatewayObjects().objects, 'Deployment', 'openclaw');
    const pod = deployment.spec.template.spec;
    assert.deepEqual(pod.volumes, [
      { name: 'openclaw-home', persistentVolumeClaim: { claimName: 'openclaw-home-pvc' } },
      { name: 'config-template', configMap: { name: 'openclaw-config' } },
      { name: 'tmp', emptyDir: {} },
    ]);
    assert.deepEqual(container(deployment, 'gateway').volumeMounts, [
      { name: 'openclaw-home', mountPath: OPENCLAW_HOME },
      { name: 'tmp', mountPath: '/tmp' },
    ]);
    const init = container(deployment, 'init-config');
    assert.equal(init.image, container(deployment, 'gateway').image);
    assert.match(init.command.join(' '), /cp \/config\/openclaw\.json \/home\/node\/\.openclaw\/openclaw\.json/);
    assert.deepEqual(init.volumeMounts.map((mount: { mountPath: string }) => mount.mountPath), [OPENCLAW_HOME, '/config']);
  });

  test('meets PodSecurity restricted, as uid 1000, with read-only root filesystems and no token mount', () => {
    const pod = find(gatewayObjects().objects, 'Deployment', 'openclaw').spec.template.spec;
    assert.deepEqual(restrictedViolations(pod), []);
    assert.deepEqual(pod.securityContext, {
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 1000,
      fsGroup: 1000,
      fsGroupChangePolicy: 'OnRootMismatch',
      seccompProfile: { type: 'RuntimeDefault' },
    });
    for (const each of [...pod.initContainers, ...pod.containers]) assert.equal(each.securityContext.readOnlyRootFilesystem, true, each.name);
    assert.equal(pod.automountServiceAccountToken, false);
    assert.equal(pod.enableServiceLinks, false);
  });

  test('puts openclaw.json in the ConfigMap and its sha256 on the pod template, which moves with the config', () => {
    const { objects, gateway } = gatewayObjects();
    const json = find(objects, 'ConfigMap', 'openclaw-config').data!['openclaw.json']!;
    assert.equal(json, gateway.configJson);
    const checksum = createHash('sha256').update(json).digest('hex');
    assert.equal(find(objects, 'Deployment', 'openclaw').spec.template.metadata.annotations['checksum/config'], checksum);
    const other = gatewayObjects({ model: 'anthropic/claude-sonnet-4-6' });
    assert.notEqual(other.gateway.configChecksum, checksum);
    assert.equal(JSON.parse(other.gateway.configJson).agents.defaults.model.primary, 'anthropic/claude-sonnet-4-6');
  });

  test('sends the openai provider to OPENAI_API_BASE', () => {
    const { gateway } = gatewayObjects({ openaiApiBase: 'http://vllm.models.svc:8000/v1' });
    assert.equal(JSON.parse(gateway.configJson).models.providers.openai.baseUrl, 'http://vllm.models.svc:8000/v1');
  });

  test('adds a sidecar container and its volumes to the pod, after the objects it depends on', () => {
    const chart = testChart('eval');
    const gateway = new OpenClawGateway(chart, 'gateway');
    const sidecar: GatewaySidecar = {
      container: { name: 'helper', image: 'helper:1', volumeMounts: [{ name: gateway.homeVolumeName, mountPath: gateway.homePath }] },
      volumes: [{ name: 'scratch', emptyDir: {} }],
    };
    gateway.addSidecar(sidecar);
    const pod = find(synth(chart), 'Deployment', 'openclaw').spec.template.spec;
    assert.deepEqual(pod.containers.map((each: { name: string }) => each.name), ['gateway', 'helper']);
    assert.deepEqual(pod.volumes.at(-1), { name: 'scratch', emptyDir: {} });
  });

  test('fails synthesis when a sidecar reuses a container or volume name', () => {
    const chart = testChart();
    const gateway = new OpenClawGateway(chart, 'gateway');
    gateway.addSidecar({ container: { name: 'gateway', image: 'x:1' }, volumes: [{ name: 'tmp', emptyDir: {} }] });
    assert.throws(() => synth(chart), (error: Error) => {
      assert.match(error.message, /two containers are named "gateway" in the gateway pod: expected unique container names/);
      assert.match(error.message, /two volumes are named "tmp" in the gateway pod: expected unique volume names/);
      return true;
    });
  });

  test('fails on a bad namespace, model, image or api base, naming the value and what is expected', () => {
    const chart = testChart();
    assertRejects(() => new OpenClawGateway(chart, 'a', { namespace: 'Eval_NS' }), 'Eval_NS', /^namespace .* is invalid: expected a dns label/);
    assertRejects(() => new OpenClawGateway(chart, 'b', { model: 'gpt-5.5' }), 'gpt-5.5', /^model .* is invalid: expected a model with a provider prefix/);
    assertRejects(() => new OpenClawGateway(chart, 'c', { image: 'has space:1' }), 'has space:1', /^openclaw image .* is invalid: expected an image reference/);
    assertRejects(() => new OpenClawGateway(chart, 'd', { openaiApiBase: 'vllm:8000' }), 'vllm:8000', /^openai api base .* is invalid: expected an http\(s\) url/);
  });
});

describe('OpenClawGateway.fromDeploymentName', () => {
  test('emits nothing until a sidecar is added', () => {
    const chart = testChart('eval');
    OpenClawGateway.fromDeploymentName(chart, 'foreign', 'their-gateway');
    assert.deepEqual(synth(chart), []);
  });

  test('adds a sidecar as a partial Deployment: only the container and its own volumes', () => {
    const chart = testChart('eval');
    const gateway = OpenClawGateway.fromDeploymentName(chart, 'foreign', 'their-gateway', { homeVolumeName: 'state' });
    assert.equal(gateway.homePath, OPENCLAW_HOME);
    gateway.addSidecar({
      container: { name: 'helper', image: 'helper:1', volumeMounts: [{ name: gateway.homeVolumeName, mountPath: gateway.homePath }] },
      volumes: [{ name: 'scratch', emptyDir: {} }],
    });
    assert.deepEqual(synth(chart), [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'their-gateway', namespace: 'eval' },
        spec: {
          template: {
            spec: {
              containers: [{ name: 'helper', image: 'helper:1', volumeMounts: [{ name: 'state', mountPath: OPENCLAW_HOME }] }],
              volumes: [{ name: 'scratch', emptyDir: {} }],
            },
          },
        },
      },
    ]);
  });

  test('fails on an invalid deployment name', () => {
    assertRejects(() => OpenClawGateway.fromDeploymentName(testChart(), 'x', 'Not Valid'), 'Not Valid', /^deployment name .* is invalid: expected a dns label/);
  });
});
