import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import {
  AgentsCreateResultSchema,
  AgentsListResultSchema,
  ChatHistoryResultSchema,
  SessionsCreateResultSchema,
} from '../gateway/frames.js';
import { GatewayError, type GatewayClient, type GatewayLogger } from '../gateway/client.js';
import type { MemoryHit, PreparedTask } from '../tasks/prepared-task.js';
import { fillPlaceholders, runPlaceholders } from '../tasks/placeholders.js';
import type { GatewayConnection } from './connection.js';
import { InfraFailure, toInfraError } from './infra-error.js';
import { RUN_RECORD_VERSION, type InfraError, type Message, type RunRecord, type Usage } from './run-record.js';
import { startServices, type RunningServices } from './services.js';
import { sumUsage, TrajectoryRecorder, type TrackedSession } from './trajectory.js';
import { driveTurn, SessionRuns } from './turn.js';

/**
 * One run of one task, from an empty workspace to a RunRecord: the workspace (at the same path the
 * gateway sees), the task's services, a fresh session per phase (or an agent of its own when the
 * task keeps agent-level state), the scripted turns under the turn cap and the run budget, the
 * trajectory, the checks, and the cleanup. Infrastructure failures are retried here; a model that
 * fails the task is scored, never retried.
 */

export interface RunContext {
  readonly connection: GatewayConnection;
  readonly model: string;
  readonly workspaceRoot: string;
  readonly keepWorkspaces: boolean;
  readonly perRunBudgetMs: number;
  /** A single turn never gets more than this, whatever the task allows. */
  readonly perTurnCapMs: number;
  readonly logger: GatewayLogger;
  readonly retry: RetryPolicy;
  /**
   * Takes the gateway-side cleanup (deleting the run's sessions and agent) to do once no run is in
   * flight: it keeps that gateway work off the runs' clock, and the gateway should not delete
   * agents while other runs are working.
   */
  readonly deferCleanup: (cleanup: () => Promise<void>) => void;
}

export interface RetryPolicy {
  /** Attempts in total, the first included. */
  readonly attempts: number;
  /** Backoff before attempt n+1 is `baseDelayMs * 2^(n-1)`. */
  readonly baseDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 2_000 };

/** The eval was interrupted (SIGINT/SIGTERM) while this run was in flight; it is not recorded. */
export class RunInterrupted extends Error {
  override readonly name = 'RunInterrupted';
}

type Attempt = Omit<RunRecord, 'version' | 'task' | 'run' | 'model' | 'status' | 'error' | 'attempts' | 'startedAt' | 'durationMs'>;

export async function executeRun(task: PreparedTask, run: number, context: RunContext, signal: AbortSignal): Promise<RunRecord> {
  const startedAt = new Date();
  const base = { version: RUN_RECORD_VERSION, task: task.snapshot, run, model: context.model, startedAt: startedAt.toISOString() } as const;
  let lastError: InfraError | undefined;
  for (let attempt = 1; attempt <= context.retry.attempts; attempt++) {
    if (signal.aborted) throw new RunInterrupted();
    try {
      const result = await attemptRun(task, run, context, signal);
      return { ...base, ...result, status: 'scored', error: null, attempts: attempt, durationMs: Date.now() - startedAt.getTime() };
    } catch (error) {
      if (error instanceof RunInterrupted || signal.aborted) throw new RunInterrupted();
      // connecting already retried for the whole connect timeout: the gateway is gone, not flaky
      if (error instanceof GatewayError && error.kind === 'unreachable') throw error;
      lastError = toInfraError(error);
      context.logger.warn(`${task.snapshot.id} run ${run}: attempt ${attempt} failed (${lastError.kind}: ${lastError.message})`);
      if (attempt < context.retry.attempts) await sleep(context.retry.baseDelayMs * 2 ** (attempt - 1), signal);
    }
  }
  return {
    ...base,
    status: 'error',
    timedOut: false,
    error: lastError ?? null,
    attempts: context.retry.attempts,
    durationMs: Date.now() - startedAt.getTime(),
    agentMs: 0,
    sessions: [],
    messages: [],
    toolCalls: [],
    usage: sumUsage([]),
    checks: [],
    artifacts: {},
    workspace: null,
  };
}

