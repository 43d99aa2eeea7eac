import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchmarkEntities } from '../../src/sinks/mlflow/benchmark-entities.js';
import { checkedEntities } from '../../src/sinks/mlflow/entities.js';
import type { EvalOnDisk } from './benchmark-fixture.js';
import type { MlflowServerFixture } from './mlflow-server.js';

/** One submission's runs as MLflow's own Python client sees them. */
export interface ReadBack {
  readonly experimentIds: string[];
  readonly runs: {
    readonly id: string;
    readonly name: string;
    readonly status: string;
    readonly experimentId: string;
    readonly startTime: number;
    readonly params: Record<string, string>;
    readonly metrics: Record<string, number>;
    readonly tags: Record<string, string>;
    readonly passHatK: [number, number][];
    readonly artifacts: Record<string, string>;
  }[];
}

const READ_BACK = `
import json, os, mlflow
from mlflow.tracking import MlflowClient
client = MlflowClient()
name, submission, dest = os.environ["EXPERIMENT"], os.environ["SUBMISSION"], os.environ["DEST"]
experiments = [e.experiment_id for e in client.search_experiments(filter_string=f"name = '{name}'")]
runs = mlflow.search_runs(experiment_names=[name], filter_string=f"tags.submission_id = '{submission}'", output_format="list")
out = []
for found in runs:
    run = client.get_run(found.info.run_id)
    artifacts = {}
    for listed in client.list_artifacts(run.info.run_id):
        where = mlflow.artifacts.download_artifacts(run_id=run.info.run_id, artifact_path=listed.path, dst_path=os.path.join(dest, run.info.run_id))
        with open(where, encoding="utf-8") as handle:
            artifacts[listed.path] = handle.read()
    out.append({
        "id": run.info.run_id, "name": run.info.run_name, "status": run.info.status,
        "experimentId": run.info.experiment_id, "startTime": run.info.start_time,
        "params": run.data.params, "metrics": run.data.metrics, "tags": run.data.tags,
        "passHatK": [[m.step, m.value] for m in client.get_metric_history(run.info.run_id, "pass_hat_k")],
        "artifacts": artifacts,
    })
print(json.dumps({"experimentIds": experiments, "runs": out}))
`;

export async function readBack(server: MlflowServerFixture, experimentName: string, submissionId: string): Promise<ReadBack> {
  const dest = await mkdtemp(join(tmpdir(), 'clawbench-mlflow-download-'));
  return server.python<ReadBack>(READ_BACK, { EXPERIMENT: experimentName, SUBMISSION: submissionId, DEST: dest });
}

/**
 * Asserts that exactly one run holds the submission and that it carries every param, tag,
 * metric and artifact with the values benchmark.json has.
 */
export function assertLoggedCompletely(back: ReadBack, evalOnDisk: EvalOnDisk, status: 'FINISHED' | 'FAILED' = 'FINISHED'): ReadBack['runs'][number] {
  const { result } = evalOnDisk;
  assert.equal(back.experimentIds.length, 1, 'exactly one experiment of that name');
  assert.equal(back.runs.length, 1, `exactly one run for submission ${result.submission_id}, found ${back.runs.length}`);
  const run = back.runs[0]!;
  assert.equal(run.status, status);
  assert.equal(run.name, `${result.model}-${result.submission_id.slice(0, 8)}`);
  assert.equal(run.startTime, Date.parse(result.timestamp));

  // Straight from benchmark.json, independent of the mapping code.
  assert.equal(run.params.model, result.model);
  assert.equal(run.params.provider, result.provider);
  assert.equal(run.params.benchmark_version, result.benchmark_version);
  assert.equal(run.params.openclaw_version, '2026.9.6');
  assert.equal(run.params.judge_model, 'none');
  assert.equal(run.params.task_snapshot_fingerprint, result.task_snapshot_fingerprint);
  assert.equal(run.params.runs_per_task, '2');
  assert.equal(run.tags.submission_id, result.submission_id);
  assert.equal(run.tags.timestamp, result.timestamp);
  assert.equal(run.tags.certified, result.certified ? 'True' : 'False');
  assert.equal(run.metrics.overall_score, result.overall_score);
  assert.equal(run.metrics.overall_ci_lower, result.overall_ci_lower);
  assert.equal(run.metrics.overall_ci_upper, result.overall_ci_upper);
  assert.equal(run.metrics.overall_pass_hat_k, result.overall_pass_hat_k);
  assert.equal(run.metrics.overall_cost_usd, result.overall_cost_usd);
  assert.equal(run.metrics.overall_total_tokens, result.overall_total_tokens);
  assert.equal(run.metrics.overall_median_latency_ms, result.overall_median_latency_ms);
  for (const tier of result.tier_results) {
    assert.equal(run.metrics[`tier/${tier.tier}/score`], tier.mean_task_score);
    assert.equal(run.metrics[`tier/${tier.tier}/pass_hat_k`], tier.pass_hat_k_rate);
  }
  for (const task of result.task_results) {
    assert.equal(run.metrics[`task/${task.task_id}/score`], task.mean_task_score);
    assert.equal(run.metrics[`task/${task.task_id}/reliability`], task.reliability_score);
    assert.equal(run.metrics[`task/${task.task_id}/pass_hat_k`], task.pass_hat_k ? 1 : 0);
    assert.equal(run.metrics[`task/${task.task_id}/pass_at_1`], task.pass_at_1 ? 1 : 0);
  }
  assert.deepEqual(
    run.passHatK.sort((a, b) => a[0] - b[0]),
    result.overall_pass_hat_k_curve.map((value, index) => [index + 1, value]),
    'the pass^k curve is the history of metric pass_hat_k, step k',
  );

  // And nothing missing or extra against the full mapping.
  const expected = checkedEntities(benchmarkEntities(result, { evalCompleted: status === 'FINISHED' }));
  assert.deepEqual(run.params, Object.fromEntries(expected.params.map((p) => [p.key, p.value])));
  for (const tag of expected.tags) assert.equal(run.tags[tag.key], tag.value, `tag ${tag.key}`);
  const latest = new Map<string, { step: number; value: number }>();
  for (const metric of expected.metrics) {
    const seen = latest.get(metric.key);
    if (seen === undefined || metric.step >= seen.step) latest.set(metric.key, { step: metric.step, value: metric.value as number });
  }
  assert.deepEqual(run.metrics, Object.fromEntries([...latest].map(([key, { value }]) => [key, value])));

  assert.deepEqual(run.artifacts, evalOnDisk.files, 'benchmark.json, runs.jsonl and report.html stored byte for byte');
  return run;
}
