import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../cli/exit-codes.js';
import { parseSidecarSettings } from './sidecar-settings.js';

describe('the sidecar settings', () => {
  it('defaults to sidecar mode and /results', () => {
    assert.deepEqual(parseSidecarSettings([], {}), { mode: 'sidecar', resultsDir: '/results', mlflowTrackingUri: undefined });
    assert.deepEqual(parseSidecarSettings([], { CLAWBENCH_MODE: ' ', CLAWBENCH_RESULTS_DIR: '', MLFLOW_TRACKING_URI: '' }), {
      mode: 'sidecar',
      resultsDir: '/results',
      mlflowTrackingUri: undefined,
    });
  });

  it('reads the environment, and flags win over it', () => {
    const env = { CLAWBENCH_MODE: 'job', CLAWBENCH_RESULTS_DIR: '/data/out', MLFLOW_TRACKING_URI: 'http://mlflow:5000' };
    assert.deepEqual(parseSidecarSettings([], env), { mode: 'job', resultsDir: '/data/out', mlflowTrackingUri: 'http://mlflow:5000' });
    assert.deepEqual(parseSidecarSettings(['--mode', 'sidecar', '--results-dir', '/elsewhere'], env), { mode: 'sidecar', resultsDir: '/elsewhere', mlflowTrackingUri: 'http://mlflow:5000' });
    assert.equal(parseSidecarSettings(['--help'], env), 'help');
  });

  it('names a bad mode, where it came from, and what is expected', () => {
    assert.throws(() => parseSidecarSettings([], { CLAWBENCH_MODE: 'batch' }), (error: unknown) => error instanceof UsageError && error.message === 'CLAWBENCH_MODE "batch": expected sidecar or job');
    assert.throws(() => parseSidecarSettings(['--mode', 'Job'], {}), /^UsageError: --mode "Job": expected sidecar or job$/);
    assert.throws(() => parseSidecarSettings(['--tasks', 'x'], {}), /^UsageError: sidecar: unknown option '--tasks': expected --mode sidecar\|job and --results-dir DIR$/);
  });
});
