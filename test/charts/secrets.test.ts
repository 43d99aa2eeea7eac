/** `tsx charts/secrets.ts`: the Secret for `kubectl apply -f -`, never a value anywhere else. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Yaml } from 'cdk8s';
import type { KubeObject } from './manifests.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const FAKE_KEY = 'fake-anthropic-key-for-leak-test-5678';
const FAKE_TOKEN = 'fake-gateway-token-for-leak-test-7890';

type Outcome = { code: number; stdout: string; stderr: string };

async function renderSecrets(env: Record<string, string>, args: string[] = []): Promise<Outcome> {
  const childEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...env };
  return run(process.execPath, ['--import', 'tsx', path.join(root, 'charts', 'secrets.ts'), ...args], { cwd: root, env: childEnv, timeout: 60_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (failed: Outcome) => failed,
  );
}

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'clawbench-secrets-cli-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('prints the Secret on stdout and only key names on stderr', async () => {
  const result = await renderSecrets({ CLAWBENCH_NAMESPACE: 'team-eval', ANTHROPIC_API_KEY: FAKE_KEY, OPENCLAW_GATEWAY_TOKEN: FAKE_TOKEN });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, 'secret clawbench-secrets: OPENCLAW_GATEWAY_TOKEN, ANTHROPIC_API_KEY\n');
  const file = path.join(dir, 'stdout.yaml');
  await writeFile(file, result.stdout);
  const [secret] = Yaml.load(file) as KubeObject[];
  assert.equal(secret?.kind, 'Secret');
  assert.equal(secret?.metadata.namespace, 'team-eval');
  assert.equal(Buffer.from(secret?.data?.ANTHROPIC_API_KEY ?? '', 'base64').toString(), FAKE_KEY);
});

test('warns when no provider key is set and says the token was generated', async () => {
  const result = await renderSecrets({ CLAWBENCH_NAMESPACE: 'team-eval' });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /^warning: no provider key is set/m);
  assert.match(result.stderr, /^secret clawbench-secrets: OPENCLAW_GATEWAY_TOKEN \(generated\)$/m);
});

test('writes a 0600 file with --output, and nothing to stdout', async () => {
  const file = path.join(dir, 'eval.secret.yaml');
  const result = await renderSecrets({ CLAWBENCH_NAMESPACE: 'team-eval', ANTHROPIC_API_KEY: FAKE_KEY }, ['--output', file]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, '');
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  assert.ok(!result.stderr.includes(FAKE_KEY));
});

test('fails with one message when the namespace is missing, printing no secret', async () => {
  const result = await renderSecrets({ ANTHROPIC_API_KEY: FAKE_KEY });
  assert.equal(result.code, 1);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /CLAWBENCH_NAMESPACE=\(unset\): expected the namespace/);
  assert.ok(!result.stderr.includes(FAKE_KEY));
});

test('refuses a file name that git would not ignore', async () => {
  const result = await renderSecrets({ CLAWBENCH_NAMESPACE: 'team-eval' }, ['--output', path.join(dir, 'secret.yaml')]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /is not git-ignored: expected a name ending in "\.secret\.yaml"/);
});
