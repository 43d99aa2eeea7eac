import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadTasks, TaskLoadError, type LoadedTask } from '../../src/tasks/loader.js';
import type { ServiceSpec } from '../../src/tasks/prepared-task.js';
import { taskJsonSchema } from '../../src/tasks/schema.js';
import { completionOf, describeResults, preparedWorkspace, verifyOffline } from './offline.js';

const runnerDir = fileURLToPath(new URL('../../', import.meta.url));
const packDir = fileURLToPath(new URL('../fixtures/clawbench-pack/', import.meta.url));
const scratch = await mkdtemp(path.join(os.tmpdir(), 'task-loader-'));
after(() => rm(scratch, { recursive: true, force: true }));

const MINIMAL_TASK = `id: tiny
name: Tiny
tier: tier1
family: tools
user:
  turns:
    - message: write hello.txt
completion:
  files:
    - path: hello.txt
`;

/** A tasks dir with one task folder (our layout) holding the given task.yaml and files. */
async function suiteWith(yaml: string, files: Record<string, string> = {}, folder = 'tiny'): Promise<string> {
  const dir = await mkdtemp(path.join(scratch, 'suite-'));
  await mkdir(path.join(dir, folder), { recursive: true });
  await writeFile(path.join(dir, folder, 'task.yaml'), yaml);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, folder, name)), { recursive: true });
    await writeFile(path.join(dir, folder, name), content);
  }
  return dir;
}

