import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { describe, it } from 'node:test';
import { MlflowSettingsError, parseMlflowSettings, redactUserinfo } from '../../src/config/mlflow-settings.js';
import { authorizationHeader } from '../../src/sinks/mlflow/http.js';

const problemsOf = (env: Record<string, string | undefined>): readonly string[] => {
  try {
    parseMlflowSettings(env);
  } catch (error) {
    assert.ok(error instanceof MlflowSettingsError);
    return error.problems;
  }
  assert.fail('expected the settings to be refused');
};

describe('MLflow settings', () => {
  it('defaults to the experiment named clawbench, no auth, bounded retries', () => {
    const settings = parseMlflowSettings({ MLFLOW_TRACKING_URI: 'http://mlflow-service.mlflow.svc.cluster.local:5000/' });
    assert.deepEqual(settings, {
      trackingUri: 'http://mlflow-service.mlflow.svc.cluster.local:5000',
      experiment: { name: 'clawbench' },
      auth: { kind: 'none' },
      retry: { maxRetries: 5, backoffMs: 1000, maxBackoffMs: 30_000, requestTimeoutMs: 120_000 },
      matrixId: undefined,
    });
  });

  it('keeps a path prefix and takes an experiment id instead of a name', () => {
    const settings = parseMlflowSettings({ MLFLOW_TRACKING_URI: 'https://tools.example/mlflow', MLFLOW_EXPERIMENT_ID: '42', MLFLOW_EXPERIMENT_NAME: ' ' });
    assert.equal(settings.trackingUri, 'https://tools.example/mlflow');
    assert.deepEqual(settings.experiment, { id: '42' });
  });

  it('reports every problem at once, each naming the variable, the value and what was expected', () => {
    const problems = problemsOf({
      MLFLOW_TRACKING_URI: 'mlflow-service:5000',
      MLFLOW_EXPERIMENT_ID: '4',
      MLFLOW_EXPERIMENT_NAME: 'evals',
      MLFLOW_TRACKING_PASSWORD: 'only-a-password',
      MLFLOW_HTTP_REQUEST_MAX_RETRIES: '50',
      MLFLOW_HTTP_REQUEST_TIMEOUT: 'soon',
    });
    assert.deepEqual(problems, [
      'MLFLOW_TRACKING_URI "mlflow-service:5000" is not an http(s) url: expected http(s)://host[:port][/path], e.g. http://mlflow-service.mlflow.svc.cluster.local:5000 (results are logged to a tracking server over REST)',
      'MLFLOW_EXPERIMENT_ID "4" and MLFLOW_EXPERIMENT_NAME "evals" are both set: expected only one (the id of an existing experiment, or a name to create or reuse)',
      'MLFLOW_TRACKING_PASSWORD is set but MLFLOW_TRACKING_USERNAME is not: expected both (HTTP Basic auth) or neither',
      'MLFLOW_HTTP_REQUEST_MAX_RETRIES "50" is not valid: expected a whole number from 0 to 10',
      'MLFLOW_HTTP_REQUEST_TIMEOUT "soon" is not valid: expected a number from 0.1 to 3600',
    ]);
    assert.ok(!problems.join('\n').includes('only-a-password'));
  });

  it('requires a tracking URI', () => {
    assert.deepEqual(problemsOf({}), [
      'MLFLOW_TRACKING_URI is not set: expected http(s)://host[:port][/path], e.g. http://mlflow-service.mlflow.svc.cluster.local:5000',
    ]);
  });

  it('turns credentials in the URI into Basic auth and never shows the password', () => {
    const settings = parseMlflowSettings({ MLFLOW_TRACKING_URI: 'http://bench:s3cr%40t@127.0.0.1:5000' });
    assert.equal(settings.trackingUri, 'http://127.0.0.1:5000');
    assert.equal(authorizationHeader(settings.auth), `Basic ${Buffer.from('bench:s3cr@t').toString('base64')}`);
    const shown = `${JSON.stringify(settings)} ${inspect(settings, { depth: 5 })} ${String(settings.auth.kind === 'basic' && settings.auth.password)}`;
    assert.ok(!shown.includes('s3cr'), 'neither JSON, inspect nor String reveal the password');
    assert.equal(redactUserinfo('http://bench:s3cr%40t@host:5000/x'), 'http://bench:[redacted]@host:5000/x');
    const problems = problemsOf({ MLFLOW_TRACKING_URI: 'ftp://bench:s3cr3t@host' });
    assert.match(problems[0] ?? '', /^MLFLOW_TRACKING_URI "ftp:\/\/bench:\[redacted\]@host" is not an http\(s\) url/);
  });

  it('takes a token as Bearer auth, and refuses two ways of authenticating at once', () => {
    const settings = parseMlflowSettings({ MLFLOW_TRACKING_URI: 'http://127.0.0.1:5000', MLFLOW_TRACKING_TOKEN: 'tok-123' });
    assert.equal(authorizationHeader(settings.auth), 'Bearer tok-123');
    const problems = problemsOf({
      MLFLOW_TRACKING_URI: 'http://127.0.0.1:5000',
      MLFLOW_TRACKING_USERNAME: 'bench',
      MLFLOW_TRACKING_PASSWORD: 'pw-123',
      MLFLOW_TRACKING_TOKEN: 'tok-123',
    });
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /^MLFLOW_TRACKING_TOKEN and a user name\/password are both set: expected one way to authenticate/);
    assert.ok(!problems[0]!.includes('pw-123') && !problems[0]!.includes('tok-123'));
  });

  it('reads the matrix id the eval matrix sets', () => {
    assert.equal(parseMlflowSettings({ MLFLOW_TRACKING_URI: 'http://127.0.0.1:5000', CLAWBENCH_MATRIX_ID: 'matrix-0a1b2c3d4e' }).matrixId, 'matrix-0a1b2c3d4e');
    assert.deepEqual(problemsOf({ MLFLOW_TRACKING_URI: 'http://127.0.0.1:5000', CLAWBENCH_MATRIX_ID: "it's mine" }), [
      `CLAWBENCH_MATRIX_ID "it's mine" is not a matrix id: expected up to 253 letters, digits, ".", "_" or "-"`,
    ]);
  });
});
