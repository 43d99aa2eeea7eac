import { z } from 'zod';
import { TaskSnapshotSchema } from '../tasks/expectations.js';
import { CheckResultSchema } from '../tasks/check-result.js';

/**
 * One finished (task, run) pair: one line of runs.jsonl. It carries everything scoring, the judge
 * and the reports need, including a snapshot of the task's expectations, so results can be
 * recomputed from runs.jsonl alone without rerunning the agent.
 */

export const RUN_RECORD_VERSION = 1;

export const UsageSchema = z.object({
  input: z.number().int().nonnegative().default(0),
  output: z.number().int().nonnegative().default(0),
  cacheRead: z.number().int().nonnegative().default(0),
  cacheWrite: z.number().int().nonnegative().default(0),
  reasoning: z.number().int().nonnegative().default(0),
  totalTokens: z.number().int().nonnegative().default(0),
  costUsd: z.number().nonnegative().default(0),
});
export type Usage = z.infer<typeof UsageSchema>;

export const ToolCallSchema = z.object({
  /** The gateway's toolCallId. */
  id: z.string(),
  /** The real tool, also when the model reached it through Tool Search's `tool_call` wrapper. */
  name: z.string(),
  viaToolSearch: z.boolean().default(false),
  arguments: z.record(z.string(), z.unknown()),
  /** The result text as the model saw it, truncated to keep runs.jsonl small. */
  resultText: z.string(),
  /** The gateway's own error flag. A failing `exec` command does not set it: see exitCode. */
  isError: z.boolean(),
  /** `details.exitCode` of an `exec` call; null for other tools or when unknown. */
  exitCode: z.number().int().nullable().default(null),
  /** The session that made the call: the run's own, or a subagent's. */
  sessionKey: z.string(),
  bySubagent: z.boolean().default(false),
  /** Index into the task's phases. */
  phase: z.number().int().nonnegative(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
});
export type ToolCall = z.infer<typeof ToolCallSchema>;

/** A tool call failed when the gateway says so, or when an exec command exited non-zero. */
export function toolCallFailed(call: ToolCall): boolean {
  return call.isError || (call.exitCode !== null && call.exitCode !== 0);
}

export const MessageSchema = z.object({
  role: z.enum(['user', 'assistant']),
  text: z.string(),
  phase: z.number().int().nonnegative(),
  at: z.number(),
});
export type Message = z.infer<typeof MessageSchema>;

/** Why a run could not be scored. These are the harness's or the platform's failures, never the model's. */
export const InfraErrorSchema = z.object({
  kind: z.enum(['gateway', 'protocol', 'provider', 'browser', 'harness']),
  /** The gateway's `code` / `details.code` where there is one. */
  code: z.string().nullable().default(null),
  message: z.string(),
});
export type InfraError = z.infer<typeof InfraErrorSchema>;

export const RunRecordSchema = z.object({
  version: z.literal(RUN_RECORD_VERSION),
  task: TaskSnapshotSchema,
  /** 1-based run number within the task. */
  run: z.number().int().positive(),
  model: z.string(),
  /** `scored`: the agent ran (pass or fail, on time or out of budget); `error`: excluded, counted as attrition. */
  status: z.enum(['scored', 'error']),
  /** The agent ran out of its turn or run budget and was aborted; still scored. */
  timedOut: z.boolean().default(false),
  error: InfraErrorSchema.nullable().default(null),
  /** How many times the run was started; more than 1 after infrastructure retries. */
  attempts: z.number().int().positive().default(1),
  startedAt: z.string(),
  durationMs: z.number().nonnegative(),
  /** Sum of the gateway-side run times (chat.send to terminal event) over the run's turns. */
  agentMs: z.number().nonnegative().default(0),
  sessions: z.array(z.object({ key: z.string(), phase: z.number().int().nonnegative(), subagent: z.boolean() })).default([]),
  messages: z.array(MessageSchema).default([]),
  toolCalls: z.array(ToolCallSchema).default([]),
  /** The agent's usage, subagents included. */
  usage: UsageSchema,
  checks: z.array(CheckResultSchema).default([]),
  /** Files named by the judge rubric, read before the workspace was removed. */
  artifacts: z.record(z.string(), z.string()).default({}),
  /** The run's workspace, when kept with --keep-workspaces. */
  workspace: z.string().nullable().default(null),
});
export type RunRecord = z.infer<typeof RunRecordSchema>;
