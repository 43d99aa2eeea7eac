import { z } from 'zod';

/**
 * OpenClaw gateway protocol v4 frames, as the runner reads and writes them. Only the fields the
 * runner uses are declared; everything else in a frame is ignored (zod strips it), so a newer
 * gateway adding fields is fine.
 */

export const PROTOCOL_VERSION = 4;

export const OPERATOR_SCOPES = ['operator.read', 'operator.write', 'operator.admin', 'operator.approvals'] as const;

export const ErrorShapeSchema = z.object({
  code: z.string(),
  message: z.string().default(''),
  details: z.record(z.string(), z.unknown()).optional(),
  retryable: z.boolean().optional(),
  retryAfterMs: z.number().optional(),
});
export type ErrorShape = z.infer<typeof ErrorShapeSchema>;

export const RequestFrameSchema = z.object({
  type: z.literal('req'),
  id: z.string(),
  method: z.string(),
  params: z.unknown().optional(),
});
export type RequestFrame = z.infer<typeof RequestFrameSchema>;

export const ResponseFrameSchema = z.object({
  type: z.literal('res'),
  id: z.string(),
  ok: z.boolean(),
  payload: z.unknown().optional(),
  error: ErrorShapeSchema.optional(),
});
export type ResponseFrame = z.infer<typeof ResponseFrameSchema>;

export const EventFrameSchema = z.object({
  type: z.literal('event'),
  event: z.string(),
  payload: z.unknown().optional(),
  seq: z.number().optional(),
});
export type EventFrame = z.infer<typeof EventFrameSchema>;

/** What the gateway may send: a response or an event. */
export const InboundFrameSchema = z.discriminatedUnion('type', [ResponseFrameSchema, EventFrameSchema]);
export type InboundFrame = z.infer<typeof InboundFrameSchema>;

export const ConnectChallengeSchema = z.object({
  nonce: z.string().min(1),
  ts: z.number(),
});
export type ConnectChallenge = z.infer<typeof ConnectChallengeSchema>;

export const HelloOkSchema = z.object({
  type: z.literal('hello-ok'),
  protocol: z.number(),
  server: z.object({ version: z.string(), buildId: z.string().optional(), bootId: z.string().optional() }),
  auth: z.object({ role: z.string().optional(), scopes: z.array(z.string()) }),
  policy: z.object({ tickIntervalMs: z.number().positive().optional() }).optional(),
});
export type HelloOk = z.infer<typeof HelloOkSchema>;

/** `chat` events, for one run (`runId`) of one session. */
export const ChatEventSchema = z.object({
  runId: z.string(),
  sessionKey: z.string(),
  state: z.string(),
  message: z.unknown().optional(),
  stopReason: z.string().optional(),
  errorMessage: z.string().optional(),
  errorKind: z.string().optional(),
  errorDetail: z.record(z.string(), z.unknown()).optional(),
});
export type ChatEvent = z.infer<typeof ChatEventSchema>;
export const TERMINAL_CHAT_STATES: ReadonlySet<string> = new Set(['final', 'error', 'aborted']);

/** `agent` events (and `session.tool`, which has the same payload), one stream at a time. */
export const AgentEventSchema = z.object({
  runId: z.string(),
  sessionKey: z.string().optional(),
  stream: z.string(),
  data: z.record(z.string(), z.unknown()),
  seq: z.number().optional(),
  ts: z.number().optional(),
});
export type AgentEvent = z.infer<typeof AgentEventSchema>;

const ToolResultSchema = z.object({
  content: z.array(z.object({ type: z.string(), text: z.string().optional() })).default([]),
  details: z.record(z.string(), z.unknown()).nullable().optional(),
});

/**
 * `data` of a `stream:"tool"` event (needs the `tool-events` cap). A tool the model reached
 * through Tool Search's `tool_call` wrapper gets its own events, with `parentToolCallId` set to the
 * wrapper's call.
 */
const toolEventBase = { name: z.string(), toolCallId: z.string(), parentToolCallId: z.string().optional() };
export const ToolEventDataSchema = z.discriminatedUnion('phase', [
  z.object({ phase: z.literal('start'), ...toolEventBase, args: z.record(z.string(), z.unknown()).default({}) }),
  z.object({ phase: z.literal('update'), ...toolEventBase }),
  z.object({
    phase: z.literal('result'),
    ...toolEventBase,
    isError: z.boolean().default(false),
    result: z.union([ToolResultSchema, z.string(), z.null()]).optional(),
  }),
]);
export type ToolEventData = z.infer<typeof ToolEventDataSchema>;

/** `agent.wait` result. `yielded` means the run paused for a subagent; a follow-up run continues. */
export const AgentWaitResultSchema = z.object({
  runId: z.string().optional(),
  status: z.string(),
  yielded: z.boolean().optional(),
  error: z.string().optional(),
  endedAt: z.number().optional(),
});
export type AgentWaitResult = z.infer<typeof AgentWaitResultSchema>;

export const ChatSendResultSchema = z.object({ runId: z.string(), status: z.string().optional() });

export const SessionsCreateResultSchema = z.object({ key: z.string() });

export const AgentsCreateResultSchema = z.object({ agentId: z.string() });
export const AgentsListResultSchema = z.object({ agents: z.array(z.object({ id: z.string() })) });

/** `chat.history` rows, as far as the trajectory needs them. */
export const HistoryUsageSchema = z.object({
  input: z.number().default(0),
  output: z.number().default(0),
  cacheRead: z.number().default(0),
  cacheWrite: z.number().default(0),
  reasoningTokens: z.number().optional(),
  totalTokens: z.number().optional(),
  cost: z.object({ total: z.number().default(0) }).optional(),
});
export type HistoryUsage = z.infer<typeof HistoryUsageSchema>;

export const HistoryContentPartSchema = z.object({
  type: z.string(),
  text: z.string().optional(),
  id: z.string().optional(),
  name: z.string().optional(),
  arguments: z.unknown().optional(),
});

export const HistoryMessageSchema = z.object({
  role: z.string(),
  content: z.union([z.string(), z.array(HistoryContentPartSchema)]).optional(),
  toolCallId: z.string().optional(),
  toolName: z.string().optional(),
  isError: z.boolean().optional(),
  usage: HistoryUsageSchema.optional(),
  timestamp: z.number().optional(),
  errorMessage: z.string().optional(),
  parentToolCallId: z.string().optional(),
});
export type HistoryMessage = z.infer<typeof HistoryMessageSchema>;

export const ChatHistoryResultSchema = z.object({
  messages: z.array(z.unknown()).default([]),
  hasMore: z.boolean().optional(),
});