async function attemptRun(task: PreparedTask, run: number, context: RunContext, signal: AbortSignal): Promise<Attempt> {
  const { connection, logger } = context;
  const id = task.snapshot.id;
  const suffix = randomBytes(4).toString('hex');
  const workspace = path.join(context.workspaceRoot, id, `run-${run}-${suffix}`);
  await mkdir(path.dirname(workspace), { recursive: true });
  // not recursive: the leaf must be new, so two lanes can never share a workspace
  await mkdir(workspace);
  const cleanups: Array<() => Promise<void>> = [];
  const unlisten: Array<() => void> = [];
  let services: RunningServices | undefined;
  const budgetDeadline = Date.now() + context.perRunBudgetMs;
  try {
    await task.prepareWorkspace(workspace);
    services = await startServices(task.services, workspace);
    // the task stage fills {task_dir} itself; the run fills the workspace and the services' ports
    const { task_dir: _taskDir, ...placeholders } = runPlaceholders('', workspace, services.ports);
    let client = await connection.client();
    const agentId = task.needsOwnAgent ? await createAgent(client, `cb-${id}-r${run}-${suffix}`, workspace) : 'main';
    if (task.needsOwnAgent) cleanups.push(() => onGateway(connection, 'agents.delete', { agentId, deleteFiles: false }));

    const recorder = new TrajectoryRecorder((spawned) => {
      unlisten.push(connection.listen(spawned.key, { agent: (event) => recorder.onAgentEvent(event) }));
      cleanups.push(() => onGateway(connection, 'sessions.delete', { key: spawned.key, deleteTranscript: true }));
    }, logger);
    let agentMs = 0;
    let timedOut = false;
    for (const [phaseIndex, phase] of task.phases.entries()) {
      if (timedOut) break;
      const key = `clawbench-${id}-r${run}-p${phaseIndex}-${suffix}`;
      const created = await client.call(
        'sessions.create',
        { key, cwd: workspace, model: context.model, ...(task.needsOwnAgent ? { agentId } : {}) },
        SessionsCreateResultSchema,
      );
      const sessionKey = created.key;
      cleanups.push(() => onGateway(connection, 'sessions.delete', { key: sessionKey, deleteTranscript: true }));
      recorder.track({ key: sessionKey, phase: phaseIndex, subagent: false });
      const runs = new SessionRuns();
      unlisten.push(
        connection.listen(sessionKey, {
          chat: (event) => runs.onChat(event),
          agent: (event) => {
            recorder.onAgentEvent(event);
            if (event.stream === 'tool' && event.data.name === 'sessions_yield' && event.data.phase === 'result' && event.data.isError !== true) runs.noteYield();
          },
        }),
      );

      const phaseDeadline = Math.min(budgetDeadline, Date.now() + (phase.timeoutSeconds ?? task.timeoutSeconds) * 1000);
      let assistantReplies = 0;
      let assistantText = '';
      let sent = 0;
      const conditional = phase.turns.some((turn) => turn.afterAssistantTurns !== null || turn.whenAssistantContains !== null);
      for (const turn of phase.turns) {
        if (sent >= phase.maxTurns) break;
        if (turn.afterAssistantTurns !== null && assistantReplies < turn.afterAssistantTurns) continue;
        if (turn.whenAssistantContains !== null && !assistantText.toLowerCase().includes(turn.whenAssistantContains.toLowerCase())) continue;
        if (Date.now() >= phaseDeadline) {
          timedOut = true;
          break;
        }
        sent++;
        const outcome = await driveTurn({
          client,
          sessionKey,
          runs,
          message: fillPlaceholders(turn.message, placeholders),
          deadline: Math.min(phaseDeadline, Date.now() + context.perTurnCapMs),
          signal,
          logger,
        });
        agentMs += outcome.agentMs;
        if (outcome.kind === 'interrupted') throw new RunInterrupted();
        if (outcome.kind === 'timedOut') {
          timedOut = true;
          break;
        }
        if (outcome.errorMessage !== null) logger.warn(`${id} run ${run}: the agent's run ended in its own error (${outcome.errorMessage}); scored as it stands`);
        if (conditional) {
          const replies = await assistantRepliesOf(client, sessionKey);
          assistantReplies = replies.length;
          assistantText = replies.join('\n');
        }
      }
      client = await connection.client();
    }

    const memorySearch = (query: string) => searchMemory(connection, agentId, query);
    const ports = services.ports;
    // the transcripts come from the gateway, the checks from the workspace: neither waits for the other
    const [{ messages, usage }, checks, artifacts] = await Promise.all([
      readHistories(client, recorder),
      task.verify({ workspace, ports, agentId, memorySearch }),
      task.collectArtifacts(workspace),
    ]);
    return {
      timedOut,
      agentMs,
      sessions: recorder.sessions.map((session: TrackedSession) => ({ key: session.key, phase: session.phase, subagent: session.subagent })),
      messages,
      toolCalls: recorder.toolCalls(),
      usage,
      checks,
      artifacts,
      workspace: context.keepWorkspaces ? workspace : null,
    };
  } finally {
    for (const off of unlisten) off();
    await services?.stop();
    const gatewayCleanup = cleanups.reverse();
    context.deferCleanup(async () => {
      for (const cleanup of gatewayCleanup) {
        await cleanup().catch((error: unknown) => logger.warn(`cleanup of ${id} run ${run}: ${error instanceof Error ? error.message : String(error)}`));
      }
    });
    if (!context.keepWorkspaces) await rm(workspace, { recursive: true, force: true });
  }
}

