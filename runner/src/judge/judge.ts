import type { RunRecord } from '../engine/run-record.js';
import type { JudgeUsage, JudgeVerdict } from '../scoring/judge-verdict.js';
import { buildJudgePrompt } from './prompt.js';
import { askProvider, ProviderError } from './provider.js';
import { parseJudgeReply } from './reply.js';
import type { JudgeSettings } from './settings.js';

export interface JudgeOptions {
  /** Extra attempts after a transport error, HTTP 429 or 5xx. */
  readonly retries?: number;
  readonly retryDelayMs?: number;
  /** Runs judged at once. */
  readonly concurrency?: number;
}

const NO_USAGE: JudgeUsage = { input: 0, output: 0, costUsd: 0, costReported: false };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether a run gets a verdict: a scored run of a task with a judge block. */
export const judgeable = (record: RunRecord): boolean => record.status === 'scored' && record.task.judge !== null;

/**
 * Judges one scored run. Never throws for a provider or parse problem: the verdict then has
 * status `error`, which is counted and never scored as 0.
 */
export async function judgeRun(record: RunRecord, settings: JudgeSettings, options: JudgeOptions = {}): Promise<JudgeVerdict> {
  const judge = record.task.judge;
  if (judge === null || record.status !== 'scored') {
    throw new Error(`run ${record.task.id}#${record.run} cannot be judged: it needs status "scored" and a task with a judge block`);
  }
  const started = Date.now();
  const base = { taskId: record.task.id, run: record.run, model: settings.model };
  const failed = (error: string, usage: JudgeUsage = NO_USAGE): JudgeVerdict => ({
    ...base,
    status: 'error',
    score: null,
    confidence: null,
    reason: '',
    rubricHits: [],
    rubricMisses: [],
    error,
    usage,
    durationMs: Date.now() - started,
  });
  const prompt = buildJudgePrompt(record, judge);
  const attempts = 1 + (options.retries ?? 2);
  for (let attempt = 1; ; attempt += 1) {
    try {
      const answer = await askProvider(settings, prompt);
      const parsed = parseJudgeReply(answer.text);
      if (!parsed.ok) return failed(parsed.error, answer.usage);
      return {
        ...base,
        status: 'judged',
        score: parsed.reply.score,
        confidence: parsed.reply.confidence,
        reason: parsed.reply.reason,
        rubricHits: parsed.reply.rubric_hits,
        rubricMisses: parsed.reply.rubric_misses,
        error: null,
        usage: answer.usage,
        durationMs: Date.now() - started,
      };
    } catch (error) {
      const retryable = error instanceof ProviderError && error.retryable;
      if (!retryable || attempt >= attempts) return failed(error instanceof Error ? error.message : String(error));
      await sleep((options.retryDelayMs ?? 1000) * attempt);
    }
  }
}

/** Judges every judgeable run, a few at a time, in record order. */
export async function judgeRuns(records: readonly RunRecord[], settings: JudgeSettings, options: JudgeOptions = {}): Promise<JudgeVerdict[]> {
  const queue = records.filter(judgeable);
  const verdicts = new Array<JudgeVerdict>(queue.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < queue.length; index = next++) {
      const record = queue[index];
      if (record) verdicts[index] = await judgeRun(record, settings, options);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 2) }, worker));
  return verdicts;
}
