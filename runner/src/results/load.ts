import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { RunRecord } from '../engine/run-record.js';
import { latestRecords, RUNS_FILE } from '../engine/runs-log.js';
import type { JudgeVerdict } from '../scoring/judge-verdict.js';
import { assembleBenchmark, contextOf, type BenchmarkContext } from './assemble.js';
import { BenchmarkResultSchema, type BenchmarkResult } from './benchmark-schema.js';
import { parseJudgements, parseRunRecords } from './runs-file.js';

export const BENCHMARK_FILE = 'benchmark.json';
export const JUDGEMENTS_FILE = 'judgements.jsonl';

/** A results path that cannot be read as what it should be; the message names path and fix. */
export class ResultsInputError extends Error {
  override readonly name = 'ResultsInputError';
}

export interface LoadedResults {
  readonly benchmark: BenchmarkResult;
  /** The runs, when runs.jsonl was there (the trajectory viewer needs them). */
  readonly records: readonly RunRecord[] | null;
  readonly judgements: readonly JudgeVerdict[];
  /** benchmark.json was rebuilt from runs.jsonl rather than read. */
  readonly recomputed: boolean;
}

async function readIfPresent(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ResultsInputError(`${file} could not be read: ${(error as Error).message.toLowerCase()}`);
  }
}

export function parseBenchmark(text: string, source: string): BenchmarkResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ResultsInputError(`${source} is not valid JSON (${(error as Error).message.toLowerCase()}): expected a benchmark.json`);
  }
  const parsed = BenchmarkResultSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ResultsInputError(
      `${source} is not a benchmark.json of schema version 1: ${issue?.path.join('.') || '(root)'}: ${issue?.message.toLowerCase() ?? 'invalid'}`,
    );
  }
  return parsed.data;
}

/** When only runs.jsonl is at hand: what can be known from the records themselves. */
function contextFromRecords(records: readonly RunRecord[], judgements: readonly JudgeVerdict[], text: string): BenchmarkContext {
  const runsPerTask = new Map<string, number>();
  for (const record of records) runsPerTask.set(record.task.id, Math.max(runsPerTask.get(record.task.id) ?? 0, record.run));
  return {
    submissionId: `replay-${createHash('sha256').update(text).digest('hex').slice(0, 12)}`,
    model: records[0]?.model ?? 'unknown',
    timestamp: records.map((r) => r.startedAt).sort()[0] ?? '',
    openclawVersion: 'unknown',
    judgeModel: judgements[0]?.model ?? null,
    benchmarkVersion: 'unknown',
    runsPerTask: Math.max(1, ...runsPerTask.values()),
    seed: 0,
    coreSuite: [],
    judgements,
  };
}

/**
 * Reads a results directory (benchmark.json, runs.jsonl, judgements.jsonl), a benchmark.json or a
 * runs.jsonl. benchmark.json is rebuilt from runs.jsonl when asked to, or when it is missing.
 */
export async function loadResults(target: string, options: { recompute?: boolean } = {}): Promise<LoadedResults> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(target)).isDirectory();
  } catch {
    throw new ResultsInputError(`${target} does not exist: expected a results directory, a benchmark.json or a runs.jsonl`);
  }
  const dir = isDirectory ? target : path.dirname(target);
  const runsPath = isDirectory ? path.join(dir, RUNS_FILE) : target.endsWith('.jsonl') ? target : null;
  const benchmarkPath = isDirectory ? path.join(dir, BENCHMARK_FILE) : target.endsWith('.jsonl') ? null : target;

  const benchmarkText = benchmarkPath === null ? null : await readIfPresent(benchmarkPath);
  const runsText = runsPath === null ? null : await readIfPresent(runsPath);
  const judgementsPath = path.join(dir, JUDGEMENTS_FILE);
  const judgementsText = isDirectory || runsPath !== null ? await readIfPresent(judgementsPath) : null;
  if (benchmarkText === null && runsText === null) {
    throw new ResultsInputError(`${target} holds neither ${BENCHMARK_FILE} nor ${RUNS_FILE}: expected the output directory of clawbench run`);
  }
  const records = runsText === null || runsPath === null ? null : latestRecords(parseRunRecords(runsText, runsPath));
  const judgements = judgementsText === null ? [] : parseJudgements(judgementsText, judgementsPath);
  const stored = benchmarkText === null || benchmarkPath === null ? null : parseBenchmark(benchmarkText, benchmarkPath);

  if (records !== null && (stored === null || options.recompute === true)) {
    const context = stored === null ? contextFromRecords(records, judgements, runsText ?? '') : contextOf(stored, judgements);
    return { benchmark: assembleBenchmark(records, context), records, judgements, recomputed: true };
  }
  if (stored === null || options.recompute === true) throw new ResultsInputError(`${target}: --recompute needs ${RUNS_FILE} beside ${BENCHMARK_FILE}`);
  return { benchmark: stored, records, judgements, recomputed: false };
}
