import { z } from 'zod';

/** What the judge must answer: exactly this object, nothing around it. */
export const JudgeReplySchema = z.strictObject({
  score: z.number().min(0).max(1),
  confidence: z.number().min(0).max(1),
  reason: z.string(),
  rubric_hits: z.array(z.string()),
  rubric_misses: z.array(z.string()),
});
export type JudgeReply = z.infer<typeof JudgeReplySchema>;

export type ParsedReply = { ok: true; reply: JudgeReply } | { ok: false; error: string };

/** A whole-reply code fence is the one wrapping tolerated; anything else must be the bare object. */
const FENCED = /^```(?:json)?\s*\n([\s\S]*?)\n```$/;

/** Strict: a reply that is not the expected JSON object is an error, never a guessed score. */
export function parseJudgeReply(text: string): ParsedReply {
  const trimmed = text.trim();
  const body = FENCED.exec(trimmed)?.[1] ?? trimmed;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { ok: false, error: `judge reply is not JSON: "${trimmed.slice(0, 120)}"` };
  }
  const parsed = JudgeReplySchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: `judge reply has the wrong shape at ${issue?.path.join('.') || '(root)'}: ${issue?.message.toLowerCase() ?? 'invalid'}` };
  }
  return { ok: true, reply: parsed.data };
}
