import {
  HistoryMessageSchema,
  ToolEventDataSchema,
  type AgentEvent,
  type HistoryMessage,
} from '../gateway/frames.js';
import type { GatewayLogger } from '../gateway/client.js';
import type { Message, ToolCall, Usage } from './run-record.js';

/**
 * Builds a run's trajectory: tool calls as the `tool` events streamed them (arguments, result,
 * exit code, timing), reconciled with the sessions' transcripts (`chat.history`), which are
 * authoritative for what was called and carry per-message usage. Subagent sessions spawned by the
 * run are included.
 */

export const MAX_RESULT_CHARS = 4000;
const TOOL_SEARCH_WRAPPER = 'tool_call';

interface CallDraft {
  id: string;
  name: string;
  viaToolSearch: boolean;
  arguments: Record<string, unknown>;
  resultText: string;
  isError: boolean;
  exitCode: number | null;
  sessionKey: string;
  bySubagent: boolean;
  phase: number;
  startedAt: number;
  endedAt: number | null;
  /** The order the call was first seen in, for calls with equal start times. */
  order: number;
}

export interface TrackedSession {
  readonly key: string;
  readonly phase: number;
  readonly subagent: boolean;
}

export class TrajectoryRecorder {
  private readonly calls = new Map<string, CallDraft>();
  private readonly tracked: TrackedSession[] = [];
  private readonly resolvedByNested = new Set<string>();
  private seen = 0;

  /** Called with each subagent session key the run spawns, so the engine can listen to it. */
  constructor(
    private readonly onSubagent: (session: TrackedSession) => void,
    private readonly logger: GatewayLogger,
  ) {}

  get sessions(): readonly TrackedSession[] {
    return this.tracked;
  }

  track(session: TrackedSession): void {
    if (!this.tracked.some((known) => known.key === session.key)) this.tracked.push(session);
  }

  /** An `agent` or `session.tool` event of a tracked session; only `stream:"tool"` matters. */
  onAgentEvent(event: AgentEvent): void {
    if (event.stream !== 'tool' || event.sessionKey === undefined) return;
    const session = this.tracked.find((known) => known.key === event.sessionKey);
    if (!session) return;
    const parsed = ToolEventDataSchema.safeParse(event.data);
    if (!parsed.success) {
      this.logger.warn(`skipped a malformed tool event: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`);
      return;
    }
    const data = parsed.data;
    const at = event.ts ?? Date.now();
    // a tool reached through Tool Search is recorded on its wrapper's call, as the real tool
    const nested = data.parentToolCallId !== undefined;
    const draft = this.draft(data.parentToolCallId ?? data.toolCallId, data.name, session, at);
    if (data.phase === 'start') {
      if (nested) {
        draft.name = data.name;
        draft.arguments = data.args;
        draft.viaToolSearch = true;
      } else {
        this.setCall(draft, data.name, data.args);
      }
      return;
    }
    if (data.phase !== 'result') return;
    if (nested) this.resolvedByNested.add(draft.id);
    else if (this.resolvedByNested.has(draft.id)) {
      // the wrapper's own result only repeats the nested one, wrapped in JSON
      draft.endedAt = at;
      return;
    }
    draft.isError = data.isError;
    draft.endedAt = at;
    const result = data.result;
    if (typeof result === 'string') {
      draft.resultText = truncate(result);
      return;
    }
    if (!result) return;
    draft.resultText = truncate(result.content.map((part) => part.text ?? '').join(''));
    const exitCode = result.details?.exitCode;
    if (typeof exitCode === 'number' && Number.isInteger(exitCode)) draft.exitCode = exitCode;
    const child = result.details?.childSessionKey;
    if (typeof child === 'string' && !this.tracked.some((known) => known.key === child)) {
      const spawned = { key: child, phase: session.phase, subagent: true };
      this.tracked.push(spawned);
      this.onSubagent(spawned);
    }
  }

