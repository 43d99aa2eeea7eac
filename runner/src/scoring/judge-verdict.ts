import { z } from 'zod';

/**
 * What the optional judge said about one run: one line of judgements.jsonl. The judge stage
 * produces it; scoring only reads it, so a report can be redone from the stored verdicts.
 */
export const JudgeUsageSchema = z.object({
  input: z.number().int().nonnegative().default(0),
  output: z.number().int().nonnegative().default(0),
  /** As the provider reported it; 0 when it reports no cost (see `costReported`). */
  costUsd: z.number().nonnegative().default(0),
  costReported: z.boolean().default(false),
});
export type JudgeUsage = z.infer<typeof JudgeUsageSchema>;

export const JudgeVerdictSchema = z.object({
  taskId: z.string(),
  run: z.number().int().positive(),
  model: z.string(),
  /** `error`: the call or the parse failed. Counted, never scored as 0. */
  status: z.enum(['judged', 'error']),
  score: z.number().min(0).max(1).nullable(),
  confidence: z.number().min(0).max(1).nullable(),
  reason: z.string(),
  rubricHits: z.array(z.string()).default([]),
  rubricMisses: z.array(z.string()).default([]),
  error: z.string().nullable().default(null),
  usage: JudgeUsageSchema,
  durationMs: z.number().nonnegative(),
});
export type JudgeVerdict = z.infer<typeof JudgeVerdictSchema>;

export const judgeKey = (taskId: string, run: number): string => `${taskId}#${run}`;
