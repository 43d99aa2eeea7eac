import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RunRecordSchema, type RunRecord } from '../../src/engine/run-record.js';
import { assembleBenchmark } from '../../src/results/assemble.js';
import type { BenchmarkResult } from '../../src/results/benchmark-schema.js';

/**
 * A small eval's results on disk, as `clawbench run` leaves them: run records for three tasks
 * (two runs each, one excluded by an infrastructure error), the benchmark.json assembled from them
 * by the results stage, runs.jsonl and an HTML report.
 */
export interface EvalOnDisk {
  readonly dir: string;
  readonly benchmarkPath: string;
  readonly result: BenchmarkResult;
  readonly files: Readonly<Record<'benchmark.json' | 'runs.jsonl' | 'report.html', string>>;
}

const TASKS = [
  { id: 't1-file-ops', tier: 'tier1', family: 'tools', checks: [true, true] },
  { id: 't2-repo-fix', tier: 'tier2', family: 'repo', checks: [true, false] },
  { id: 't3-browser-form', tier: 'tier3', family: 'browser', checks: [false, false] },
] as const;

function record(task: (typeof TASKS)[number], run: number, model: string, passed: boolean, errored: boolean): RunRecord {
  return RunRecordSchema.parse({
    version: 1,
    task: { id: task.id, tier: task.tier, family: task.family, fingerprint: `fp-${task.id}`, trajectory: {}, behavior: {} },
    run,
    model,
    status: errored ? 'error' : 'scored',
    error: errored ? { kind: 'gateway', code: 'UNAVAILABLE', message: 'gateway closed the connection' } : null,
    startedAt: '2026-11-30T10:00:00.000Z',
    durationMs: 20_000 + run * 1_500,
    messages: [{ role: 'assistant', text: 'Plan: look, change, verify. Done.', phase: 0, at: 1 }],
    usage: { input: 1_200 * run, output: 300, totalTokens: 1_200 * run + 300, costUsd: 0.0125 * run },
    checks: [{ id: `exec:${task.id}`, kind: 'execution', passed, detail: passed ? 'tests pass' : 'tests fail' }],
  });
}

export async function writeEvalOnDisk(dir: string, options: { model?: string; submissionId?: string } = {}): Promise<EvalOnDisk> {
  const model = options.model ?? 'openai/gpt-test';
  const records = TASKS.flatMap((task) => task.checks.map((passed, index) => record(task, index + 1, model, passed, false)));
  records.push(record(TASKS[2], 3, model, false, true));
  const result = assembleBenchmark(records, {
    submissionId: options.submissionId ?? randomUUID(),
    model,
    timestamp: '2026-11-30T10:00:00.000Z',
    openclawVersion: '2026.9.6',
    judgeModel: null,
    benchmarkVersion: '0.1.0',
    runsPerTask: 2,
    seed: 7,
    bootstrapResamples: 200,
    coreSuite: TASKS.map((task) => ({ id: task.id, fingerprint: `fp-${task.id}` })),
  });
  await mkdir(dir, { recursive: true });
  const files = {
    'benchmark.json': JSON.stringify(result, null, 2),
    'runs.jsonl': records.map((line) => JSON.stringify(line)).join('\n') + '\n',
    'report.html': `<!doctype html><title>${model}</title><p>overall ${result.overall_score}</p>`,
  };
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return { dir, benchmarkPath: join(dir, 'benchmark.json'), result, files };
}
