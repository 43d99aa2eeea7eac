import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DIST_NAMESPACE, SettingsError, deploySettingsFromEnv, settingsFromEnv } from '../../charts/settings.js';

/** The message of the SettingsError an environment raises. */
function failure(env: Record<string, string>): SettingsError {
  try {
    settingsFromEnv(env);
  } catch (error) {
    assert.ok(error instanceof SettingsError, `expected a SettingsError, got ${String(error)}`);
    return error;
  }
  assert.fail(`settings accepted ${JSON.stringify(env)}`);
}

describe('settingsFromEnv', () => {
  test('applies the seed\'s defaults to an empty environment', () => {
    const settings = settingsFromEnv({});
    assert.equal(settings.namespace, undefined);
    assert.equal(settings.model, 'openai/gpt-5.5');
    assert.deepEqual(settings.eval, {
      tasks: [],
      runs: 3,
      concurrency: 4,
      connectTimeoutSeconds: 120,
      requestTimeoutSeconds: 300,
      perRunBudgetSeconds: 600,
    });
    assert.deepEqual(settings.mlflow, {
      namespace: 'mlflow',
      externalTrackingUri: undefined,
      experimentId: undefined,
      experimentName: 'clawbench',
    });
    assert.equal(settings.images.mlflow, 'ghcr.io/mlflow/mlflow:v2.21.3');
  });

  test('reads every variable it documents', () => {
    const settings = settingsFromEnv({
      CLAWBENCH_NAMESPACE: 'team-eval',
      CLAWBENCH_IMAGE: 'registry.local:5000/clawbench:1.2',
      OPENCLAW_IMAGE: 'ghcr.io/openclaw/openclaw:latest-browser',
      MLFLOW_IMAGE: 'ghcr.io/mlflow/mlflow:v3.18.0',
      CLAWBENCH_MODEL: 'openrouter/anthropic/claude-sonnet-4-6',
      CLAWBENCH_JUDGE_MODEL: 'anthropic/claude-sonnet-4-6',
      CLAWBENCH_TASKS: ' t1-bugfix-discount   t2-config-loader ',
      CLAWBENCH_RUNS: '5',
      CLAWBENCH_CONCURRENCY: '2',
      CLAWBENCH_CONNECT_TIMEOUT: '60',
      CLAWBENCH_REQUEST_TIMEOUT: '90',
      CLAWBENCH_PER_RUN_BUDGET_SECONDS: '900',
      OPENAI_API_BASE: 'http://vllm.models.svc.cluster.local:8000/v1',
      MLFLOW_NAMESPACE: 'tracking',
      MLFLOW_TRACKING_URI: 'https://mlflow.example.com',
      MLFLOW_EXPERIMENT_NAME: 'gpt-evals',
    });
    assert.equal(settings.namespace, 'team-eval');
    assert.deepEqual(settings.images, {
      clawbench: 'registry.local:5000/clawbench:1.2',
      openclaw: 'ghcr.io/openclaw/openclaw:latest-browser',
      mlflow: 'ghcr.io/mlflow/mlflow:v3.18.0',
    });
    assert.equal(settings.model, 'openrouter/anthropic/claude-sonnet-4-6');
    assert.equal(settings.judgeModel, 'anthropic/claude-sonnet-4-6');
    assert.deepEqual(settings.eval, {
      tasks: ['t1-bugfix-discount', 't2-config-loader'],
      runs: 5,
      concurrency: 2,
      connectTimeoutSeconds: 60,
      requestTimeoutSeconds: 90,
      perRunBudgetSeconds: 900,
    });
    assert.equal(settings.openaiApiBase, 'http://vllm.models.svc.cluster.local:8000/v1');
    assert.deepEqual(settings.mlflow, {
      namespace: 'tracking',
      externalTrackingUri: 'https://mlflow.example.com',
      experimentId: undefined,
      experimentName: 'gpt-evals',
    });
  });

  test('treats an exported but empty variable as unset', () => {
    const settings = settingsFromEnv({ CLAWBENCH_RUNS: '', CLAWBENCH_MODEL: '', MLFLOW_TRACKING_URI: '' });
    assert.equal(settings.eval.runs, 3);
    assert.equal(settings.model, 'openai/gpt-5.5');
    assert.equal(settings.mlflow.externalTrackingUri, undefined);
  });

  test('an experiment id replaces the default experiment name', () => {
    const settings = settingsFromEnv({ MLFLOW_EXPERIMENT_ID: '42' });
    assert.equal(settings.mlflow.experimentId, '42');
    assert.equal(settings.mlflow.experimentName, undefined);
  });

  test('holds no secret value, even when the environment has them', () => {
    const settings = settingsFromEnv({ OPENAI_API_KEY: 'fake-openai-key-for-leak-test-1234', OPENCLAW_GATEWAY_TOKEN: 'fake-token-for-leak-test' });
    const serialized = JSON.stringify(settings);
    assert.ok(!serialized.includes('fake-openai-key-for-leak-test-1234'));
    assert.ok(!serialized.includes('fake-token-for-leak-test'));
  });

  test('fails on a non-numeric runs value', () => {
    const error = failure({ CLAWBENCH_RUNS: 'three' });
    assert.deepEqual(error.problems.map((problem) => problem.variable), ['CLAWBENCH_RUNS']);
    assert.match(error.message, /CLAWBENCH_RUNS="three": expected a whole number of at least 1/);
  });

  test('fails on zero concurrency and a fractional timeout', () => {
    const error = failure({ CLAWBENCH_CONCURRENCY: '0', CLAWBENCH_CONNECT_TIMEOUT: '1.5' });
    assert.match(error.message, /CLAWBENCH_CONCURRENCY="0": expected a whole number/);
    assert.match(error.message, /CLAWBENCH_CONNECT_TIMEOUT="1.5": expected a whole number/);
  });

  test('fails on a model without a provider prefix', () => {
    const error = failure({ CLAWBENCH_MODEL: 'gpt-5.5' });
    assert.match(error.message, /CLAWBENCH_MODEL="gpt-5.5": expected a model with a provider prefix, "provider\/model"/);
  });

  test('fails on an invalid namespace name', () => {
    const error = failure({ CLAWBENCH_NAMESPACE: 'ClawBench_Eval' });
    assert.match(error.message, /CLAWBENCH_NAMESPACE="ClawBench_Eval": expected a dns label/);
  });

  test('fails on an experiment id together with a name', () => {
    const error = failure({ MLFLOW_EXPERIMENT_ID: '4', MLFLOW_EXPERIMENT_NAME: 'clawbench-gpt5.5' });
    assert.match(error.message, /MLFLOW_EXPERIMENT_NAME="clawbench-gpt5.5": expected either MLFLOW_EXPERIMENT_ID or MLFLOW_EXPERIMENT_NAME, not both/);
  });

  test('fails on a malformed url', () => {
    const error = failure({ MLFLOW_TRACKING_URI: 'mlflow:5000', OPENAI_API_BASE: 'not a url' });
    assert.match(error.message, /MLFLOW_TRACKING_URI="mlflow:5000": expected an http\(s\) url/);
    assert.match(error.message, /OPENAI_API_BASE="not a url": expected an http\(s\) url/);
  });

  test('fails on a tracking url that embeds credentials, since it lands in a ConfigMap', () => {
    const error = failure({ MLFLOW_TRACKING_URI: 'https://user:pw@mlflow.example.com' });
    assert.match(error.message, /MLFLOW_TRACKING_URI=.*expected an http\(s\) url without user or password/);
  });

  test('lists every problem in one message', () => {
    const error = failure({
      CLAWBENCH_RUNS: 'three',
      CLAWBENCH_MODEL: 'gpt-5.5',
      CLAWBENCH_NAMESPACE: 'Bad_NS',
      MLFLOW_EXPERIMENT_ID: '4',
      MLFLOW_EXPERIMENT_NAME: 'x',
      OPENAI_API_BASE: 'ftp://files',
      CLAWBENCH_TASKS: 't1 bad/task',
    });
    assert.deepEqual(
      error.problems.map((problem) => problem.variable).sort(),
      ['CLAWBENCH_MODEL', 'CLAWBENCH_NAMESPACE', 'CLAWBENCH_RUNS', 'CLAWBENCH_TASKS', 'MLFLOW_EXPERIMENT_NAME', 'OPENAI_API_BASE'],
    );
    assert.match(error.message, /^invalid settings, 6 problems; fix these environment variables:\n/);
    assert.equal(error.message.split('\n').length, 7, error.message);
  });
});

describe('deploySettingsFromEnv', () => {
  test('requires CLAWBENCH_NAMESPACE', () => {
    assert.throws(() => deploySettingsFromEnv({}), (error: unknown) => {
      assert.ok(error instanceof SettingsError);
      assert.match(error.message, new RegExp(`CLAWBENCH_NAMESPACE=\\(unset\\): expected the namespace of the gateway and the eval, e.g. "${DIST_NAMESPACE}"`));
      return true;
    });
  });

  test('reports the missing namespace together with the other problems', () => {
    assert.throws(() => deploySettingsFromEnv({ CLAWBENCH_RUNS: 'many' }), (error: unknown) => {
      assert.ok(error instanceof SettingsError);
      assert.deepEqual(error.problems.map((problem) => problem.variable), ['CLAWBENCH_NAMESPACE', 'CLAWBENCH_RUNS']);
      return true;
    });
  });

  test('returns settings with the namespace', () => {
    assert.equal(deploySettingsFromEnv({ CLAWBENCH_NAMESPACE: 'eval-1' }).namespace, 'eval-1');
  });
});
