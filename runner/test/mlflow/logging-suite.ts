import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseMlflowSettings } from '../../src/config/mlflow-settings.js';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { logToMlflow } from '../../src/cli/commands/log-mlflow.js';
import { MlflowClient } from '../../src/sinks/mlflow/client.js';
import { checkedEntities } from '../../src/sinks/mlflow/entities.js';
import { MlflowUnreachableError } from '../../src/sinks/mlflow/errors.js';
import { logBenchmarkToMlflow } from '../../src/sinks/mlflow/logger.js';
import { writeEvalOnDisk, type EvalOnDisk } from './benchmark-fixture.js';
import { FaultProxy } from './fault-proxy.js';
import { MlflowServerFixture } from './mlflow-server.js';
import { assertLoggedCompletely, readBack } from './read-back.js';

const runnerDir = fileURLToPath(new URL('../../', import.meta.url));
const FAST_RETRIES = { MLFLOW_HTTP_REQUEST_MAX_RETRIES: '2', MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR: '0.05' };

/**
 * The MLflow sink against a real server of the given version: everything logged and read back by
 * MLflow's own Python client, experiment rules, idempotency, batching, retries through a failing
 * proxy, auth headers, and (withOutage) a server killed mid-log and restarted.
 */
export function mlflowLoggingSuite(version: string, options: { withOutage: boolean }): void {
  describe(`the MLflow sink against a real mlflow ${version} server`, () => {
    let server: MlflowServerFixture;
    let work: string;
    let evals = 0;

    /** A fresh eval on disk, in its own folder, with a new submission id. */
    async function newEval(fixture: { model?: string; submissionId?: string } = {}): Promise<EvalOnDisk> {
      evals += 1;
      return writeEvalOnDisk(join(work, `eval-${evals}`), fixture);
    }

    /** logToMlflow as the CLI runs it, with its printed lines captured. */
    async function log(evalOnDisk: EvalOnDisk, env: Record<string, string>, evalCompleted?: boolean) {
      const lines: string[] = [];
      const code = await logToMlflow({
        benchmarkPath: evalOnDisk.benchmarkPath,
        env: { MLFLOW_TRACKING_URI: server.uri, ...FAST_RETRIES, ...env },
        ...(evalCompleted === undefined ? {} : { evalCompleted }),
        write: (line) => lines.push(line),
      });
      return { code, output: lines.join('\n') };
    }

    /** The real `clawbench log-mlflow` command, in a child process. */
    async function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
      return new Promise((resolve) => {
        execFile(
          process.execPath,
          ['--import', 'tsx', 'src/cli/main.ts', 'log-mlflow', ...args],
          { cwd: runnerDir, env: { PATH: process.env.PATH ?? '', ...FAST_RETRIES, ...env } },
          (error, stdout, stderr) => resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr }),
        );
      });
    }

    before(async () => {
      work = await mkdtemp(join(tmpdir(), 'clawbench-mlflow-test-'));
      server = await MlflowServerFixture.start(version);
    });

    after(async () => {
      await server?.dispose();
      await rm(work, { recursive: true, force: true });
    });

    describe('logging a benchmark.json', () => {
      it('logs every param, metric, tag and artifact, as MLflow’s own Python client reads them back', async () => {
        const evalOnDisk = await newEval();
        const { code, output } = await log(evalOnDisk, { MLFLOW_EXPERIMENT_NAME: 'complete', CLAWBENCH_MATRIX_ID: 'matrix-0a1b2c' });
        assert.equal(code, ExitCode.ok, output);
        assert.match(output, /experiment "complete" \(id \d+\) created/);
        assert.match(output, /created run openai\/gpt-test-/);
        assert.match(output, /uploaded runs\.jsonl/);
        const run = assertLoggedCompletely(await readBack(server, 'complete', evalOnDisk.result.submission_id), evalOnDisk);
        assert.equal(run.tags.matrix_id, 'matrix-0a1b2c');
        assert.equal(run.tags.eval_status, 'completed');
      });

      it('creates a named experiment once and reuses it, also when two loggers race to create it', async () => {
        const [first, second, third] = [await newEval(), await newEval({ model: 'anthropic/claude-test' }), await newEval()];
        const racing = await Promise.all([first, second].map((evalOnDisk) => log(evalOnDisk, { MLFLOW_EXPERIMENT_NAME: 'shared' })));
        for (const { code, output } of racing) assert.equal(code, ExitCode.ok, output);
        const later = await log(third, { MLFLOW_EXPERIMENT_NAME: 'shared' });
        assert.equal(later.code, ExitCode.ok, later.output);
        assert.match(later.output, /experiment "shared" \(id \d+\)\n/, 'the third logger found the experiment');
        const runs = await Promise.all([first, second, third].map((e) => readBack(server, 'shared', e.result.submission_id)));
        for (const back of runs) assert.deepEqual(back.experimentIds.length, 1);
        assert.equal(new Set(runs.map((back) => back.runs[0]?.experimentId)).size, 1, 'all three runs in the one experiment');
      });

      it('uses the experiment another client created between its lookup and its create', async () => {
        const proxy = await FaultProxy.start(server.uri);
        try {
          let createdMeanwhile: string | undefined;
          const createWithPython = async () => {
            createdMeanwhile = await server.python<string>(`import json; from mlflow.tracking import MlflowClient; print(json.dumps(MlflowClient().create_experiment("raced")))`);
          };
          proxy.inject(/experiments\/create$/, { kind: 'meanwhile', action: createWithPython });
          const evalOnDisk = await newEval();
          const { code, output } = await log(evalOnDisk, { MLFLOW_TRACKING_URI: proxy.uri, MLFLOW_EXPERIMENT_NAME: 'raced' });
          assert.equal(code, ExitCode.ok, output);
          assert.equal(proxy.requests.find((r) => r.path.endsWith('experiments/create'))?.outcome, 400, 'MLflow answered RESOURCE_ALREADY_EXISTS');
          const back = await readBack(server, 'raced', evalOnDisk.result.submission_id);
          assert.equal(back.runs[0]?.experimentId, createdMeanwhile);
        } finally {
          await proxy.close();
        }
      });

      it('logs into an experiment given by id, and refuses an id that does not exist', async () => {
        const id = await server.python<string>(`import json; from mlflow.tracking import MlflowClient; print(json.dumps(MlflowClient().create_experiment("by-id")))`);
        const evalOnDisk = await newEval();
        const ok = await log(evalOnDisk, { MLFLOW_EXPERIMENT_ID: id });
        assert.equal(ok.code, ExitCode.ok, ok.output);
        assert.equal((await readBack(server, 'by-id', evalOnDisk.result.submission_id)).runs.length, 1);

        const missing = await log(await newEval(), { MLFLOW_EXPERIMENT_ID: '987654' });
        assert.equal(missing.code, ExitCode.loggingFailed);
        assert.match(missing.output, /MLFLOW_EXPERIMENT_ID "987654": no such experiment on http:\/\/127\.0\.0\.1:\d+: expected the id of an existing experiment/);
      });

      it('reports a deleted experiment of the same name clearly, without using or restoring it', async () => {
        await server.python(`import json; from mlflow.tracking import MlflowClient; c = MlflowClient(); c.delete_experiment(c.create_experiment("retired")); print("null")`);
        const { code, output } = await log(await newEval(), { MLFLOW_EXPERIMENT_NAME: 'retired' });
        assert.equal(code, ExitCode.loggingFailed);
        assert.match(output, /MLflow experiment "retired" \(id \d+\) is deleted: restore it .*or choose another experiment/);
        const stage = await server.python<string>(`import json; from mlflow.tracking import MlflowClient; print(json.dumps(MlflowClient().get_experiment_by_name("retired").lifecycle_stage))`);
        assert.equal(stage, 'deleted');
      });

      it('logging the same submission again completes the same run; a changed param is refused, not half-logged', async () => {
        const evalOnDisk = await newEval();
        const env = { MLFLOW_EXPERIMENT_NAME: 'again' };
        assert.equal((await log(evalOnDisk, env)).code, ExitCode.ok);
        const second = await log(evalOnDisk, env);
        assert.equal(second.code, ExitCode.ok, second.output);
        assert.match(second.output, /completing run .* \(id [0-9a-f]{32}\)/);
        assert.match(second.output, /logged 0 params/);
        assertLoggedCompletely(await readBack(server, 'again', evalOnDisk.result.submission_id), evalOnDisk);

        const rescored = await newEval({ model: 'openai/other-model', submissionId: evalOnDisk.result.submission_id });
        const refused = await log(rescored, env);
        assert.equal(refused.code, ExitCode.loggingFailed);
        assert.match(refused.output, /already has different params \(model "openai\/gpt-test" → "openai\/other-model"/);
      });

      it('ends the run FAILED when the eval could not complete', async () => {
        const evalOnDisk = await newEval();
        const { code } = await log(evalOnDisk, { MLFLOW_EXPERIMENT_NAME: 'failed-evals' }, false);
        assert.equal(code, ExitCode.ok);
        const run = assertLoggedCompletely(await readBack(server, 'failed-evals', evalOnDisk.result.submission_id), evalOnDisk, 'FAILED');
        assert.equal(run.tags.eval_status, 'failed');
      });

      it('splits large batches within the server’s limits and maps keys MLflow refuses', async () => {
        const settings = parseMlflowSettings({ MLFLOW_TRACKING_URI: server.uri, MLFLOW_EXPERIMENT_NAME: 'limits' });
        const client = new MlflowClient(settings);
        const { experiment } = await client.resolveExperiment(settings.experiment);
        const { run } = await client.findOrCreateRun({ experimentId: experiment.experiment_id, runName: 'limits', idTag: { key: 'submission_id', value: 'limits-1' }, tags: [], startTime: 1 });
        const entities = checkedEntities({
          params: Array.from({ length: 150 }, (_, i) => ({ key: `param ${i}`, value: `v${i}` })),
          tags: Array.from({ length: 120 }, (_, i) => ({ key: `tag/${i}`, value: `t${i}` })),
          metrics: Array.from({ length: 2300 }, (_, i) => ({ key: i === 0 ? 'pass@k^2' : `metric/${i}`, value: i / 7, timestamp: 1000, step: 0 })),
        });
        const { calls } = await client.logMissing(run, entities);
        assert.equal(calls, 3, '2300 metrics + 150 params + 120 tags need three calls of at most 1000 entities');
        const counts = await server.python<{ params: number; tags: number; metrics: number; mapped: number }>(
          `import json; from mlflow.tracking import MlflowClient; r = MlflowClient().get_run("${run.info.run_id}"); ` +
            `print(json.dumps({"params": len(r.data.params), "tags": len([k for k in r.data.tags if k.startswith("tag/")]), "metrics": len(r.data.metrics), "mapped": r.data.metrics["pass_at_k_hat_2"]}))`,
        );
        assert.deepEqual(counts, { params: 150, tags: 120, metrics: 2300, mapped: 0 });
      });
    });

    describe('when MLflow goes down mid-log', { skip: options.withOutage ? false : 'the restart is proven against the default version only' }, () => {
      it('exits with the logging-failed status, keeps the results, and a later log-mlflow completes the same run', async () => {
        const evalOnDisk = await newEval();
        const env = { MLFLOW_TRACKING_URI: server.uri, MLFLOW_EXPERIMENT_NAME: 'outage' };
        const settings = parseMlflowSettings({ ...env, ...FAST_RETRIES });
        await assert.rejects(
          logBenchmarkToMlflow({
            benchmarkPath: evalOnDisk.benchmarkPath,
            result: evalOnDisk.result,
            settings,
            // The run exists, nothing is logged in it yet: the server dies now.
            onEvent: async (event) => {
              if (event.kind === 'run') await server.crash();
            },
          }),
          (error: unknown) => error instanceof MlflowUnreachableError && /did not answer (POST|GET) \/api\/2\.0\/mlflow\/\S+ after \d+ attempts?: ECONNREFUSED/.test(error.message),
        );

        const down = await cli([evalOnDisk.benchmarkPath], env);
        assert.equal(down.code, ExitCode.loggingFailed, down.stdout + down.stderr);
        assert.match(down.stdout, /logging failed: MLflow at http:\/\/127\.0\.0\.1:\d+ did not answer GET \/api\/2\.0\/mlflow\/experiments\/get-by-name after 3 attempts: ECONNREFUSED/);
        assert.match(down.stdout, /the results stay in .*benchmark\.json; run `clawbench log-mlflow .*` again/);

        await server.start();
        const interrupted = await readBack(server, 'outage', evalOnDisk.result.submission_id);
        assert.equal(interrupted.runs.length, 1);
        assert.equal(interrupted.runs[0]!.status, 'RUNNING', 'an interrupted log leaves the run RUNNING');
        assert.deepEqual(interrupted.runs[0]!.metrics, {});

        const again = await cli([evalOnDisk.benchmarkPath], env);
        assert.equal(again.code, ExitCode.ok, again.stdout + again.stderr);
        assert.match(again.stdout, new RegExp(`completing run .* \\(id ${interrupted.runs[0]!.id}\\)`));
        const completed = assertLoggedCompletely(await readBack(server, 'outage', evalOnDisk.result.submission_id), evalOnDisk);
        assert.equal(completed.id, interrupted.runs[0]!.id);
      });
    });

    describe('the transport, through a proxy that fails requests in front of the real server', () => {
      let proxy: FaultProxy;
      before(async () => {
        proxy = await FaultProxy.start(server.uri);
      });
      after(async () => {
        await proxy?.close();
      });
      const viaProxy = async (evalOnDisk: EvalOnDisk, env: Record<string, string>) => {
        const lines: string[] = [];
        const code = await logToMlflow({
          benchmarkPath: evalOnDisk.benchmarkPath,
          env: { MLFLOW_TRACKING_URI: proxy.uri, ...FAST_RETRIES, ...env },
          write: (line) => lines.push(line),
        });
        return { code, output: lines.join('\n') };
      };

      it('retries 429, 502 and 503 answers, waiting as long as Retry-After asks', async () => {
        proxy.clear();
        proxy.inject(/runs\/search$/, { kind: 'status', status: 503 });
        proxy.inject(/runs\/log-batch$/, { kind: 'status', status: 429, retryAfter: '1' });
        proxy.inject(/^PUT .*\/runs\.jsonl$/, { kind: 'status', status: 502 });
        const evalOnDisk = await newEval();
        const started = Date.now();
        const { code, output } = await viaProxy(evalOnDisk, { MLFLOW_EXPERIMENT_NAME: 'flaky' });
        assert.equal(code, ExitCode.ok, output);
        assert.ok(Date.now() - started >= 1000, 'waited for Retry-After: 1');
        assert.match(output, /POST \/api\/2\.0\/mlflow\/runs\/log-batch answered 429 \(attempt 1\); retrying in 1\.0 s/);
        assert.equal(proxy.count(/runs\/log-batch$/), 2);
        assert.equal(proxy.count(/^PUT .*\/runs\.jsonl$/), 2);
        assertLoggedCompletely(await readBack(server, 'flaky', evalOnDisk.result.submission_id), evalOnDisk);
      });

      it('never leaves a second run when the answer to runs/create is lost', async () => {
        proxy.clear();
        proxy.inject(/runs\/create$/, { kind: 'lose-answer' });
        const evalOnDisk = await newEval();
        const { code, output } = await viaProxy(evalOnDisk, { MLFLOW_EXPERIMENT_NAME: 'lost-answer' });
        assert.equal(code, ExitCode.ok, output);
        assert.equal(proxy.count(/runs\/create$/), 1, 'the run was created once; the search after the lost answer found it');
        assert.equal(proxy.requests.find((r) => r.path.endsWith('runs/create'))?.outcome, 'answer lost');
        assertLoggedCompletely(await readBack(server, 'lost-answer', evalOnDisk.result.submission_id), evalOnDisk);
      });

      it('gives up after the configured retries, and says so', async () => {
        proxy.clear();
        proxy.inject(/runs\/log-batch$/, { kind: 'status', status: 503, body: 'upstream overloaded' }, 100);
        const { code, output } = await viaProxy(await newEval(), { MLFLOW_EXPERIMENT_NAME: 'flaky' });
        assert.equal(code, ExitCode.loggingFailed);
        assert.equal(proxy.count(/runs\/log-batch$/), 3, 'MLFLOW_HTTP_REQUEST_MAX_RETRIES=2: one try and two retries');
        assert.match(output, /logging failed: MLflow answered POST \/api\/2\.0\/mlflow\/runs\/log-batch with 503: upstream overloaded/);
      });

      it('does not retry an error that cannot get better', async () => {
        proxy.clear();
        const { code, output } = await viaProxy(await newEval(), { MLFLOW_EXPERIMENT_ID: '424242' });
        assert.equal(code, ExitCode.loggingFailed);
        assert.equal(proxy.count(/experiments\/get$/), 1);
        assert.match(output, /no such experiment/);
      });

      it('sends Basic or Bearer credentials on every call, the artifact upload included, and never prints them', async () => {
        const password = 'loopback-test-password-7f3';
        const token = 'loopback-test-token-9c1';
        const cases: { env: Record<string, string>; expected: string; secret: string }[] = [
          { env: { MLFLOW_TRACKING_USERNAME: 'bench', MLFLOW_TRACKING_PASSWORD: password }, expected: `Basic ${Buffer.from(`bench:${password}`).toString('base64')}`, secret: password },
          { env: { MLFLOW_TRACKING_TOKEN: token }, expected: `Bearer ${token}`, secret: token },
        ];
        for (const { env, expected, secret } of cases) {
          proxy.clear();
          const { code, output } = await viaProxy(await newEval(), { MLFLOW_EXPERIMENT_NAME: 'auth', ...env });
          assert.equal(code, ExitCode.ok);
          assert.ok(proxy.requests.length >= 6 && proxy.requests.some((r) => r.method === 'PUT'));
          assert.ok(proxy.requests.every((r) => r.authorization === expected), 'every request carried the expected Authorization header');
          assert.ok(!output.includes(secret), 'the credential is not in the output');
        }

        proxy.clear();
        const inUri = proxy.uri.replace('http://', `http://bench:${password}@`);
        const lines: string[] = [];
        const code = await logToMlflow({
          benchmarkPath: (await newEval()).benchmarkPath,
          env: { MLFLOW_TRACKING_URI: inUri, MLFLOW_EXPERIMENT_NAME: 'auth', ...FAST_RETRIES },
          write: (line) => lines.push(line),
        });
        assert.equal(code, ExitCode.ok);
        assert.ok(proxy.requests.every((r) => r.authorization === cases[0]!.expected), 'credentials in the URI become a Basic header');
        assert.ok(!lines.join('\n').includes(password));

        const unreachable = await cli([(await newEval()).benchmarkPath], { MLFLOW_TRACKING_URI: `http://bench:${password}@127.0.0.1:9`, MLFLOW_HTTP_REQUEST_MAX_RETRIES: '0' });
        assert.equal(unreachable.code, ExitCode.loggingFailed);
        assert.ok(!(unreachable.stdout + unreachable.stderr).includes(password), 'a failure message does not carry the password either');
      });
    });
  });
}
