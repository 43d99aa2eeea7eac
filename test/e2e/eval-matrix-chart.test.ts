import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { App, Chart } from 'cdk8s';
import { EvalMatrixChart, matrixSettingsFromEnv } from '../../charts/eval-matrix.js';
import { SettingsError, settingsFromEnv } from '../../charts/settings.js';
import { evalJobName } from '../../constructs/eval-job.js';
import { EvalMatrix, defaultMatrixId } from '../../constructs/eval-matrix.js';

type Obj = Record<string, any>;

describe('the eval-matrix chart', () => {
  it('reads the models and the matrix id, one Job per model, the id on every object', () => {
    const matrix = matrixSettingsFromEnv({ CLAWBENCH_MATRIX_MODELS: ' openai/gpt-5.5   anthropic/claude-sonnet-4-6 ', CLAWBENCH_MATRIX_ID: 'nightly' });
    assert.deepEqual(matrix, { models: ['openai/gpt-5.5', 'anthropic/claude-sonnet-4-6'], matrixId: 'nightly' });
    const chart = new EvalMatrixChart(new App(), 'eval-matrix', { settings: settingsFromEnv({ CLAWBENCH_NAMESPACE: 'evals' }), matrix });
    const objects = chart.toJson() as Obj[];
    const jobs = objects.filter((object) => object.kind === 'Job');
    assert.deepEqual(jobs.map((job) => job.metadata.name), ['clawbench-eval-openai-gpt-5-5', 'clawbench-eval-anthropic-claude-sonnet-4-6']);
    for (const object of objects.filter((o) => o.kind !== 'Namespace' && o.metadata.name !== 'clawbench-config')) {
      assert.equal(object.metadata.labels['clawbench/matrix-id'], 'nightly', `${object.kind} ${object.metadata.name} carries the matrix id`);
    }
    // each gateway's config names its own model
    const configs = objects.filter((object) => object.kind === 'ConfigMap' && object.metadata.name.endsWith('-openclaw'));
    assert.deepEqual(configs.map((config) => JSON.parse(config.data['openclaw.json']).agents.defaults.model.primary), ['openai/gpt-5.5', 'anthropic/claude-sonnet-4-6']);
  });

  it('defaults to a one-model matrix of CLAWBENCH_MODEL with an id derived from the models', () => {
    assert.deepEqual(matrixSettingsFromEnv({ CLAWBENCH_MATRIX_MODELS: '  ' }), { models: undefined, matrixId: undefined });
    assert.equal(defaultMatrixId(['b/y', 'a/x']), defaultMatrixId(['a/x', 'b/y']), 'the order of the models does not matter');
    assert.match(defaultMatrixId(['a/x']), /^matrix-[0-9a-f]{10}$/);
  });

  it('fails with one message listing every bad matrix variable', () => {
    assert.throws(
      () => matrixSettingsFromEnv({ CLAWBENCH_MATRIX_MODELS: 'gpt-5.5 openai/gpt-5.5', CLAWBENCH_MATRIX_ID: 'Nightly_1' }),
      (error: unknown) => {
        assert.ok(error instanceof SettingsError);
        assert.match(error.message, /2 problems/);
        assert.match(error.message, /CLAWBENCH_MATRIX_MODELS="gpt-5.5 openai\/gpt-5.5": expected space-separated models, each a model with a provider prefix/);
        assert.match(error.message, /CLAWBENCH_MATRIX_ID="Nightly_1": expected a dns label/);
        return true;
      },
    );
    assert.throws(() => matrixSettingsFromEnv({ CLAWBENCH_MATRIX_MODELS: 'openai/a openai/a' }), /CLAWBENCH_MATRIX_MODELS="openai\/a openai\/a": expected each model once/);
  });

  it('refuses models that would share a Job name, and an empty list', () => {
    const chart = () => new Chart(new App(), 'test', { namespace: 'evals' });
    assert.throws(() => new EvalMatrix(chart(), 'm', { models: ['openai/gpt-5.5', 'openai/gpt.5.5'] }), /models \["openai\/gpt-5.5","openai\/gpt.5.5"\] both map to job "clawbench-eval-openai-gpt-5-5": expected each model once/);
    assert.throws(() => new EvalMatrix(chart(), 'm', { models: [] }), /models \[\] is empty: expected at least one "provider\/model"/);
  });

  it('keeps Job names short enough for their pods, stable and distinct', () => {
    const long = 'openrouter/meta-llama/llama-4-maverick-17b-128e-instruct-fp8';
    const name = evalJobName(long);
    assert.ok(name.length <= 52, `${name} leaves room for the pod suffix`);
    assert.equal(evalJobName(long), name);
    assert.notEqual(evalJobName(`${long}-v2`), name);
    assert.match(name, /^clawbench-eval-[a-z0-9-]+-[0-9a-f]{8}$/);
  });
});
