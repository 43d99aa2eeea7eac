import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMlflowSettings } from '../../src/config/mlflow-settings.js';
import { MlflowClient, type Run } from '../../src/sinks/mlflow/client.js';
import { MlflowArtifactLocationError, MlflowInputError } from '../../src/sinks/mlflow/errors.js';

const client = (uri: string) => new MlflowClient(parseMlflowSettings({ MLFLOW_TRACKING_URI: uri }));
const run = (artifactUri: string): Run => ({ info: { run_id: 'abc123', experiment_id: '4', artifact_uri: artifactUri } });

describe('artifact upload URLs', () => {
  it('go through the tracking server’s artifact proxy with every / kept', () => {
    assert.equal(
      client('http://127.0.0.1:5000').artifactUrl(run('mlflow-artifacts:/4/abc123/artifacts'), 'benchmark.json'),
      'http://127.0.0.1:5000/api/2.0/mlflow-artifacts/artifacts/4/abc123/artifacts/benchmark.json',
    );
  });

  it('keep the tracking URI’s path prefix and encode each segment', () => {
    assert.equal(
      client('https://tools.example/mlflow/').artifactUrl(run('mlflow-artifacts:/4/abc123/artifacts'), 'reports/run 1 (final).html'),
      'https://tools.example/mlflow/api/2.0/mlflow-artifacts/artifacts/4/abc123/artifacts/reports/run%201%20(final).html',
    );
  });

  it('follow an artifact URI that names its own host', () => {
    assert.equal(
      client('http://tracking:5000').artifactUrl(run('mlflow-artifacts://artifacts.internal:8080/4/abc123/artifacts'), 'runs.jsonl'),
      'http://artifacts.internal:8080/api/2.0/mlflow-artifacts/artifacts/4/abc123/artifacts/runs.jsonl',
    );
  });

  it('refuse a run whose artifacts live on the server’s own disk, saying how to start the server', () => {
    assert.throws(
      () => client('http://127.0.0.1:5000').artifactUrl(run('/mlflow/artifacts/4/abc123/artifacts'), 'benchmark.json'),
      (error: unknown) =>
        error instanceof MlflowArtifactLocationError &&
        /run abc123 stores artifacts at "\/mlflow\/artifacts\/4\/abc123\/artifacts", which this client cannot write: expected an mlflow-artifacts:\/ location \(start the server with --serve-artifacts/.test(error.message),
    );
  });

  it('refuse a path that climbs out of the run or that the server would decode into another', () => {
    for (const path of ['../../5/x', 'a/./b', 'run#1.html', 'run%2e%2e.html', 'a\\b']) {
      assert.throws(() => client('http://127.0.0.1:5000').artifactUrl(run('mlflow-artifacts:/4/abc123/artifacts'), path), MlflowInputError, path);
    }
  });
});
