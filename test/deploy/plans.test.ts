import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeSecretPlan, planSecret } from '../../cli/secret.js';
import { deploymentSchema, ownedBy, SIDECAR_FIELD_MANAGER, sidecarIntent, type Deployment } from '../../cli/sidecar.js';

const HOME = '/home/node/.openclaw';

function gateway(volumes: string[], managedFields: unknown[] = []): Deployment {
  return deploymentSchema.parse({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'openclaw', namespace: 'ns', managedFields },
    spec: {
      template: {
        spec: {
          containers: [{ name: 'gateway', volumeMounts: [{ name: 'state', mountPath: HOME }] }],
          volumes: volumes.map((name) => ({ name, emptyDir: {} })),
        },
      },
    },
  });
}

const rendered = deploymentSchema.parse({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'openclaw', namespace: 'ns' },
  spec: {
    template: {
      spec: {
        containers: [{ name: 'clawbench', volumeMounts: [{ name: 'state', mountPath: HOME }, { name: 'clawbench-tmp', mountPath: '/tmp' }] }],
        volumes: [{ name: 'clawbench-results', emptyDir: {} }, { name: 'clawbench-tmp', emptyDir: {} }],
      },
    },
  },
});

const intentVolumes = (live: Deployment): string[] =>
  ((sidecarIntent(live, rendered, HOME, 'sum').spec as { template: { spec: { volumes?: { name: string }[] } } }).template.spec.volumes ?? []).map((v) => v.name);

describe('the sidecar intent', () => {
  it('adds only the volumes the gateway lacks', () => {
    assert.deepEqual(intentVolumes(gateway(['state'])), ['clawbench-results', 'clawbench-tmp']);
    assert.deepEqual(intentVolumes(gateway(['state', 'clawbench-tmp'])), ['clawbench-results']);
  });

  it('keeps declaring the volumes it added before, so a re-apply does not remove them', () => {
    const applied = {
      manager: SIDECAR_FIELD_MANAGER,
      operation: 'Apply',
      fieldsV1: { 'f:spec': { 'f:template': { 'f:spec': { 'f:volumes': { 'k:{"name":"clawbench-tmp"}': {} }, 'f:containers': { 'k:{"name":"clawbench"}': {} } } } } },
    };
    const live = gateway(['state', 'clawbench-tmp'], [applied]);
    assert.deepEqual(intentVolumes(live), ['clawbench-results', 'clawbench-tmp']);
    assert.deepEqual([...ownedBy(live, SIDECAR_FIELD_MANAGER).containers], ['clawbench']);
    assert.equal(ownedBy(live, 'someone-else').anything, false);
  });

  it('refuses a Deployment without a gateway container, naming the containers it has', () => {
    const live = deploymentSchema.parse({ ...gateway(['state']), spec: { template: { spec: { containers: [{ name: 'app' }] } } } });
    assert.throws(() => sidecarIntent(live, rendered, HOME, 'sum'), /has no container named "gateway" \(it has: app\)/);
  });
});

describe('the secret plan', () => {
  const token = (): string => 'generated-token';

  it('generates a token only when neither the environment nor the Secret has one', () => {
    assert.deepEqual(planSecret(undefined, { OPENAI_API_KEY: 'a' }, 'OPENCLAW_GATEWAY_TOKEN', token).values, { OPENAI_API_KEY: 'a', OPENCLAW_GATEWAY_TOKEN: 'generated-token' });
    const kept = planSecret({ OPENCLAW_GATEWAY_TOKEN: 'old' }, {}, 'OPENCLAW_GATEWAY_TOKEN', token);
    assert.equal(kept.generatedToken, false);
    assert.deepEqual(kept.changed, []);
  });

  it('names changed keys, never values, and warns without a provider key', () => {
    const plan = planSecret({ OPENAI_API_KEY: 'old-value', OPENCLAW_GATEWAY_TOKEN: 't' }, { OPENAI_API_KEY: 'new-value' }, 'OPENCLAW_GATEWAY_TOKEN', token);
    const lines = describeSecretPlan('clawbench-secrets', plan, ['OPENAI_API_KEY'], false).join('\n');
    assert.equal(lines, 'secret/clawbench-secrets: OPENAI_API_KEY was updated; kept OPENCLAW_GATEWAY_TOKEN');
    const bare = describeSecretPlan('clawbench-secrets', planSecret(undefined, {}, 'OPENCLAW_GATEWAY_TOKEN', token), ['OPENAI_API_KEY'], true).join('\n');
    assert.match(bare, /would be created with keys: OPENCLAW_GATEWAY_TOKEN/);
    assert.match(bare, /warning: no provider key is set \(OPENAI_API_KEY\)/);
    assert.ok(!bare.includes('generated-token'));
  });
});