  /** Merges a session's transcript rows into the calls, and returns its messages and usage. */
  addHistory(sessionKey: string, rows: readonly unknown[]): { messages: Message[]; usage: Usage } {
    const session = this.tracked.find((known) => known.key === sessionKey);
    const usage = emptyUsage();
    const messages: Message[] = [];
    if (!session) return { messages, usage };
    for (const raw of rows) {
      const parsed = HistoryMessageSchema.safeParse(raw);
      if (!parsed.success) continue;
      const row = parsed.data;
      const at = row.timestamp ?? 0;
      if (row.role === 'assistant') {
        addUsage(usage, row);
        // Tool-only replies are messages too (empty text): ClawBench counts them for plan and progress.
        if (!session.subagent) messages.push({ role: 'assistant', text: textParts(row), phase: session.phase, at });
        for (const part of Array.isArray(row.content) ? row.content : []) {
          if (part.type !== 'toolCall' || !part.id || !part.name) continue;
          const draft = this.draft(part.id, part.name, session, at);
          if (Object.keys(draft.arguments).length === 0 && draft.name === part.name) {
            this.setCall(draft, part.name, isRecord(part.arguments) ? part.arguments : {});
          }
        }
      } else if (row.role === 'toolResult' && row.toolCallId) {
        const draft = this.calls.get(row.toolCallId);
        if (!draft) continue;
        if (draft.endedAt === null) {
          draft.endedAt = at;
          draft.isError = row.isError ?? false;
        }
        if (!draft.resultText) draft.resultText = truncate(textParts(row));
      } else if (row.role === 'user' && !session.subagent) {
        const text = textParts(row);
        if (text) messages.push({ role: 'user', text, phase: session.phase, at });
      }
    }
    return { messages, usage };
  }

  /** Every call in the order it started. */
  toolCalls(): ToolCall[] {
    return [...this.calls.values()]
      .sort((a, b) => a.startedAt - b.startedAt || a.order - b.order)
      .map(({ order: _order, ...call }) => call);
  }

  private draft(id: string, name: string, session: TrackedSession, at: number): CallDraft {
    let draft = this.calls.get(id);
    if (!draft) {
      draft = {
        id,
        name,
        viaToolSearch: false,
        arguments: {},
        resultText: '',
        isError: false,
        exitCode: null,
        sessionKey: session.key,
        bySubagent: session.subagent,
        phase: session.phase,
        startedAt: at,
        endedAt: null,
        order: this.seen++,
      };
      this.calls.set(id, draft);
    }
    return draft;
  }

  /** Tool Search's `tool_call {id, args}` is recorded as the tool it called. */
  private setCall(draft: CallDraft, name: string, args: Record<string, unknown>): void {
    if (name === TOOL_SEARCH_WRAPPER && typeof args.id === 'string') {
      draft.name = args.id;
      draft.arguments = isRecord(args.args) ? args.args : {};
      draft.viaToolSearch = true;
      return;
    }
    draft.name = name;
    draft.arguments = args;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function truncate(text: string): string {
  return text.length > MAX_RESULT_CHARS ? `${text.slice(0, MAX_RESULT_CHARS)}…[truncated ${text.length - MAX_RESULT_CHARS} chars]` : text;
}

function textParts(row: HistoryMessage): string {
  if (typeof row.content === 'string') return row.content;
  return (row.content ?? [])
    .filter((part) => part.type === 'text' && typeof part.text === 'string')
    .map((part) => part.text)
    .join('');
}

export function emptyUsage(): Usage {
  return { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0, totalTokens: 0, costUsd: 0 };
}

function addUsage(total: Usage, row: HistoryMessage): void {
  const usage = row.usage;
  if (!usage) return;
  total.input += usage.input;
  total.output += usage.output;
  total.cacheRead += usage.cacheRead;
  total.cacheWrite += usage.cacheWrite;
  total.reasoning += usage.reasoningTokens ?? 0;
  total.totalTokens += usage.totalTokens ?? usage.input + usage.output + usage.cacheRead + usage.cacheWrite;
  total.costUsd += usage.cost?.total ?? 0;
}

export function sumUsage(parts: readonly Usage[]): Usage {
  const total = emptyUsage();
  for (const part of parts) {
    total.input += part.input;
    total.output += part.output;
    total.cacheRead += part.cacheRead;
    total.cacheWrite += part.cacheWrite;
    total.reasoning += part.reasoning;
    total.totalTokens += part.totalTokens;
    total.costUsd += part.costUsd;
  }
  return total;
}
