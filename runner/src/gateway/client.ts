import WebSocket from 'ws';
import type { z } from 'zod';
import {
  ConnectChallengeSchema,
  HelloOkSchema,
  InboundFrameSchema,
  OPERATOR_SCOPES,
  PROTOCOL_VERSION,
  type ErrorShape,
  type EventFrame,
  type HelloOk,
} from './frames.js';
import { signDevice, type DeviceIdentity } from './identity.js';

/**
 * A protocol v4 operator client: one WebSocket, requests correlated by id (answers may come out of
 * order), events fanned out to listeners. It knows nothing of tasks or runs.
 */

export interface GatewayLogger {
  warn(message: string): void;
  debug(message: string): void;
}

export const stderrLogger: GatewayLogger = {
  warn: (message) => process.stderr.write(`clawbench: ${message}\n`),
  debug: () => {},
};

export interface ConnectOptions {
  readonly url: string;
  /** The shared gateway token; sent in `auth.token` and signed into the device proof, never logged. */
  readonly token: string;
  readonly identity: DeviceIdentity;
  /** Total budget for connecting, retries on refused connections and `UNAVAILABLE` included. */
  readonly connectTimeoutMs: number;
  /** Default per-request timeout. */
  readonly requestTimeoutMs: number;
  readonly clientVersion: string;
  readonly logger?: GatewayLogger;
  /** `sessions.subscribe {}` after connecting, so subagents' tool calls arrive as `session.tool`. */
  readonly subscribeSessions?: boolean;
}

/**
 * Why a gateway call failed. `kind` says what the caller can do about it:
 * `unreachable`/`closed`/`timeout` are the platform's (retry later), `rejected` is the gateway's
 * answer (branch on `code`/`detailsCode`), `auth`/`protocol` need a person.
 */
export type GatewayErrorKind = 'unreachable' | 'closed' | 'timeout' | 'rejected' | 'auth' | 'protocol';

export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  constructor(
    readonly kind: GatewayErrorKind,
    message: string,
    readonly code: string | null = null,
    readonly detailsCode: string | null = null,
    readonly retryable = false,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }

  static fromShape(method: string, shape: ErrorShape): GatewayError {
    const detailsCode = typeof shape.details?.code === 'string' ? shape.details.code : null;
    const retryable = shape.retryable === true || shape.code === 'UNAVAILABLE';
    const kind: GatewayErrorKind = isAuthFailure(shape.code, detailsCode) ? 'auth' : detailsCode === 'PROTOCOL_MISMATCH' ? 'protocol' : 'rejected';
    return new GatewayError(kind, `${method}: ${shape.code}${detailsCode ? `/${detailsCode}` : ''}: ${shape.message}`, shape.code, detailsCode, retryable, shape.retryAfterMs ?? null);
  }
}

function isAuthFailure(code: string, detailsCode: string | null): boolean {
  return (
    code === 'PAIRING_REQUIRED' ||
    (code === 'FORBIDDEN' && detailsCode === 'MISSING_SCOPE') ||
    (detailsCode !== null && (detailsCode.startsWith('AUTH_') || detailsCode.startsWith('DEVICE_AUTH_') || detailsCode === 'PAIRING_REQUIRED'))
  );
}

const CLIENT_ID = 'gateway-client';
const CLIENT_MODE = 'backend';
const ROLE = 'operator';
const PLATFORM = 'linux';

interface Pending {
  readonly method: string;
  readonly resolve: (payload: unknown) => void;
  readonly reject: (error: GatewayError) => void;
  readonly timer: NodeJS.Timeout;
}

export interface RequestOptions {
  readonly timeoutMs?: number;
}

export class GatewayClient {
  private readonly pending = new Map<string, Pending>();
  private readonly eventListeners = new Set<(frame: EventFrame) => void>();
  private readonly closeListeners = new Set<(error: GatewayError) => void>();
  private nextId = 1;
  private lastInboundAt = Date.now();
  private watchdog: NodeJS.Timeout | undefined;
  private closedWith: GatewayError | undefined;
  hello: HelloOk | undefined;

  private constructor(
    private readonly socket: WebSocket,
    private readonly requestTimeoutMs: number,
    private readonly logger: GatewayLogger,
  ) {
    socket.on('message', (data, isBinary) => this.receive(isBinary ? '' : data.toString()));
    socket.on('close', (code) => this.shutDown(new GatewayError('closed', `gateway connection closed (code ${code})`, null, null, true)));
    socket.on('error', (error) => this.logger.debug(`gateway socket error: ${error.message}`));
  }

