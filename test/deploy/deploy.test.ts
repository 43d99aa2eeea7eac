import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startApiServer, type ApiServer } from '../support/apiserver.js';
import { deployment, getJson, podFrom, podTemplates, versions, type LiveObject } from './cluster-state.js';
import { runCli, show } from './run-cli.js';

const distDir = fileURLToPath(new URL('../../dist/', import.meta.url));
const EVAL_NS = 'eval-deploy';
const MLFLOW_NS = 'tracking-deploy';
const HOME = '/home/node/.openclaw';

describe('clawbench-k8s against a real kube-apiserver', () => {
  let api: ApiServer;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    api = await startApiServer();
    env = { ...api.env, CLAWBENCH_NAMESPACE: EVAL_NS, MLFLOW_NAMESPACE: MLFLOW_NS, OPENAI_API_KEY: 'fake-openai-deploy-test-key' };
  });
  after(async () => {
    await api?.stop();
  });

  it('every dist file is accepted by a server-side dry run, without PodSecurity warnings', async () => {
    const files = (await readdir(distDir)).filter((file) => file.endsWith('.yaml')).sort();
    assert.ok(files.includes('gateway.k8s.yaml') && files.includes('sidecar.k8s.yaml'), `dist holds ${files.join(', ')}`);
    // the sidecar file patches the gateway Deployment, and objects need their namespaces: apply those for real first
    // one field manager per file: the sidecar file must merge into the gateway, not replace it
    const manager = (file: string): string => `dist-test-${file.split('.')[0]}`;
    for (const file of ['gateway.k8s.yaml', 'mlflow.k8s.yaml']) {
      const applied = await api.kubectl(['apply', '--server-side', `--field-manager=${manager(file)}`, '-f', `${distDir}${file}`]);
      assert.equal(applied.code, 0, `${file}: ${applied.stderr}`);
    }
    for (const file of files) {
      const result = await api.kubectl(['apply', '--server-side', `--field-manager=${manager(file)}`, '--dry-run=server', '-f', `${distDir}${file}`]);
      assert.equal(result.code, 0, `${file}: ${result.stderr}`);
      assert.doesNotMatch(result.stderr, /PodSecurity/, `${file}: ${result.stderr}`);
    }
  });

  it('--diff on an empty cluster lists what would be created and creates nothing', async () => {
    const result = await runCli(['--diff'], env);
    assert.equal(result.code, 0, show(result));
    for (const ref of [`namespace/${MLFLOW_NS}`, `deployment/mlflow -n ${MLFLOW_NS}`, `namespace/${EVAL_NS}`, `deployment/openclaw -n ${EVAL_NS}`]) {
      assert.ok(result.stdout.includes(`${ref} would be created`), `${ref}\n${show(result)}`);
    }
    assert.match(result.stdout, /secret\/clawbench-secrets would be created with keys: OPENAI_API_KEY, OPENCLAW_GATEWAY_TOKEN/);
    assert.match(result.stdout, /the "clawbench" sidecar would then be added to deployment\/openclaw/);
    const namespaces = await api.kubectl(['get', 'namespace', EVAL_NS, MLFLOW_NS, '--ignore-not-found', '-o', 'name']);
    assert.equal(namespaces.stdout.trim(), '');
  });

  it('full deploy creates the gateway with its sidecar, MLflow and the secret, and prints next steps', async () => {
    const result = await runCli(['--no-wait'], env);
    assert.equal(result.code, 0, show(result));
    for (const ref of [`namespace/${EVAL_NS}`, `namespace/${MLFLOW_NS}`, `deployment/openclaw -n ${EVAL_NS}`, `deployment/mlflow -n ${MLFLOW_NS}`, `configmap/clawbench-config -n ${EVAL_NS}`]) {
      assert.ok(result.stdout.includes(`${ref} created`), `${ref} created\n${show(result)}`);
    }
    assert.match(result.stdout, /secret\/clawbench-secrets created with keys: OPENAI_API_KEY, OPENCLAW_GATEWAY_TOKEN/);
    assert.match(result.stdout, new RegExp(`kubectl cp "${EVAL_NS}/\\$POD:/results/benchmark.json" -c clawbench ./benchmark.json`));
    assert.match(result.stdout, /clawbench-k8s --remove-sidecar/);

    const gateway = await deployment(api, 'openclaw', EVAL_NS);
    const containers = gateway.spec.template.spec.containers;
    assert.deepEqual(containers.map((container) => container.name).sort(), ['clawbench', 'gateway']);
    const gatewayHome = containers.find((c) => c.name === 'gateway')?.volumeMounts?.find((m) => m.mountPath === HOME)?.name;
    const sidecarHome = containers.find((c) => c.name === 'clawbench')?.volumeMounts?.find((m) => m.mountPath === HOME)?.name;
    assert.ok(gatewayHome !== undefined && sidecarHome === gatewayHome, 'the sidecar mounts the gateway home volume at the same path');
    const namespace = await getJson(api, ['namespace', EVAL_NS]);
    assert.equal(namespace.metadata.labels?.['pod-security.kubernetes.io/enforce'], 'restricted');
    const config = await getJson(api, ['configmap', 'clawbench-config', '-n', EVAL_NS]);
    assert.equal(config.data?.MLFLOW_TRACKING_URI, `http://mlflow-service.${MLFLOW_NS}.svc.cluster.local:5000`);
  });

  it('an identical re-apply of any deploy mode changes nothing: every resourceVersion and generation is kept', async () => {
    const before = await versions(api, [EVAL_NS, MLFLOW_NS]);
    // --openclaw-only after a full deploy must also leave the sidecar alone (another field manager's)
    for (const args of [['--no-wait'], ['--openclaw-only', '--no-wait'], ['--mlflow-only', '--no-wait'], ['--add-sidecar', '--no-wait']]) {
      const result = await runCli(args, env);
      assert.equal(result.code, 0, show(result));
      assert.doesNotMatch(result.stdout, / (created|configured)( \(|$)/m, show(result));
      assert.deepEqual(await versions(api, [EVAL_NS, MLFLOW_NS]), before, args.join(' '));
    }
  });

  it('--diff after a deploy shows no change and changes nothing', async () => {
    const before = await versions(api, [EVAL_NS, MLFLOW_NS]);
    const result = await runCli(['--diff'], env);
    assert.equal(result.code, 0, show(result));
    assert.doesNotMatch(result.stdout, /^[-+]\s/m, show(result));
    assert.deepEqual(await versions(api, [EVAL_NS, MLFLOW_NS]), before);

    const changed = await runCli(['--diff'], { ...env, CLAWBENCH_MODEL: 'anthropic/claude-sonnet-4-6' });
    assert.equal(changed.code, 0, show(changed));
    assert.match(changed.stdout, /^\+\s+CLAWBENCH_MODEL: anthropic\/claude-sonnet-4-6$/m, show(changed));
    assert.deepEqual(await versions(api, [EVAL_NS, MLFLOW_NS]), before);
  });

  it('admits a pod from every stored pod template in a namespace enforcing PodSecurity restricted', async () => {
    const templates = await podTemplates(api, [EVAL_NS, MLFLOW_NS, 'clawbench-eval', 'mlflow']);
    assert.ok(templates.length >= 3, `templates: ${templates.map((t) => t.owner).join(', ')}`);
    for (const [index, { owner, template }] of templates.entries()) {
      const pod = podFrom(template, `admission-${index}`, EVAL_NS);
      const result = await api.kubectl(['create', '--dry-run=server', '-f', '-'], JSON.stringify(pod));
      assert.equal(result.code, 0, `${owner}: ${result.stderr}`);
    }
    // the same check refuses a pod that breaks the profile, so it proves something
    const [first] = templates;
    assert.ok(first !== undefined);
    const escalating = podFrom(first.template, 'escalating', EVAL_NS) as { spec: { containers: { securityContext?: object }[] } };
    for (const container of escalating.spec.containers) container.securityContext = { allowPrivilegeEscalation: true };
    const refused = await api.kubectl(['create', '--dry-run=server', '-f', '-'], JSON.stringify(escalating));
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /violates PodSecurity "restricted:latest"/);
  });

  it('--remove-sidecar removes exactly the sidecar, and a second run changes nothing', async () => {
    const before = await deployment(api, 'openclaw', EVAL_NS);
    const result = await runCli(['--remove-sidecar'], env);
    assert.equal(result.code, 0, show(result));
    assert.match(result.stdout, /configmap\/clawbench-config -n eval-deploy deleted/);
    assert.match(result.stdout, /kept persistentvolumeclaim\/clawbench-results-pvc/);
    const afterRemove = await deployment(api, 'openclaw', EVAL_NS);
    const spec = afterRemove.spec.template.spec;
    assert.deepEqual(spec.containers.map((c) => c.name), ['gateway']);
    assert.deepEqual(spec.containers[0], before.spec.template.spec.containers.find((c) => c.name === 'gateway'));
    const sidecarVolumes = new Set(['clawbench-results', 'clawbench-tmp']);
    assert.deepEqual(
      spec.volumes?.map((v) => v.name),
      before.spec.template.spec.volumes?.map((v) => v.name).filter((name) => !sidecarVolumes.has(name)),
    );
    assert.equal(afterRemove.spec.template.metadata?.annotations?.['clawbench-k8s/sidecar-config-sha256'], undefined);

    const again = await runCli(['--remove-sidecar'], env);
    assert.equal(again.code, 0, show(again));
    assert.match(again.stdout, /nothing to remove/);
    assert.equal((await deployment(api, 'openclaw', EVAL_NS)).metadata.resourceVersion, afterRemove.metadata.resourceVersion);

    const logs = await runCli(['--logs'], env);
    assert.equal(logs.code, 1, show(logs));
    assert.match(logs.stderr, /has no "clawbench" container; start an eval with clawbench-k8s --add-sidecar/);
  });

  it('--add-sidecar puts it back, and a second run changes nothing', async () => {
    const result = await runCli(['--add-sidecar', '--no-wait'], env);
    assert.equal(result.code, 0, show(result));
    assert.match(result.stdout, /sidecar "clawbench" added to deployment\/openclaw/);
    const added = await deployment(api, 'openclaw', EVAL_NS);
    assert.deepEqual(added.spec.template.spec.containers.map((c) => c.name).sort(), ['clawbench', 'gateway']);
    const before = await versions(api, [EVAL_NS]);
    const again = await runCli(['--add-sidecar', '--no-wait'], env);
    assert.equal(again.code, 0, show(again));
    assert.deepEqual(await versions(api, [EVAL_NS]), before);
  });

  it('a changed setting rolls the sidecar through its config checksum', async () => {
    const before = await deployment(api, 'openclaw', EVAL_NS);
    const result = await runCli(['--add-sidecar', '--no-wait'], { ...env, CLAWBENCH_RUNS: '1' });
    assert.equal(result.code, 0, show(result));
    assert.match(result.stdout, /configmap\/clawbench-config -n eval-deploy configured/);
    assert.match(result.stdout, /deployment\/openclaw -n eval-deploy configured \(fields of clawbench-k8s-sidecar\)/);
    assert.match(result.stdout, /sidecar "clawbench" updated in deployment\/openclaw/);
    const changed = await deployment(api, 'openclaw', EVAL_NS);
    assert.equal(changed.metadata.generation, (before.metadata.generation ?? 0) + 1);
    const key = 'clawbench-k8s/sidecar-config-sha256';
    assert.notEqual(changed.spec.template.metadata?.annotations?.[key], before.spec.template.metadata?.annotations?.[key]);
  });

  it('waits are bounded and say what they wait for', async () => {
    // no controller-manager runs here, so the rollout never completes
    const result = await runCli(['--openclaw-only', '--timeout=2'], env);
    assert.equal(result.code, 1, show(result));
    assert.match(result.stdout, new RegExp(`waiting up to 2s for deployment/openclaw -n ${EVAL_NS} to roll out \\(OpenClaw gateway; --no-wait skips this\\)`));
    assert.match(result.stderr, /did not finish rolling out within 2s/);
  });

  it('--teardown deletes the eval namespace and keeps MLflow', async () => {
    const result = await runCli(['--teardown', '--no-wait'], env);
    assert.equal(result.code, 0, show(result));
    assert.match(result.stdout, new RegExp(`MLflow in namespace ${MLFLOW_NS} is kept`));
    const evalNamespace = await api.kubectl(['get', 'namespace', EVAL_NS, '-o', 'json', '--ignore-not-found']);
    // without a controller-manager the namespace stays Terminating instead of disappearing
    if (evalNamespace.stdout.trim() !== '') assert.equal((JSON.parse(evalNamespace.stdout) as LiveObject).status?.phase, 'Terminating');
    assert.equal((await getJson(api, ['namespace', MLFLOW_NS])).status?.phase, 'Active');
    assert.equal((await deployment(api, 'mlflow', MLFLOW_NS)).metadata.name, 'mlflow');

    const again = await runCli(['--teardown', '--no-wait'], env);
    assert.equal(again.code, 0, show(again));
    assert.match(again.stdout, /already being deleted|does not exist/);
  });

  it('refuses to tear down when the eval and MLflow share a namespace', async () => {
    const result = await runCli(['--teardown'], { ...env, MLFLOW_NAMESPACE: EVAL_NS });
    assert.equal(result.code, 1, show(result));
    assert.match(result.stderr, /CLAWBENCH_NAMESPACE and MLFLOW_NAMESPACE are both "eval-deploy"/);
  });
});
