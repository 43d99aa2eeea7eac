/**
 * The package as another team gets it: the constructs compiled with the build config, imported
 * through the `exports` entry of package.json by a separate cdk8s app.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

let consumer: string;
before(async () => {
  consumer = await mkdtemp(path.join(os.tmpdir(), 'clawbench-package-test-'));
  // the published package: package.json, and lib/ built from constructs/ alone
  const pkg = path.join(consumer, 'node_modules', 'clawbench-k8s');
  await mkdir(pkg, { recursive: true });
  await cp(path.join(root, 'package.json'), path.join(pkg, 'package.json'));
  await writeFile(
    path.join(consumer, 'tsconfig.json'),
    JSON.stringify({
      extends: path.join(root, 'tsconfig.json'),
      compilerOptions: { rootDir: root, outDir: path.join(pkg, 'lib'), declaration: true, typeRoots: [path.join(root, 'node_modules', '@types')] },
      include: [path.join(root, 'constructs')],
      exclude: [],
    }),
  );
  await run(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', path.join(consumer, 'tsconfig.json')], { timeout: 120_000 });
  // peer dependencies come from the consumer's own node_modules
  for (const peer of ['cdk8s', 'cdk8s-plus-28', 'constructs']) {
    await symlink(path.join(root, 'node_modules', peer), path.join(consumer, 'node_modules', peer));
  }
});
after(async () => {
  await rm(consumer, { recursive: true, force: true });
});

test('another cdk8s app can `new OpenClawGateway(chart, ...)` from the package entry', async () => {
  const app = path.join(consumer, 'app.mjs');
  await writeFile(
    app,
    [
      "import { App, Chart } from 'cdk8s';",
      "import { ClawbenchSidecar, MlflowServer, OpenClawGateway } from 'clawbench-k8s';",
      'const app = new App({ outdir: process.argv[2] });',
      "const chart = new Chart(app, 'evals', { disableResourceNameHashes: true });",
      "const gateway = new OpenClawGateway(chart, 'gw', { namespace: 'team-evals', model: 'anthropic/claude-sonnet-4-6' });",
      "const mlflow = new MlflowServer(chart, 'mlflow');",
      "new ClawbenchSidecar(chart, 'eval', { gateway, mlflowTrackingUri: mlflow.trackingUri });",
      'app.synth();',
    ].join('\n'),
  );
  const outdir = path.join(consumer, 'dist');
  await run(process.execPath, [app, outdir], { cwd: consumer, timeout: 60_000 });
  const yaml = await readFile(path.join(outdir, 'evals.k8s.yaml'), 'utf8');
  assert.match(yaml, /name: openclaw-config/);
  assert.match(yaml, /name: clawbench-config/);
  assert.match(yaml, /"primary": "anthropic\/claude-sonnet-4-6"/);
  assert.match(yaml, /MLFLOW_TRACKING_URI: http:\/\/mlflow-service\.mlflow\.svc\.cluster\.local:5000/);
});

test('the package declares cdk8s, cdk8s-plus-28 and constructs as peer dependencies', async () => {
  const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { peerDependencies: Record<string, string>; dependencies?: Record<string, string> };
  assert.deepEqual(Object.keys(pkg.peerDependencies).sort(), ['cdk8s', 'cdk8s-plus-28', 'constructs']);
  for (const peer of Object.keys(pkg.peerDependencies)) assert.equal(pkg.dependencies?.[peer], undefined, `${peer} is also a dependency`);
});
