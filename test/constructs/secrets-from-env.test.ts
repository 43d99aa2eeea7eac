import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Yaml } from 'cdk8s';
import {
  SecretsFromEnv,
  renderSecretsManifest,
  secretMaterialFromEnv,
  writeSecretsManifest,
} from '../../constructs/index.js';
import { validateSchema, type KubeObject } from '../charts/manifests.js';
import { synth, testChart } from './synth.js';

const FAKE_OPENAI = 'fake-openai-key-for-leak-test-1234';
const FAKE_GEMINI = 'fake-gemini-key-for-leak-test-3456';
const FAKE_TOKEN = 'fake-gateway-token-for-leak-test-7890';

const decode = (value: string | undefined) => Buffer.from(value ?? '', 'base64').toString('utf8');

describe('secretMaterialFromEnv', () => {
  test('reads the token and the provider keys that are set, ignoring empty ones', () => {
    assert.deepEqual(secretMaterialFromEnv({ OPENAI_API_KEY: FAKE_OPENAI, ANTHROPIC_API_KEY: '', OPENCLAW_GATEWAY_TOKEN: FAKE_TOKEN, OTHER: 'x' }), {
      gatewayToken: FAKE_TOKEN,
      providerKeys: { OPENAI_API_KEY: FAKE_OPENAI },
    });
  });

  test('fails on a key with whitespace without printing it', () => {
    assert.throws(() => secretMaterialFromEnv({ GEMINI_API_KEY: `${FAKE_GEMINI}\n` }), (error: Error) => {
      assert.match(error.message, /^GEMINI_API_KEY is set but contains whitespace \(value hidden\): expected the bare key/);
      assert.ok(!error.message.includes(FAKE_GEMINI));
      return true;
    });
  });
});

describe('SecretsFromEnv', () => {
  test('creates Secret clawbench-secrets with the token and the provider keys set, base64', () => {
    const chart = testChart('eval');
    const secrets = new SecretsFromEnv(chart, 'secrets', { env: { OPENAI_API_KEY: FAKE_OPENAI, GEMINI_API_KEY: FAKE_GEMINI, OPENCLAW_GATEWAY_TOKEN: FAKE_TOKEN } });
    const [secret] = synth(chart);
    assert.ok(secret);
    assert.doesNotThrow(() => validateSchema(secret));
    assert.equal(secret.kind, 'Secret');
    assert.equal(secret.metadata.name, 'clawbench-secrets');
    assert.equal(secret.metadata.namespace, 'eval');
    assert.deepEqual(Object.keys(secret.data ?? {}).sort(), ['GEMINI_API_KEY', 'OPENAI_API_KEY', 'OPENCLAW_GATEWAY_TOKEN']);
    assert.equal(decode(secret.data?.OPENAI_API_KEY), FAKE_OPENAI);
    assert.equal(decode(secret.data?.OPENCLAW_GATEWAY_TOKEN), FAKE_TOKEN);
    assert.equal(secrets.tokenGenerated, false);
    assert.deepEqual(secrets.warnings, []);
    assert.equal(secrets.describe(), 'secret clawbench-secrets: OPENCLAW_GATEWAY_TOKEN, OPENAI_API_KEY, GEMINI_API_KEY');
  });

  test('generates a 32-byte token when none is set, and warns that no provider key is set', () => {
    const chart = testChart();
    const secrets = new SecretsFromEnv(chart, 'secrets', { env: {} });
    const token = decode(synth(chart)[0]?.data?.OPENCLAW_GATEWAY_TOKEN);
    assert.equal(Buffer.from(token, 'base64').length, 32);
    assert.equal(secrets.tokenGenerated, true);
    assert.deepEqual(secrets.keysSet, ['OPENCLAW_GATEWAY_TOKEN']);
    assert.match(secrets.warnings.join('\n'), /no provider key is set: .* set one of OPENAI_API_KEY, ANTHROPIC_API_KEY, OPENROUTER_API_KEY, GEMINI_API_KEY/);
    assert.equal(secrets.describe(), 'secret clawbench-secrets: OPENCLAW_GATEWAY_TOKEN (generated)');
    const anotherChart = testChart();
    new SecretsFromEnv(anotherChart, 'secrets', { env: {} });
    assert.notEqual(decode(synth(anotherChart)[0]?.data?.OPENCLAW_GATEWAY_TOKEN), token);
  });
});

describe('renderSecretsManifest and writeSecretsManifest', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'clawbench-secrets-test-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('render YAML for kubectl apply -f -, with a summary that names keys but no value', async () => {
    const rendered = renderSecretsManifest({ OPENAI_API_KEY: FAKE_OPENAI, OPENCLAW_GATEWAY_TOKEN: FAKE_TOKEN }, { namespace: 'team-eval' });
    const file = path.join(dir, 'render.secret.yaml');
    await writeSecretsManifest(file, rendered);
    const [secret, ...rest] = Yaml.load(file) as KubeObject[];
    assert.deepEqual(rest, []);
    assert.equal(secret?.kind, 'Secret');
    assert.equal(secret?.metadata.namespace, 'team-eval');
    assert.equal(decode(secret?.data?.OPENAI_API_KEY), FAKE_OPENAI);
    assert.equal(rendered.summary, 'secret clawbench-secrets: OPENCLAW_GATEWAY_TOKEN, OPENAI_API_KEY');
    for (const reported of [rendered.summary, ...rendered.warnings, ...rendered.keysSet]) {
      assert.ok(!reported.includes(FAKE_OPENAI) && !reported.includes(FAKE_TOKEN));
    }
  });

  test('writes a git-ignored file only its owner can read, even over an existing readable one', async () => {
    const file = path.join(dir, 'eval.secret.yaml');
    await writeFile(file, 'old', { mode: 0o644 });
    const rendered = renderSecretsManifest({ OPENAI_API_KEY: FAKE_OPENAI });
    await writeSecretsManifest(file, rendered);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.equal(await readFile(file, 'utf8'), rendered.manifest);
  });

  test('refuses a file name the repository does not ignore', async () => {
    const rendered = renderSecretsManifest({});
    await assert.rejects(writeSecretsManifest(path.join(dir, 'secrets.yaml'), rendered), /secret manifest file ".*secrets\.yaml" is not git-ignored: expected a name ending in "\.secret\.yaml"/);
  });
});
