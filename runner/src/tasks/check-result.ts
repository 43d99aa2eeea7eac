import { z } from 'zod';

/** The outcome of one completion check of one run. */
export const CheckResultSchema = z.object({
  /** Stable within a task, e.g. `exec:pricing tests` or `file:notes/list.md`. */
  id: z.string(),
  kind: z.enum(['execution', 'file', 'memory', 'integrity']),
  passed: z.boolean(),
  /** One line a person can act on; never a secret. */
  detail: z.string(),
  /** An integrity check that failed because the agent changed a protected file or verifier. */
  tamper: z.boolean().default(false),
});
export type CheckResult = z.infer<typeof CheckResultSchema>;
