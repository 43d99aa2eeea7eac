import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli, show } from './run-cli.js';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  assert.ok(address !== null && typeof address === 'object');
  return address.port;
}

describe('clawbench-k8s checks, before touching a cluster', () => {
  let dir: string;
  let unreachable: NodeJS.ProcessEnv;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clawbench-checks-'));
    const kubeconfig = join(dir, 'kubeconfig');
    await writeFile(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        `clusters: [{name: nowhere, cluster: {server: "https://127.0.0.1:${await closedPort()}", insecure-skip-tls-verify: true}}]`,
        'users: [{name: nobody, user: {token: not-a-real-token}}]',
        'contexts: [{name: nowhere, context: {cluster: nowhere, user: nobody}}]',
        'current-context: nowhere',
        '',
      ].join('\n'),
    );
    unreachable = { PATH: process.env.PATH, HOME: dir, KUBECONFIG: kubeconfig, CLAWBENCH_NAMESPACE: 'clawbench-eval' };
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('fails with one message when kubectl is not on PATH', async () => {
    const result = await runCli(['--openclaw-only'], { ...unreachable, PATH: dir });
    assert.equal(result.code, 1, show(result));
    assert.match(result.stderr, /^clawbench-k8s: kubectl is not on PATH; install kubectl/);
    assert.equal(result.stderr.trim().split('\n').length, 1, show(result));
  });

  it('fails with one message when CLAWBENCH_NAMESPACE is not set', async () => {
    const { CLAWBENCH_NAMESPACE: _unset, ...env } = unreachable;
    for (const value of [undefined, '']) {
      const result = await runCli([], value === undefined ? env : { ...env, CLAWBENCH_NAMESPACE: value });
      assert.equal(result.code, 1, show(result));
      assert.match(result.stderr, /CLAWBENCH_NAMESPACE is not set; expected the namespace for OpenClaw and the eval, e\.g\. export CLAWBENCH_NAMESPACE=clawbench-eval/);
    }
  });

  it('fails with one message naming the context when the cluster is unreachable', async () => {
    const result = await runCli(['--openclaw-only'], unreachable);
    assert.equal(result.code, 1, show(result));
    assert.match(result.stderr, /cannot reach the cluster of kubectl context "nowhere": .*; check KUBECONFIG and that `kubectl cluster-info` succeeds/);
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  });

  it('lists every bad setting with its value and what was expected, before contacting the cluster', async () => {
    const result = await runCli([], { ...unreachable, CLAWBENCH_RUNS: 'two', CLAWBENCH_MODEL: 'gpt-5.5', CLAWBENCH_NAMESPACE: 'Bad_Namespace' });
    assert.equal(result.code, 1, show(result));
    assert.match(result.stderr, /invalid settings, 3 problems/);
    assert.match(result.stderr, /CLAWBENCH_NAMESPACE="Bad_Namespace": expected a dns label/);
    assert.match(result.stderr, /CLAWBENCH_RUNS="two": expected a whole number/);
    assert.match(result.stderr, /CLAWBENCH_MODEL="gpt-5\.5": expected a model with a provider prefix/);
    assert.doesNotMatch(result.stderr, /cannot reach/);
  });

  it('names a malformed provider key without echoing it', async () => {
    const value = 'sk-fake with-a-space';
    const result = await runCli([], { ...unreachable, OPENAI_API_KEY: value });
    assert.equal(result.code, 1, show(result));
    assert.match(result.stderr, /OPENAI_API_KEY is set but contains whitespace \(value hidden\)/);
    assert.ok(!result.stderr.includes('with-a-space') && !result.stdout.includes('with-a-space'));
  });

  it('rejects bad arguments with a hint', async () => {
    const cases: [string[], RegExp][] = [
      [['--bogus'], /unknown option '--bogus'; run clawbench-k8s --help/],
      [['--logs', '--teardown'], /choose one mode, got --logs and --teardown/],
      [['--diff', '--logs'], /--diff previews what a deploy mode would change; it does not apply to --logs/],
      [['--timeout=soon'], /--timeout "soon" is not valid; expected a whole number of seconds/],
      [['extra'], /unexpected argument 'extra'/],
    ];
    for (const [args, expected] of cases) {
      const result = await runCli(args, unreachable);
      assert.equal(result.code, 1, show(result));
      assert.match(result.stderr, expected);
    }
  });

  it('prints the modes with --help and checks nothing else', async () => {
    const result = await runCli(['--help'], { PATH: dir });
    assert.equal(result.code, 0, show(result));
    for (const flag of ['--openclaw-only', '--mlflow-only', '--add-sidecar', '--remove-sidecar', '--logs', '--teardown', '--diff', '--no-wait']) {
      assert.ok(result.stdout.includes(flag), `help mentions ${flag}`);
    }
  });
});
