import { randomUUID } from 'node:crypto';
import {
  AgentWaitResultSchema,
  ChatSendResultSchema,
  TERMINAL_CHAT_STATES,
  type ChatEvent,
} from '../gateway/frames.js';
import type { GatewayClient, GatewayLogger } from '../gateway/client.js';
import { GatewayError } from '../gateway/client.js';
import { InfraFailure, isProviderFailure } from './infra-error.js';

/**
 * One user turn: `chat.send`, then wait for the run's terminal `chat` event. A run that yields to
 * a subagent (`agent.wait` says `yielded`) is not finished: the gateway continues it in a new run
 * on the same session, which is awaited in turn. The deadline aborts the run (`chat.abort`).
 */

export type TurnOutcome =
  | { readonly kind: 'done'; readonly agentMs: number; readonly errorMessage: string | null }
  | { readonly kind: 'timedOut'; readonly agentMs: number }
  | { readonly kind: 'interrupted'; readonly agentMs: number };

/** Watches one session's `chat` events: which runs started on it and how each ended. */
export class SessionRuns {
  private readonly order: string[] = [];
  private readonly terminal = new Map<string, ChatEvent>();
  private wake: (() => void) | undefined;
  private yieldSeen = false;

  /** A `sessions_yield` call succeeded on the session: the run that made it may continue in another. */
  noteYield(): void {
    this.yieldSeen = true;
  }

  /** Whether a yield was seen since the last call. */
  takeYield(): boolean {
    const seen = this.yieldSeen;
    this.yieldSeen = false;
    return seen;
  }

  onChat(event: ChatEvent): void {
    if (!this.order.includes(event.runId)) this.order.push(event.runId);
    if (TERMINAL_CHAT_STATES.has(event.state) && !this.terminal.has(event.runId)) this.terminal.set(event.runId, event);
    this.wake?.();
  }

  terminalOf(runId: string): ChatEvent | undefined {
    return this.terminal.get(runId);
  }

  /** The first run on the session that is not in `handled`. */
  nextRun(handled: ReadonlySet<string>): string | undefined {
    return this.order.find((runId) => !handled.has(runId));
  }

  /** Resolves at the next chat event of the session (or when `stop` fires). */
  changed(stop: Promise<unknown>): Promise<void> {
    return Promise.race([new Promise<void>((resolve) => (this.wake = resolve)), stop.then(() => undefined)]);
  }
}

export interface TurnRequest {
  readonly client: GatewayClient;
  readonly sessionKey: string;
  readonly runs: SessionRuns;
  readonly message: string;
  /** Epoch ms when the turn must end. */
  readonly deadline: number;
  readonly signal: AbortSignal;
  readonly logger: GatewayLogger;
}

const ABORT_SETTLE_MS = 5_000;
const WAIT_PROBE_MS = 5_000;

export async function driveTurn(request: TurnRequest): Promise<TurnOutcome> {
  const { client, sessionKey, runs, deadline, signal } = request;
  const started = Date.now();
  const runId = randomUUID();
  const handled = new Set<string>();
  const stop = stopPromise(client, deadline, signal);
  try {
    await client.call('chat.send', { sessionKey, message: request.message, idempotencyKey: runId }, ChatSendResultSchema);
    let current: string | undefined = runId;
    for (;;) {
      if (current === undefined) {
        current = runs.nextRun(handled);
        if (current === undefined) {
          const reason = await Promise.race([runs.changed(stop.promise), stop.promise]);
          if (reason === 'deadline' || reason === 'interrupted') return await abortTurn(request, [...handled].pop() ?? runId, reason, started);
          continue;
        }
      }
      const terminal = runs.terminalOf(current);
      if (!terminal) {
        const reason = await Promise.race([runs.changed(stop.promise), stop.promise]);
        if (reason === 'deadline' || reason === 'interrupted') return await abortTurn(request, current, reason, started);
        continue;
      }
      handled.add(current);
      if (terminal.state === 'error') {
        const reason = typeof terminal.errorDetail?.failoverReason === 'string' ? terminal.errorDetail.failoverReason : null;
        // the model overflowing its own context is its failure; anything else is the platform's
        if (reason === 'context_overflow') return { kind: 'done', agentMs: Date.now() - started, errorMessage: terminal.errorMessage ?? reason };
        throw new InfraFailure({
          kind: isProviderFailure(terminal.errorDetail) ? 'provider' : 'gateway',
          code: reason ?? terminal.errorKind ?? null,
          message: terminal.errorMessage ?? 'the run ended in an error',
        });
      }
      // asking agent.wait costs a round trip, so only when the run did yield
      if (terminal.state === 'final' && runs.takeYield() && (await yielded(client, current))) {
        current = undefined;
        continue;
      }
      return { kind: 'done', agentMs: Date.now() - started, errorMessage: null };
    }
  } finally {
    stop.dispose();
  }
}

/** Only a run that paused for a subagent says `yielded`; its final chat event looks like any other. */
async function yielded(client: GatewayClient, runId: string): Promise<boolean> {
  const result = await client.call('agent.wait', { runId, timeoutMs: WAIT_PROBE_MS }, AgentWaitResultSchema, { timeoutMs: WAIT_PROBE_MS + 10_000 });
  return result.yielded === true;
}

async function abortTurn(request: TurnRequest, runId: string, reason: 'deadline' | 'interrupted', started: number): Promise<TurnOutcome> {
  const { client, sessionKey, runs, logger } = request;
  try {
    await client.request('chat.abort', { sessionKey, runId }, { timeoutMs: ABORT_SETTLE_MS });
  } catch (error) {
    if (error instanceof GatewayError && (error.kind === 'closed' || error.kind === 'unreachable')) throw error;
    logger.debug(`chat.abort of ${runId} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  // let the aborted run settle so its transcript is complete before it is read
  const late = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), ABORT_SETTLE_MS).unref());
  while (!runs.terminalOf(runId)) {
    if ((await Promise.race([runs.changed(late), late])) === 'late') break;
  }
  const agentMs = Date.now() - started;
  return reason === 'deadline' ? { kind: 'timedOut', agentMs } : { kind: 'interrupted', agentMs };
}

type StopReason = 'deadline' | 'interrupted';

/** Resolves when the turn's deadline passes or the eval is interrupted; rejects when the connection drops. */
function stopPromise(client: GatewayClient, deadline: number, signal: AbortSignal) {
  let dispose = () => {};
  const promise = new Promise<StopReason>((resolve, reject) => {
    const timer = setTimeout(() => resolve('deadline'), Math.max(0, deadline - Date.now()));
    const onAbort = () => resolve('interrupted');
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) resolve('interrupted');
    const offClose = client.onClose((error) => reject(error));
    if (!client.isOpen) reject(new GatewayError('closed', 'gateway connection closed', null, null, true));
    dispose = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      offClose();
    };
  });
  // a rejection nobody awaits yet must not crash the process
  promise.catch(() => {});
  return { promise, dispose: () => dispose() };
}