/** A cleanup request on the open connection only: waiting out a gateway restart here would stall the retry, and a leftover session is harmless. */
async function onGateway(connection: GatewayConnection, method: string, params: unknown): Promise<void> {
  const client = connection.openClient();
  if (client) await client.request(method, params);
}

/** `agents.create` returns before the agent is usable: poll `agents.list` until it appears. */
async function createAgent(client: GatewayClient, name: string, workspace: string): Promise<string> {
  const { agentId } = await client.call('agents.create', { name, workspace }, AgentsCreateResultSchema);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const { agents } = await client.call('agents.list', {}, AgentsListResultSchema);
    if (agents.some((agent) => agent.id === agentId)) return agentId;
    await sleep(100);
  }
  throw new InfraFailure({ kind: 'gateway', code: 'AGENT_NOT_LISTED', message: `agent ${agentId} did not appear in agents.list within 30 s of agents.create` });
}

async function assistantRepliesOf(client: GatewayClient, sessionKey: string): Promise<string[]> {
  const history = await client.call('chat.history', { sessionKey, limit: 1000 }, ChatHistoryResultSchema);
  const replies: string[] = [];
  for (const row of history.messages) {
    const parsed = AssistantTextRow.safeParse(row);
    if (parsed.success) replies.push(parsed.data.content.filter((part) => part.type === 'text').map((part) => part.text ?? '').join(''));
  }
  return replies.filter((text) => text.length > 0);
}

const AssistantTextRow = z.object({
  role: z.literal('assistant'),
  content: z.array(z.object({ type: z.string(), text: z.string().optional() })),
});

async function readHistories(client: GatewayClient, recorder: TrajectoryRecorder): Promise<{ messages: Message[]; usage: Usage }> {
  const messages: Message[] = [];
  const usages: Usage[] = [];
  for (const session of [...recorder.sessions]) {
    let rows: unknown[];
    try {
      rows = (await client.call('chat.history', { sessionKey: session.key, limit: 1000 }, ChatHistoryResultSchema)).messages;
    } catch (error) {
      // a finished subagent session may already be gone; its streamed tool calls are kept
      if (session.subagent) continue;
      throw error;
    }
    const part = recorder.addHistory(session.key, rows);
    messages.push(...part.messages);
    usages.push(part.usage);
  }
  return { messages, usage: sumUsage(usages) };
}

const MemorySearchResultSchema = z.object({
  results: z.array(z.object({ path: z.string(), snippet: z.string().default('') })).default([]),
});

/** Memory indexing is asynchronous: poll for a few seconds before concluding nothing is there. */
async function searchMemory(connection: GatewayConnection, agentId: string, query: string): Promise<MemoryHit[]> {
  const deadline = Date.now() + 8_000;
  for (;;) {
    const client = await connection.client();
    const { results } = await client.call('memory.search', { query, agentId, maxResults: 20 }, MemorySearchResultSchema);
    if (results.length > 0 || Date.now() >= deadline) return results.map((hit) => ({ path: hit.path, snippet: hit.snippet }));
    await sleep(500);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