  /** Connects, retrying refused connections and `UNAVAILABLE` until the connect timeout. */
  static async connect(options: ConnectOptions): Promise<GatewayClient> {
    const deadline = Date.now() + options.connectTimeoutMs;
    const logger = options.logger ?? stderrLogger;
    for (let attempt = 1; ; attempt++) {
      try {
        const client = await GatewayClient.connectOnce(options, Math.max(1_000, deadline - Date.now()), logger);
        if (options.subscribeSessions !== false) await client.request('sessions.subscribe', {});
        return client;
      } catch (error) {
        const failure = error instanceof GatewayError ? error : new GatewayError('unreachable', String(error), null, null, true);
        const retryable = failure.kind === 'unreachable' || (failure.retryable && failure.kind !== 'auth');
        const wait = failure.retryAfterMs ?? Math.min(2_000, 250 * attempt);
        if (!retryable || Date.now() + wait >= deadline) {
          if (retryable) {
            throw new GatewayError(
              'unreachable',
              `could not connect to the gateway at ${options.url} within ${Math.round(options.connectTimeoutMs / 1000)} s (last error: ${failure.message})`,
              failure.code,
              failure.detailsCode,
              true,
            );
          }
          throw failure;
        }
        logger.debug(`gateway connect attempt ${attempt} failed (${failure.message}); retrying in ${wait} ms`);
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  private static connectOnce(options: ConnectOptions, budgetMs: number, logger: GatewayLogger): Promise<GatewayClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(options.url, { handshakeTimeout: Math.min(budgetMs, 30_000), maxPayload: 256 * 1024 * 1024 });
      const client = new GatewayClient(socket, options.requestTimeoutMs, logger);
      let settled = false;
      const fail = (error: GatewayError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.terminate();
        reject(error);
      };
      const timer = setTimeout(() => fail(new GatewayError('unreachable', 'no hello from the gateway in time', null, null, true)), budgetMs);
      socket.once('error', (error: NodeJS.ErrnoException) => fail(new GatewayError('unreachable', error.code ?? error.message, null, null, true)));
      socket.once('close', (code) => fail(new GatewayError('unreachable', `connection closed during the handshake (code ${code})`, null, null, true)));
      const stopWaiting = client.onEvent((frame) => {
        if (frame.event !== 'connect.challenge') return;
        stopWaiting();
        const challenge = ConnectChallengeSchema.safeParse(frame.payload);
        if (!challenge.success) {
          fail(new GatewayError('protocol', 'connect.challenge without a nonce and timestamp'));
          return;
        }
        const scopes = [...OPERATOR_SCOPES];
        const device = signDevice(options.identity, {
          clientId: CLIENT_ID,
          clientMode: CLIENT_MODE,
          role: ROLE,
          scopes,
          token: options.token,
          platform: PLATFORM,
          deviceFamily: '',
          nonce: challenge.data.nonce,
          signedAt: challenge.data.ts,
        });
        const params = {
          minProtocol: PROTOCOL_VERSION,
          maxProtocol: PROTOCOL_VERSION,
          client: { id: CLIENT_ID, version: options.clientVersion, platform: PLATFORM, mode: CLIENT_MODE, displayName: 'clawbench' },
          role: ROLE,
          scopes,
          caps: ['tool-events'],
          auth: { token: options.token },
          userAgent: `clawbench/${options.clientVersion}`,
          device,
        };
        client.request('connect', params, { timeoutMs: Math.min(budgetMs, 30_000) }).then(
          (payload) => {
            const hello = HelloOkSchema.safeParse(payload);
            if (!hello.success) {
              fail(new GatewayError('protocol', `the gateway's connect answer is not a hello-ok: ${hello.error.issues[0]?.message ?? 'invalid'}`));
              return;
            }
            if (hello.data.auth.scopes.length === 0) {
              fail(
                new GatewayError(
                  'auth',
                  'the gateway granted no scopes to this connection: it accepted the token but not the device identity (a remote connection needs `openclaw devices approve`, or connect from loopback)',
                  'FORBIDDEN',
                  'MISSING_SCOPE',
                ),
              );
              return;
            }
            const missing = ['operator.read', 'operator.write', 'operator.admin'].filter((scope) => !hello.data.auth.scopes.includes(scope));
            if (missing.length > 0) {
              fail(new GatewayError('auth', `the gateway did not grant the scopes ${missing.join(', ')} (granted: ${hello.data.auth.scopes.join(', ')})`, 'FORBIDDEN', 'MISSING_SCOPE'));
              return;
            }
            settled = true;
            clearTimeout(timer);
            socket.removeAllListeners('error');
            socket.on('error', (error) => logger.debug(`gateway socket error: ${error.message}`));
            client.hello = hello.data;
            client.startWatchdog(hello.data.policy?.tickIntervalMs ?? 30_000);
            resolve(client);
          },
          (error: GatewayError) => fail(error),
        );
      });
    });
  }

