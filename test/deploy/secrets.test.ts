import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { lstat, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startApiServer, type ApiServer } from '../support/apiserver.js';
import { runCli, show, transcript } from './run-cli.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const NS = 'eval-secrets';

const fake = (label: string): string => `fake-${label}-${randomBytes(12).toString('hex')}`;

/** Every file under dir (not following links), skipping the given folders. */
async function* files(dir: string, skip: (path: string) => boolean, modifiedSince = 0): AsyncGenerator<string> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (skip(path)) continue;
    const stat = await lstat(path).catch(() => undefined);
    if (stat === undefined || stat.mtimeMs < modifiedSince) continue;
    if (entry.isDirectory()) yield* files(path, skip);
    else if (entry.isFile() && stat.size < 50 * 1024 * 1024) yield path;
  }
}

describe('provider keys and the gateway token never leave the Secret', () => {
  let api: ApiServer;
  let home: string;
  let env: NodeJS.ProcessEnv;
  const started = Date.now();
  const values = {
    OPENAI_API_KEY: fake('openai'),
    ANTHROPIC_API_KEY: fake('anthropic'),
    OPENROUTER_API_KEY: fake('openrouter'),
    GEMINI_API_KEY: fake('gemini'),
    OPENCLAW_GATEWAY_TOKEN: fake('token'),
  };
  const rotated = fake('openai-rotated');
  const previewed = fake('openai-previewed');
  const secrets = [...Object.values(values), rotated, previewed];

  before(async () => {
    api = await startApiServer();
    home = await mkdtemp(join(tmpdir(), 'clawbench-secrets-home-'));
    env = { ...api.env, HOME: home, CLAWBENCH_NAMESPACE: NS, MLFLOW_NAMESPACE: 'tracking-secrets', ...values };
  });
  after(async () => {
    await api?.stop();
    await rm(home, { recursive: true, force: true });
  });

  async function secretInCluster(): Promise<Record<string, string>> {
    const result = await api.kubectl(['get', 'secret', 'clawbench-secrets', '-n', NS, '-o', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const { data } = JSON.parse(result.stdout) as { data: Record<string, string> };
    return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, Buffer.from(value, 'base64').toString()]));
  }

  it('stores every key set, names them, and never prints a value', async () => {
    const result = await runCli(['--no-wait'], env);
    assert.equal(result.code, 0, show(result));
    assert.match(result.stdout, /secret\/clawbench-secrets created with keys: ANTHROPIC_API_KEY, GEMINI_API_KEY, OPENAI_API_KEY, OPENCLAW_GATEWAY_TOKEN, OPENROUTER_API_KEY/);
    assert.deepEqual(await secretInCluster(), values);
  });

  it('updates only the key the user changed, and keeps the others when they are unset', async () => {
    const rotate = await runCli(['--no-wait'], { ...env, OPENAI_API_KEY: rotated });
    assert.equal(rotate.code, 0, show(rotate));
    assert.match(rotate.stdout, /secret\/clawbench-secrets: OPENAI_API_KEY was updated; kept ANTHROPIC_API_KEY, GEMINI_API_KEY, OPENCLAW_GATEWAY_TOKEN, OPENROUTER_API_KEY/);

    const { OPENAI_API_KEY: _a, ANTHROPIC_API_KEY: _b, OPENROUTER_API_KEY: _c, GEMINI_API_KEY: _d, OPENCLAW_GATEWAY_TOKEN: _e, ...withoutKeys } = env;
    const unset = await runCli(['--no-wait'], withoutKeys);
    assert.equal(unset.code, 0, show(unset));
    assert.match(unset.stdout, /secret\/clawbench-secrets unchanged/);
    assert.doesNotMatch(unset.stdout, /generated/);
    assert.deepEqual(await secretInCluster(), { ...values, OPENAI_API_KEY: rotated });

    const preview = await runCli(['--diff'], { ...env, OPENAI_API_KEY: previewed });
    assert.equal(preview.code, 0, show(preview));
    assert.match(preview.stdout, /OPENAI_API_KEY would be updated/);
    assert.equal((await secretInCluster()).OPENAI_API_KEY, rotated);
  });

  it('runs every other mode with the keys set', async () => {
    for (const args of [['--add-sidecar', '--no-wait'], ['--remove-sidecar'], ['--openclaw-only', '--no-wait'], ['--mlflow-only', '--no-wait'], ['--logs'], ['--teardown', '--no-wait']]) {
      const result = await runCli(args, env);
      assert.ok(result.code === 0 || args[0] === '--logs', `${args.join(' ')}: ${show(result)}`);
    }
  });

  it('no value, plain or base64, appears in any output', () => {
    assert.ok(transcript.length >= 9);
    const outputs = transcript.map((result) => result.stdout + result.stderr).join('\n');
    for (const secret of secrets) {
      assert.ok(!outputs.includes(secret), 'a secret value was printed');
      assert.ok(!outputs.includes(Buffer.from(secret).toString('base64')), 'a base64 secret value was printed');
    }
  });

  it('no value, plain or base64, is on disk outside the cluster store', async () => {
    const needles = secrets.flatMap((secret) => [secret, Buffer.from(secret).toString('base64')]).map((text) => Buffer.from(text));
    // etcd's data folder is the cluster's store, where a Secret is meant to be
    const etcdData = join(api.dir, 'etcd');
    const skipRepo = (path: string): boolean => /[/\\](node_modules|\.git)$/.test(path);
    const scanned: string[] = [];
    const roots: [string, (path: string) => boolean, number][] = [
      [repoRoot, skipRepo, 0],
      [tmpdir(), (path) => path === etcdData || skipRepo(path), started],
    ];
    for (const [root, skip, since] of roots) {
      for await (const file of files(root, skip, since)) {
        const content = await readFile(file).catch(() => Buffer.alloc(0));
        scanned.push(file);
        for (const needle of needles) assert.ok(!content.includes(needle), `a secret value is on disk in ${file}`);
      }
    }
    assert.ok(scanned.some((file) => file.startsWith(api.dir)), 'the API server temp folder was scanned');
    // the same scan does find the values where they belong, so a leak could not slip past it
    let foundInStore = false;
    for await (const file of files(etcdData, () => false)) {
      const content = await readFile(file);
      foundInStore ||= needles.some((needle) => content.includes(needle));
    }
    assert.ok(foundInStore, 'the scan finds the values in the cluster store');
    assert.ok(scanned.some((file) => file.startsWith(home)), "kubectl's home (cache) was scanned");
  });
});
