import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startApiServer, type ApiServer } from '../support/apiserver.js';
import { deployment, versions, type LiveDeployment } from './cluster-state.js';
import { runCli, show } from './run-cli.js';

const fixture = fileURLToPath(new URL('./fixtures/foreign-gateway.yaml', import.meta.url));
const NS = 'team-gateway';
const HOME = '/home/node/.openclaw';

describe('--add-sidecar and --remove-sidecar on a gateway Deployment someone else created', () => {
  let api: ApiServer;
  let env: NodeJS.ProcessEnv;
  let original: LiveDeployment;

  before(async () => {
    api = await startApiServer();
    env = { ...api.env, CLAWBENCH_NAMESPACE: NS, MLFLOW_TRACKING_URI: 'http://mlflow.example.com:5000', ANTHROPIC_API_KEY: 'fake-anthropic-foreign-test' };
    // plain client-side apply, as a person with their own YAML would do it
    const applied = await api.kubectl(['apply', '-f', fixture]);
    assert.equal(applied.code, 0, applied.stderr);
    original = await deployment(api, 'openclaw', NS);
  });
  after(async () => {
    await api?.stop();
  });

  it('fails clearly when there is no gateway Deployment in the namespace', async () => {
    const result = await runCli(['--add-sidecar'], { ...env, CLAWBENCH_NAMESPACE: 'nobody-here' });
    assert.equal(result.code, 1, show(result));
    assert.match(result.stderr, /deployment\/openclaw not found in namespace nobody-here; deploy the gateway first \(clawbench-k8s --openclaw-only\)/);
  });

  it('adds the container mounting the gateway home volume, and only the volumes that are missing', async () => {
    const result = await runCli(['--add-sidecar', '--no-wait'], env);
    assert.equal(result.code, 0, show(result));
    assert.match(result.stdout, /warning: a gateway clawbench-k8s did not deploy will reject a generated token/);
    assert.match(result.stdout, /MLFLOW_TRACKING_URI|configmap\/clawbench-config -n team-gateway created/);

    const patched = await deployment(api, 'openclaw', NS);
    const spec = patched.spec.template.spec;
    assert.deepEqual(spec.containers.find((c) => c.name === 'gateway'), original.spec.template.spec.containers[0]);
    const sidecar = spec.containers.find((c) => c.name === 'clawbench');
    assert.ok(sidecar, 'sidecar container added');
    assert.deepEqual(sidecar.volumeMounts?.find((m) => m.mountPath === HOME)?.name, 'agent-state');
    // its own clawbench-results volume is reused as it was; only clawbench-tmp is new
    assert.deepEqual(spec.volumes?.map((v) => v.name), ['agent-state', 'scratch', 'clawbench-results', 'clawbench-tmp']);
    assert.deepEqual(spec.volumes?.find((v) => v.name === 'clawbench-results'), { name: 'clawbench-results', emptyDir: { sizeLimit: '2Gi' } });
    assert.deepEqual(patched.spec.selector, original.spec.selector);
    const claim = await api.kubectl(['get', 'pvc', 'clawbench-results-pvc', '-n', NS, '--ignore-not-found', '-o', 'name']);
    assert.equal(claim.stdout.trim(), '', 'no results PVC when the gateway brings its own results volume');

    const config = await api.kubectl(['get', 'configmap', 'clawbench-config', '-n', NS, '-o', 'jsonpath={.data.MLFLOW_TRACKING_URI}']);
    assert.equal(config.stdout, 'http://mlflow.example.com:5000');
  });

  it('a second --add-sidecar changes nothing', async () => {
    const before = await versions(api, [NS]);
    const result = await runCli(['--add-sidecar', '--no-wait'], env);
    assert.equal(result.code, 0, show(result));
    assert.deepEqual(await versions(api, [NS]), before);
  });

  it('the gateway token the user sets replaces a generated one, and is the only key that changes', async () => {
    const before = await deployment(api, 'openclaw', NS);
    const result = await runCli(['--add-sidecar', '--no-wait'], { ...env, OPENCLAW_GATEWAY_TOKEN: 'fake-foreign-gateway-token' });
    assert.equal(result.code, 0, show(result));
    assert.match(result.stdout, /secret\/clawbench-secrets: OPENCLAW_GATEWAY_TOKEN was updated; kept ANTHROPIC_API_KEY/);
    assert.doesNotMatch(result.stdout, /reject a generated token/);
    assert.equal((await deployment(api, 'openclaw', NS)).metadata.resourceVersion, before.metadata.resourceVersion);
  });

  it('--remove-sidecar restores the Deployment as its owner wrote it; a second run changes nothing', async () => {
    const result = await runCli(['--remove-sidecar'], env);
    assert.equal(result.code, 0, show(result));
    const restored = await deployment(api, 'openclaw', NS);
    assert.deepEqual(restored.spec, original.spec);
    assert.deepEqual(restored.metadata.labels, original.metadata.labels);

    const before = await versions(api, [NS]);
    const again = await runCli(['--remove-sidecar'], env);
    assert.equal(again.code, 0, show(again));
    assert.match(again.stdout, /nothing to remove/);
    assert.deepEqual(await versions(api, [NS]), before);
  });

  it('refuses a gateway container without a home volume, and a clawbench container it did not add', async () => {
    const live = await deployment(api, 'openclaw', NS);
    const homeIndex = live.spec.template.spec.containers[0]?.volumeMounts?.findIndex((m) => m.mountPath === HOME);
    const dropHome = JSON.stringify([{ op: 'remove', path: `/spec/template/spec/containers/0/volumeMounts/${homeIndex}` }]);
    assert.equal((await api.kubectl(['patch', 'deployment/openclaw', '-n', NS, '--type=json', '-p', dropHome])).code, 0);
    const noHome = await runCli(['--add-sidecar'], env);
    assert.equal(noHome.code, 1, show(noHome));
    assert.match(noHome.stderr, /container "gateway" of deployment\/openclaw -n team-gateway mounts no volume at \/home\/node\/.openclaw/);

    assert.equal((await api.kubectl(['apply', '-f', fixture])).code, 0);
    const deployShStyle = JSON.stringify([{ op: 'add', path: '/spec/template/spec/containers/-', value: { name: 'clawbench', image: 'quay.io/example/clawbench:latest' } }]);
    assert.equal((await api.kubectl(['patch', 'deployment/openclaw', '-n', NS, '--type=json', '-p', deployShStyle])).code, 0);
    const foreign = await runCli(['--add-sidecar'], env);
    assert.equal(foreign.code, 1, show(foreign));
    assert.match(foreign.stderr, /already has a container named "clawbench" that clawbench-k8s did not add .*kubectl patch deployment\/openclaw -n team-gateway --type=json/);
  });
});
