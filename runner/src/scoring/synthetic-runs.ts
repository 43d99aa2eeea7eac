import { RunRecordSchema, type RunRecord, type ToolCall } from '../engine/run-record.js';
import { TaskSnapshotSchema, type TaskSnapshot } from '../tasks/expectations.js';
import type { CheckResult } from '../tasks/check-result.js';

/**
 * Builders of synthetic run records for the scoring, results and report tests: every field the
 * engine would fill, with defaults, so a test states only what it is about.
 */
export type TaskInput = Partial<Omit<TaskSnapshot, 'trajectory' | 'behavior'>> & {
  id: string;
  trajectory?: Partial<TaskSnapshot['trajectory']>;
  behavior?: Partial<TaskSnapshot['behavior']>;
};

export function taskSnapshot(input: TaskInput): TaskSnapshot {
  return TaskSnapshotSchema.parse({
    tier: 'tier1',
    family: 'coding',
    fingerprint: `sha256:${input.id}`,
    ...input,
    trajectory: input.trajectory ?? {},
    behavior: input.behavior ?? {},
  });
}

export interface CallInput {
  name: string;
  args?: Record<string, unknown>;
  result?: string;
  isError?: boolean;
  exitCode?: number | null;
  bySubagent?: boolean;
  phase?: number;
}

/** Calls numbered in order; call i starts at 1000 + 10·i ms, after the message at 1000. */
export function toolCalls(inputs: readonly CallInput[]): ToolCall[] {
  return inputs.map((input, index) => ({
    id: `call-${index + 1}`,
    name: input.name,
    viaToolSearch: false,
    arguments: input.args ?? {},
    resultText: input.result ?? 'ok',
    isError: input.isError ?? false,
    exitCode: input.exitCode ?? (input.name === 'exec' ? 0 : null),
    sessionKey: input.bySubagent ? 'agent:main:subagent:1' : 'agent:main:run',
    bySubagent: input.bySubagent ?? false,
    phase: input.phase ?? 0,
    startedAt: 1000 + 10 * (index + 1),
    endedAt: 1005 + 10 * (index + 1),
  }));
}

export const check = (id: string, passed: boolean, extra: Partial<CheckResult> = {}): CheckResult => ({
  id,
  kind: 'execution',
  passed,
  detail: passed ? 'passed' : 'failed',
  tamper: false,
  ...extra,
});

export interface RunInput {
  task: TaskSnapshot;
  run?: number;
  calls?: readonly CallInput[];
  /** Assistant texts: the first at 1000 ms (before the calls), the others after them. */
  assistant?: readonly string[];
  checks?: readonly CheckResult[];
  status?: 'scored' | 'error';
  timedOut?: boolean;
  durationMs?: number;
  usage?: Partial<RunRecord['usage']>;
  model?: string;
  error?: RunRecord['error'];
}

export function runRecord(input: RunInput): RunRecord {
  const calls = toolCalls(input.calls ?? []);
  const lastCallAt = 1000 + 10 * (calls.length + 1);
  const messages = (input.assistant ?? []).map((text, index) => ({
    role: 'assistant' as const,
    text,
    phase: 0,
    at: index === 0 ? 1000 : lastCallAt + index,
  }));
  return RunRecordSchema.parse({
    version: 1,
    task: input.task,
    run: input.run ?? 1,
    model: input.model ?? 'openai/test-model',
    status: input.status ?? 'scored',
    timedOut: input.timedOut ?? false,
    error: input.error ?? null,
    startedAt: '2026-12-04T12:00:00.000Z',
    durationMs: input.durationMs ?? 10_000,
    messages: [{ role: 'user', text: 'Please do the task.', phase: 0, at: 900 }, ...messages],
    toolCalls: calls,
    usage: input.usage ?? {},
    checks: input.checks ?? [],
  });
}
