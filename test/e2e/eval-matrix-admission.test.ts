import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { App } from 'cdk8s';
import { EvalMatrixChart } from '../../charts/eval-matrix.js';
import { settingsFromEnv } from '../../charts/settings.js';
import { MATRIX_LABEL } from '../../constructs/eval-job.js';
import { startApiServer, type ApiServer } from '../support/apiserver.js';

/**
 * The matrix's objects on a real kube-apiserver: stored as written, the Jobs' pods admitted in a
 * namespace that enforces PodSecurity `restricted`, the gateway kept as a native sidecar.
 */

type Manifest = Record<string, any> & { kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> } };

const NAMESPACE = 'matrix-admission';
const MODELS = ['openai/gpt-5.5', 'openrouter/anthropic/claude-sonnet-4-6'];

function synthMatrix(): Manifest[] {
  const settings = settingsFromEnv({ CLAWBENCH_NAMESPACE: NAMESPACE, CLAWBENCH_RUNS: '1' });
  const chart = new EvalMatrixChart(new App(), 'eval-matrix', { settings, matrix: { models: MODELS, matrixId: 'nightly-42' } });
  return chart.toJson() as Manifest[];
}

/** A Pod the Job controller would create from the template (no controller runs in the tests). */
function podFromJob(job: Manifest, name: string): Manifest {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: job.metadata.namespace, labels: job.spec.template.metadata.labels }, spec: job.spec.template.spec };
}

let api: ApiServer;
before(async () => {
  api = await startApiServer();
});
after(async () => {
  await api?.stop();
});

async function kubectlOk(args: readonly string[], input?: string): Promise<string> {
  const result = await api.kubectl(args, input);
  assert.equal(result.code, 0, `kubectl ${args.join(' ')} failed:\n${result.stderr}`);
  assert.doesNotMatch(result.stderr, /Warning/, `kubectl ${args.join(' ')} warned:\n${result.stderr}`);
  return result.stdout;
}

describe('the eval matrix on a real API server', () => {
  const manifests = synthMatrix();
  const jobs = manifests.filter((object) => object.kind === 'Job');

  it('applies every object server-side, with no PodSecurity warning for the Job templates', async () => {
    assert.equal(jobs.length, MODELS.length, 'one Job per model');
    const namespace = manifests.find((object) => object.kind === 'Namespace');
    assert.equal(namespace?.metadata.labels?.['pod-security.kubernetes.io/enforce'], 'restricted');
    // enforce only checks Pods; warn also checks the pod templates of Jobs
    namespace!.metadata.labels = { ...namespace!.metadata.labels, 'pod-security.kubernetes.io/warn': 'restricted' };
    await kubectlOk(['apply', '--server-side', '--field-manager=clawbench-test', '-f', '-'], JSON.stringify(namespace));
    const rest = manifests.filter((object) => object.kind !== 'Namespace');
    await kubectlOk(['apply', '--server-side', '--field-manager=clawbench-test', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: rest }));

    const stored = JSON.parse(await kubectlOk(['get', 'jobs', '-n', NAMESPACE, '-l', `${MATRIX_LABEL}=nightly-42`, '-o', 'json'])) as { items: Manifest[] };
    assert.deepEqual(stored.items.map((job) => job.metadata.name).sort(), ['clawbench-eval-openai-gpt-5-5', 'clawbench-eval-openrouter-anthropic-claude-282e4e61'], 'a long model name is shortened with a hash to keep pod names under 63');
    for (const job of stored.items) {
      const spec = job.spec.template.spec;
      assert.deepEqual(spec.initContainers.map((c: Manifest) => [c.name, c.restartPolicy ?? null]), [['init-config', null], ['gateway', 'Always']]);
      const runner = spec.containers[0];
      assert.deepEqual(runner.command, ['clawbench', 'sidecar', '--mode', 'job']);
      const env = Object.fromEntries(runner.env.filter((e: Manifest) => 'value' in e).map((e: Manifest) => [e.name, e.value]));
      assert.equal(env.CLAWBENCH_MATRIX_ID, 'nightly-42');
      assert.ok(MODELS.includes(env.CLAWBENCH_MODEL), `each job names its model (${env.CLAWBENCH_MODEL})`);
      assert.equal(job.spec.podFailurePolicy.rules[0].action, 'FailJob');
      assert.equal(spec.volumes.find((v: Manifest) => v.name === 'clawbench-results').persistentVolumeClaim.claimName, `${job.metadata.name}-results`);
    }
  });

  it('admits each Job\'s pod under the restricted profile, and keeps the gateway a native sidecar', async () => {
    for (const [index, job] of jobs.entries()) {
      await kubectlOk(['create', '-f', '-'], JSON.stringify(podFromJob(job, `eval-pod-${index}`)));
      const pod = JSON.parse(await kubectlOk(['get', 'pod', `eval-pod-${index}`, '-n', NAMESPACE, '-o', 'json'])) as Manifest;
      // the API server drops fields it does not know: restartPolicy surviving means native sidecars are on
      assert.equal(pod.spec.initContainers[1].restartPolicy, 'Always');
      assert.equal(pod.spec.restartPolicy, 'Never');
    }
  });

  it('rejects the same pod once it breaks the profile, so the admission above means something', async () => {
    const pod = podFromJob(jobs[0]!, 'eval-pod-escalating');
    pod.spec = structuredClone(pod.spec);
    pod.spec.initContainers[1].securityContext.allowPrivilegeEscalation = true;
    const result = await api.kubectl(['create', '-f', '-'], JSON.stringify(pod));
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false \(container "gateway"/);
  });

  it('accepts the committed dist/eval-matrix.k8s.yaml as it is', async () => {
    const text = await readFile(new URL('../../dist/eval-matrix.k8s.yaml', import.meta.url), 'utf8');
    await kubectlOk(['apply', '--server-side', '--field-manager=clawbench-test', '-f', '-'], text);
    const stored = JSON.parse(await kubectlOk(['get', 'jobs', '-n', 'clawbench-eval', '-o', 'json'])) as { items: Manifest[] };
    assert.equal(stored.items.length, 1, 'the default dist matrix is one Job, for CLAWBENCH_MODEL');
    await kubectlOk(['create', '-f', '-'], JSON.stringify(podFromJob(stored.items[0]!, 'dist-eval-pod')));
  });
});