  get serverVersion(): string {
    return this.hello?.server.version ?? 'unknown';
  }

  get isOpen(): boolean {
    return this.closedWith === undefined;
  }

  /** Sends a request; resolves with its payload, rejects with a GatewayError. */
  request(method: string, params: unknown, options: RequestOptions = {}): Promise<unknown> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    const id = String(this.nextId++);
    const timeoutMs = options.timeoutMs ?? this.requestTimeoutMs;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new GatewayError('timeout', `${method}: no answer from the gateway within ${Math.round(timeoutMs / 1000)} s`, null, null, true));
      }, timeoutMs);
      this.pending.set(id, { method, resolve, reject, timer });
      this.socket.send(JSON.stringify({ type: 'req', id, method, params }), (error) => {
        if (!error) return;
        const entry = this.pending.get(id);
        if (!entry) return;
        clearTimeout(entry.timer);
        this.pending.delete(id);
        reject(new GatewayError('closed', `${method}: could not send (${error.message})`, null, null, true));
      });
    });
  }

  /** A request whose answer is validated against `schema`. */
  async call<S extends z.ZodType>(method: string, params: unknown, schema: S, options: RequestOptions = {}): Promise<z.infer<S>> {
    const payload = await this.request(method, params, options);
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      throw new GatewayError('protocol', `${method}: unexpected answer from the gateway: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`.trim());
    }
    return parsed.data;
  }

  onEvent(listener: (frame: EventFrame) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Called once, when the connection ends for any reason other than `close()`. */
  onClose(listener: (error: GatewayError) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.closedWith) return;
    const closed = new Promise<void>((resolve) => this.socket.once('close', () => resolve()));
    this.closeListeners.clear();
    this.shutDown(new GatewayError('closed', 'gateway connection closed by the runner'));
    this.socket.close(1000);
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
    this.socket.terminate();
  }

  /** Every inbound frame is validated; a malformed or unknown one is logged and skipped. */
  private receive(text: string): void {
    this.lastInboundAt = Date.now();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      this.logger.warn(`skipped a gateway frame that is not JSON (${text.length} bytes)`);
      return;
    }
    const parsed = InboundFrameSchema.safeParse(json);
    if (!parsed.success) {
      const type = json && typeof json === 'object' && 'type' in json ? String((json as { type: unknown }).type) : typeof json;
      this.logger.warn(`skipped a malformed gateway frame (type ${type}): ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`);
      return;
    }
    const frame = parsed.data;
    if (frame.type === 'res') {
      const entry = this.pending.get(frame.id);
      if (!entry) {
        this.logger.debug(`skipped a response to an unknown request id ${frame.id}`);
        return;
      }
      clearTimeout(entry.timer);
      this.pending.delete(frame.id);
      if (frame.ok) entry.resolve(frame.payload);
      else entry.reject(GatewayError.fromShape(entry.method, frame.error ?? { code: 'UNKNOWN', message: 'error response without an error' }));
      return;
    }
    for (const listener of this.eventListeners) {
      try {
        listener(frame);
      } catch (error) {
        this.logger.warn(`an event listener failed on ${frame.event}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  /** The server ticks every `tickIntervalMs`; silence for over two ticks means a dead peer. */
  private startWatchdog(tickIntervalMs: number): void {
    this.watchdog = setInterval(() => {
      if (Date.now() - this.lastInboundAt > 2.5 * tickIntervalMs) {
        this.logger.warn(`no frame from the gateway for ${Math.round((2.5 * tickIntervalMs) / 1000)} s; dropping the connection`);
        this.socket.terminate();
      }
    }, tickIntervalMs);
    this.watchdog.unref();
  }

  private shutDown(error: GatewayError): void {
    if (this.closedWith) return;
    this.closedWith = error;
    if (this.watchdog) clearInterval(this.watchdog);
    for (const [id, entry] of this.pending) {
      clearTimeout(entry.timer);
      this.pending.delete(id);
      entry.reject(new GatewayError('closed', `${entry.method}: ${error.message}`, null, null, true));
    }
    for (const listener of this.closeListeners) listener(error);
    this.closeListeners.clear();
  }
}
