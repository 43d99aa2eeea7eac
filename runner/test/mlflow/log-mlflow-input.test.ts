import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { command, logToMlflow } from '../../src/cli/commands/log-mlflow.js';
import { UsageError } from '../../src/cli/exit-codes.js';

/** Bad input is refused before anything is sent, so these need no server. */
describe('clawbench log-mlflow input', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clawbench-log-mlflow-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const env = { MLFLOW_TRACKING_URI: 'http://127.0.0.1:9' };
  const refused = async (benchmarkPath: string, pattern: RegExp) => {
    await assert.rejects(logToMlflow({ benchmarkPath, env, write: () => assert.fail('nothing is logged') }), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.match(error.message, pattern);
      return true;
    });
  };

  it('names a missing file', async () => {
    await refused(join(dir, 'missing.json'), /^log-mlflow: cannot read .*missing\.json: ENOENT: expected the benchmark\.json a run wrote$/);
  });

  it('names a file that is not JSON', async () => {
    await writeFile(join(dir, 'broken.json'), '{"model": ');
    await refused(join(dir, 'broken.json'), /^log-mlflow: .*broken\.json is not valid JSON \(.*\): expected the benchmark\.json a run wrote$/);
  });

  it('names the fields a JSON file lacks to be a benchmark.json', async () => {
    await writeFile(join(dir, 'other.json'), JSON.stringify({ schema_version: 1, model: 'm' }));
    await refused(join(dir, 'other.json'), /^log-mlflow: .*other\.json is not a benchmark\.json this runner reads: submission_id: .*; and \d+ more$/);
  });

  it('refuses unknown options and a second path', async () => {
    await assert.rejects(command.run(['--dry']), /log-mlflow: unknown option "--dry": expected --failed or a benchmark\.json path/);
    await assert.rejects(command.run(['a.json', 'b.json']), /log-mlflow: a second path "b\.json" after "a\.json": expected one benchmark\.json/);
    await assert.rejects(command.run([]), /log-mlflow: no benchmark\.json given/);
  });
});