async function loadError(dir: string): Promise<string> {
  const error = await loadTasks(dir).then(
    () => assert.fail('expected the load to fail'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof TaskLoadError, String(error));
  return error.message;
}

test('the committed task JSON Schema matches the zod schema', async () => {
  const committed = JSON.parse(await readFile(path.join(runnerDir, 'schemas/task.schema.json'), 'utf8'));
  assert.deepEqual(committed, taskJsonSchema(), 'regenerate with: npx tsx src/cli/main.ts tasks --json-schema > schemas/task.schema.json');
});

describe('malformed task files', () => {
  test('a bad enum value names the file, the field path and the allowed values', async () => {
    const dir = await suiteWith(MINIMAL_TASK.replace('tier: tier1', 'tier: tier9'));
    const message = await loadError(dir);
    assert.match(message, /tiny[/\\]task\.yaml: invalid task file/);
    assert.match(message, /^ {2}tier: .*expected one of .*"tier1"/m);
  });

  test('a typo inside a check is reported at its path, not ignored', async () => {
    const dir = await suiteWith(`${MINIMAL_TASK}  execution_checks:\n    - name: run\n      comand: node x.mjs\n`);
    const message = await loadError(dir);
    assert.match(message, /completion\.execution_checks\.0: .*"comand"/);
    assert.match(message, /completion\.execution_checks\.0\.command: /);
  });

  test('a task with neither user nor phases is refused', async () => {
    const message = await loadError(await suiteWith(MINIMAL_TASK.replace(/user:\n {2}turns:\n {4}- message: write hello.txt\n/, '')));
    assert.match(message, /user: expected either `user` \(one session\) or `phases`/);
  });

  test('invalid YAML names the file', async () => {
    const message = await loadError(await suiteWith('id: [unclosed\n'));
    assert.match(message, /task\.yaml: not valid YAML/);
  });

  test('an asset pack that leaves the task folder is refused', async () => {
    const message = await loadError(await suiteWith(MINIMAL_TASK.replace('user:', 'setup:\n  asset_packs: [../../outside]\nuser:')));
    assert.match(message, /setup\.asset_packs\.0: asset pack "\.\.\/\.\.\/outside" leaves its folder/);
  });

  test('a service that would run outside the workspace is refused', async () => {
    const yaml = MINIMAL_TASK.replace('user:', 'setup:\n  background_services:\n    - { name: site, command: node serve.mjs, cwd: ../.. }\nuser:');
    const message = await loadError(await suiteWith(yaml));
    assert.match(message, /setup\.background_services\.0\.cwd: service cwd "\.\.\/\.\." leaves its folder/);
  });

  test('a protected file whose hash does not match the fixture is refused with the actual hash', async () => {
    const yaml = `${MINIMAL_TASK}protected_files:\n  - { path: given.txt, sha256: '${'0'.repeat(64)}' }\n`;
    const message = await loadError(await suiteWith(yaml, { 'assets/given.txt': 'fixture\n' }));
    assert.match(message, /protected_files\.0: sha256 of "given\.txt" is [0-9a-f]{64}, not 0{64}/);
  });

  test('a task folder named differently from its id is refused', async () => {
    const message = await loadError(await suiteWith(MINIMAL_TASK, {}, 'other-name'));
    assert.match(message, /id: "tiny" does not match its folder "other-name"/);
  });

  test('assertion kinds the runner cannot evaluate are refused rather than skipped', async () => {
    const message = await loadError(await suiteWith(`${MINIMAL_TASK}  cron:\n    - { exists: true }\n`));
    assert.match(message, /completion\.cron: this runner does not evaluate cron assertions/);
  });

  test('an empty tasks dir is an error, not an empty suite', async () => {
    const message = await loadError(await mkdtemp(path.join(scratch, 'empty-')));
    assert.match(message, /holds no tasks/);
  });
});

test('ClawBench catalogue metadata is accepted and kept', async () => {
  const [task] = await loadTasks(await suiteWith(`${MINIMAL_TASK}scenario: file_system_ops\nquery_weight: 0.1\nrisk_tags: [privacy]\n`));
  assert.equal(task!.definition['scenario'], 'file_system_ops');
  assert.equal(task!.definition['query_weight'], 0.1);
});

test('the fingerprint follows the assets and verifiers, nothing else', async () => {
  const dir = await suiteWith(MINIMAL_TASK, { 'assets/a.txt': 'one', 'verifiers/v.mjs': 'process.exit(0)' });
  const [first] = await loadTasks(dir);
  const [again] = await loadTasks(dir);
  assert.equal(first!.snapshot.fingerprint, again!.snapshot.fingerprint);
  await writeFile(path.join(dir, 'tiny/assets/a.txt'), 'two');
  const [changedAsset] = await loadTasks(dir);
  assert.notEqual(changedAsset!.snapshot.fingerprint, first!.snapshot.fingerprint);
  await writeFile(path.join(dir, 'tiny/verifiers/v.mjs'), 'process.exit(1)');
  const [changedVerifier] = await loadTasks(dir);
  assert.notEqual(changedVerifier!.snapshot.fingerprint, changedAsset!.snapshot.fingerprint);
});

test('judge artifacts are read bounded and only from inside the workspace', async () => {
  const yaml = `${MINIMAL_TASK}judge:\n  rubric: grade it\n  artifact_paths: [answer.md, ../escape.md, missing.md]\n  max_artifact_chars: 10\n`;
  const [task] = await loadTasks(await suiteWith(yaml));
  const workspace = await mkdtemp(path.join(scratch, 'ws-'));
  await writeFile(path.join(workspace, 'answer.md'), 'x'.repeat(50));
  await writeFile(path.join(path.dirname(workspace), 'escape.md'), 'outside');
  assert.deepEqual(await task!.collectArtifacts(workspace), { 'answer.md': 'x'.repeat(10) });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts one background service the way the engine does: cwd in the workspace, port in its env, polled until ready. */
async function startService(service: ServiceSpec, workspace: string): Promise<{ port: number; stop: () => void }> {
  const port = await freePort();
  const [program, ...args] = service.command;
  const child = spawn(program === 'node' ? process.execPath : program!, args, {
    cwd: path.join(workspace, service.cwd),
    env: { ...process.env, ...service.env, [service.portEnv]: String(port) },
    detached: true,
    stdio: 'ignore',
  });
  const stop = (): void => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  const deadline = Date.now() + service.startupTimeoutSeconds * 1000;
  while (Date.now() < deadline) {
    const response = await fetch(`http://127.0.0.1:${port}${service.readyPath}`).catch(() => null);
    if (response?.status === service.readyStatus) return { port, stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  stop();
  throw new Error(`service ${service.name} never became ready`);
}

describe('a ClawBench-format pack', async () => {
  const tasks = await loadTasks(packDir);
  const byId = (id: string): LoadedTask => tasks.find((task) => task.id === id) ?? assert.fail(`no task ${id}`);

  test('loads from tier folders with asset packs', () => {
    assert.deepEqual(tasks.map((task) => [task.id, task.layout, task.snapshot.tier, task.needsBrowser]), [
      ['t1-tally-fix', 'clawbench', 'tier1', false],
      ['t2-status-page', 'clawbench', 'tier2', true],
    ]);
    const tally = byId('t1-tally-fix');
    assert.equal(tally.needsOwnAgent, true, 'memory assertions need the run on its own agent');
    assert.deepEqual(tally.phases, [{ name: 'main', maxTurns: 2, timeoutSeconds: 120, turns: [{ message: tally.definition.user!.turns[0]!.message, afterAssistantTurns: null, whenAssistantContains: null }] }]);
    assert.equal(tally.snapshot.judge?.passing_threshold, 0.7);
    assert.deepEqual(byId('t2-status-page').services.map((s) => [s.name, s.command, s.portEnv, s.readyPath]), [['status_app', ['node', 'serve.mjs'], 'PORT', '/health']]);
  });

  test('verifies: untouched fails, fixed passes, memory through the gateway hit or the memory files', async () => {
    const task = byId('t1-tally-fix');
    const { workspace, dispose } = await preparedWorkspace(task);
    try {
      const untouched = await verifyOffline(task, workspace);
      assert.deepEqual(untouched.map((r) => [r.id, r.passed]), [['exec:total printed', false], ['exec:json report', false], ['file:tally.mjs', false], ['memory:tally', false]]);
      const source = await readFile(path.join(workspace, 'tally.mjs'), 'utf8');
      await writeFile(path.join(workspace, 'tally.mjs'), source.replace('numbers.slice(1)', 'numbers'));
      const viaGateway = await task.verify({
        workspace,
        ports: {},
        agentId: 'a1',
        memorySearch: async (query) => (query === 'tally' ? [{ path: 'MEMORY.md', snippet: '- tally total was 60' }] : []),
      });
      assert.equal(completionOf(viaGateway), 1, describeResults(viaGateway));
      assert.match(viaGateway.find((r) => r.kind === 'memory')!.detail, /memory search hit in MEMORY\.md/);
      await mkdir(path.join(workspace, 'memory'));
      await writeFile(path.join(workspace, 'memory/2026-12-04.md'), '# notes\n\nThe tally total is 60.\n');
      const viaFiles = await verifyOffline(task, workspace);
      assert.equal(completionOf(viaFiles), 1, describeResults(viaFiles));
    } finally {
      await dispose();
    }
  });

  test('fills {service_port} in checks with the port the service listens on', async () => {
    const task = byId('t2-status-page');
    const { workspace, dispose } = await preparedWorkspace(task);
    const service = await startService(task.services[0]!, workspace);
    try {
      const context = { workspace, ports: { status_app: service.port }, agentId: 'a1', memorySearch: async () => [] };
      assert.deepEqual((await task.verify(context)).map((r) => [r.passed, r.detail]), [[false, 'stdout does not match /^status: UP$/: status: DOWN']]);
      await writeFile(path.join(workspace, 'status.txt'), 'UP\n');
      assert.deepEqual((await task.verify(context)).map((r) => r.passed), [true]);
    } finally {
      service.stop();
      await dispose();
    }
  });
});

test('execution checks: placeholders quoted, the runner\'s node, no secrets, timeouts kill the process group', async () => {
  const yaml = `${MINIMAL_TASK}  execution_checks:
    - name: node is the runner's
      command: node -e "console.log(process.execPath)"
      expected_stdout: "${process.execPath}"
    - name: workspace placeholder with a space
      command: cd {workspace} && pwd
      stdout_contains: ["{workspace}"]
    - name: secrets stay out
      command: node -e "console.log(process.env.OPENAI_API_KEY ?? 'none', process.env.NODE_TEST_CONTEXT ?? 'none')"
      expected_stdout: none none
    - name: hangs
      command: sleep 30
      timeout_seconds: 1
    - name: expected exit code
      command: exit 3
      expected_exit_code: 3
`;
  const [task] = await loadTasks(await suiteWith(yaml));
  const workspace = path.join(await mkdtemp(path.join(scratch, 'ws-')), 'with space');
  await mkdir(workspace);
  process.env['OPENAI_API_KEY'] = 'sk-test-not-a-real-key';
  try {
    const started = Date.now();
    const results = await verifyOffline(task!, workspace);
    assert.deepEqual(results.map((r) => [r.id, r.passed]), [
      ["exec:node is the runner's", true],
      ['exec:workspace placeholder with a space', true],
      ['exec:secrets stay out', true],
      ['exec:hangs', false],
      ['exec:expected exit code', true],
      ['file:hello.txt', false],
    ], describeResults(results));
    assert.equal(results[3]!.detail, 'timed out after 1s');
    assert.ok(Date.now() - started < 15_000);
  } finally {
    delete process.env['OPENAI_API_KEY'];
  }
});

test('file checks and expected files kept beside the task, out of the agent\'s reach', async () => {
  const yaml = `${MINIMAL_TASK}    - { path: notes.md, content_contains: [alpha], content_not_contains: [beta], content_matches: "^- \\\\w+$", min_size_bytes: 4 }
    - { path: secret.txt, exists: false }
    - { path: ../outside.txt }
  execution_checks:
    - name: report text
      command: node report.mjs
      expected_stdout_file: "{task_dir}/verifiers/expected.txt"
    - name: report json
      command: node report.mjs --json
      expected_json_file: "{task_dir}/verifiers/expected.json"
`;
  const dir = await suiteWith(yaml, { 'verifiers/expected.txt': 'total 3\n', 'verifiers/expected.json': '{"b": [1, 2], "a": 1}' });
  const [task] = await loadTasks(dir);
  const workspace = await mkdtemp(path.join(scratch, 'ws-'));
  await writeFile(path.join(workspace, 'hello.txt'), 'hi');
  await writeFile(path.join(workspace, 'notes.md'), '- alpha\n');
  await writeFile(path.join(workspace, 'report.mjs'), "console.log(process.argv.includes('--json') ? JSON.stringify({ a: 1, b: [1, 2] }) : 'total 3');\n");
  const results = await verifyOffline(task!, workspace);
  assert.deepEqual(results.map((r) => [r.id, r.passed, r.detail]), [
    ['exec:report text', true, 'total 3'],
    ['exec:report json', true, '{"a":1,"b":[1,2]}'],
    ['file:hello.txt', true, 'ok'],
    ['file:notes.md', true, 'ok'],
    ['file:secret.txt', true, 'absent as expected'],
    ['file:../outside.txt', false, 'completion file "../outside.txt" leaves its folder: expected a path inside ' + path.basename(workspace) + '/'],
  ]);
  await writeFile(path.join(workspace, 'notes.md'), '- alpha beta\n');
  await writeFile(path.join(workspace, 'secret.txt'), 'x');
  await writeFile(path.join(workspace, 'report.mjs'), "console.log(process.argv.includes('--json') ? '{\"a\":2}' : 'total 4');\n");
  const failing = await verifyOffline(task!, workspace);
  assert.deepEqual(failing.map((r) => r.detail).slice(0, 5), [
    'stdout differs from {task_dir}/verifiers/expected.txt: total 4',
    'stdout JSON differs from {task_dir}/verifiers/expected.json: {"a":2}',
    'ok',
    'file contains "beta"',
    'file exists but should not',
  ]);
});
