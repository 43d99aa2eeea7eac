import { AgentEventSchema, ChatEventSchema, type AgentEvent, type ChatEvent } from '../gateway/frames.js';
import { GatewayClient, type ConnectOptions, type GatewayLogger } from '../gateway/client.js';

/**
 * The engine's one connection to the gateway, reconnected on demand: when the gateway restarts,
 * the runs in flight fail with an infrastructure error and their retries call `client()` again,
 * which reconnects (retrying until the connect timeout). Events are validated here once and routed
 * to runs by session key.
 */

export interface SessionListener {
  chat?(event: ChatEvent): void;
  /** `agent` events and `session.tool` events of the session (subagents' tool calls). */
  agent?(event: AgentEvent, source: 'agent' | 'session.tool'): void;
}

/** Subagent sessions nobody has claimed yet keep their events this long, for the run that spawned them. */
const UNCLAIMED_TTL_MS = 10 * 60_000;

export class GatewayConnection {
  private current: GatewayClient | undefined;
  private connecting: Promise<GatewayClient> | undefined;
  private readonly listeners = new Map<string, Set<SessionListener>>();
  private readonly unclaimed = new Map<string, { at: number; events: Array<[AgentEvent, 'agent' | 'session.tool']> }>();
  /** The gateway version of the first successful connection. */
  serverVersion: string | undefined;

  constructor(
    private readonly options: ConnectOptions,
    private readonly logger: GatewayLogger,
  ) {}

  async client(): Promise<GatewayClient> {
    if (this.current?.isOpen) return this.current;
    this.connecting ??= GatewayClient.connect(this.options).then(
      (client) => {
        this.current = client;
        this.connecting = undefined;
        this.serverVersion ??= client.serverVersion;
        client.onEvent((frame) => this.route(frame.event, frame.payload));
        return client;
      },
      (error: unknown) => {
        this.connecting = undefined;
        throw error;
      },
    );
    return this.connecting;
  }

  /** The connected client, without reconnecting: for cleanup, which must not wait out a gateway restart. */
  openClient(): GatewayClient | undefined {
    return this.current?.isOpen ? this.current : undefined;
  }

  /** Listens to one session's events (its key as the gateway canonicalised it). */
  listen(sessionKey: string, listener: SessionListener): () => void {
    let set = this.listeners.get(sessionKey);
    if (!set) this.listeners.set(sessionKey, (set = new Set()));
    set.add(listener);
    const buffered = this.unclaimed.get(sessionKey);
    if (buffered) {
      this.unclaimed.delete(sessionKey);
      for (const [event, source] of buffered.events) listener.agent?.(event, source);
    }
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(sessionKey);
    };
  }

  async close(): Promise<void> {
    const client = this.current;
    this.current = undefined;
    await client?.close();
  }

  private route(event: string, payload: unknown): void {
    if (event === 'chat') {
      const parsed = ChatEventSchema.safeParse(payload);
      if (!parsed.success) {
        this.logger.warn(`skipped a malformed chat event: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
        return;
      }
      for (const listener of this.listeners.get(parsed.data.sessionKey) ?? []) listener.chat?.(parsed.data);
      return;
    }
    if (event === 'agent' || event === 'session.tool') {
      const parsed = AgentEventSchema.safeParse(payload);
      if (!parsed.success) {
        this.logger.warn(`skipped a malformed ${event} event: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
        return;
      }
      const key = parsed.data.sessionKey;
      if (key === undefined) return;
      const listeners = this.listeners.get(key);
      if (listeners) {
        for (const listener of listeners) listener.agent?.(parsed.data, event);
      } else if (key.includes(':subagent:')) {
        this.bufferUnclaimed(key, parsed.data, event);
      }
    }
  }

  private bufferUnclaimed(key: string, event: AgentEvent, source: 'agent' | 'session.tool'): void {
    if (event.stream !== 'tool') return;
    const now = Date.now();
    for (const [staleKey, entry] of this.unclaimed) if (now - entry.at > UNCLAIMED_TTL_MS) this.unclaimed.delete(staleKey);
    let entry = this.unclaimed.get(key);
    if (!entry) this.unclaimed.set(key, (entry = { at: now, events: [] }));
    entry.events.push([event, source]);
  }
}
