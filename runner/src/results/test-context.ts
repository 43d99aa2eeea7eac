import type { BenchmarkContext } from './assemble.js';

/** A benchmark context for tests: one model, 3 runs per task, seed 42, no core suite unless given. */
export function testContext(overrides: Partial<BenchmarkContext> = {}): BenchmarkContext {
  return {
    submissionId: 'test-submission',
    model: 'openai/test-model',
    timestamp: '2026-12-04T12:00:00.000Z',
    openclawVersion: '2026.9.6',
    judgeModel: null,
    benchmarkVersion: '0.1.0',
    runsPerTask: 3,
    seed: 42,
    coreSuite: [],
    ...overrides,
  };
}
