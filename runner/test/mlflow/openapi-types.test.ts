import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const runnerDir = fileURLToPath(new URL('../../', import.meta.url));
const SPEC = join(runnerDir, 'openapi', 'mlflow.yaml');
const GENERATED = join(runnerDir, 'src', 'sinks', 'mlflow', 'mlflow-api.d.ts');
const CLI = join(runnerDir, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');

/** `openapi-typescript SPEC -o OUT --check`: exit 0 when OUT is what SPEC generates. */
function check(spec: string, out: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, spec, '-o', out, '--check'], { cwd: runnerDir }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : Number(error.code), output: stdout + stderr }),
    );
  });
}

describe('the generated MLflow API types', () => {
  it('are current with openapi/mlflow.yaml (regenerate with `npm run gen:mlflow`)', async () => {
    const { code, output } = await check(SPEC, GENERATED);
    assert.equal(code, 0, `src/sinks/mlflow/mlflow-api.d.ts is stale; run \`npm run gen:mlflow\` in runner/\n${output}`);
  });

  it('would be reported stale after a change to the spec', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clawbench-openapi-'));
    try {
      const spec = join(dir, 'mlflow.yaml');
      await writeFile(spec, (await readFile(SPEC, 'utf8')).replace('operationId: setTag', 'operationId: setRunTag'));
      await copyFile(GENERATED, join(dir, 'mlflow-api.d.ts'));
      const { code, output } = await check(spec, join(dir, 'mlflow-api.d.ts'));
      assert.notEqual(code, 0);
      assert.match(output, /not up-to-date/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
