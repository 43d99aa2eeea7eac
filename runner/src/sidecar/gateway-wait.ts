import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';

/** One plain line for the pod log. */
export type Log = (line: string) => void;

/**
 * `/readyz` answers JSON only once the gateway is really up; unknown paths (and an early HTTP
 * listener) answer 200 text/html, so only the body's `ready` flag counts.
 */
const ReadyzBodySchema = z.object({
  ready: z.boolean(),
  failing: z.array(z.unknown()).optional(),
});

export interface GatewayWaitOptions {
  /** The gateway's WebSocket URL (ws:// or wss://); its host and port are probed. */
  readonly url: URL;
  readonly timeoutMs: number;
  /** Named in the timeout message so the user knows which setting to raise. */
  readonly timeoutSetting: string;
  readonly log: Log;
  readonly signal?: AbortSignal;
  /** @default 1000 */
  readonly pollIntervalMs?: number;
}

export class GatewayNotReadyError extends Error {
  override readonly name = 'GatewayNotReadyError';
}

/** What the last probe saw; a line is logged only when this changes, so pod logs stay short. */
type ProbeState =
  | { kind: 'refused'; detail: string }
  | { kind: 'not-json'; detail: string }
  | { kind: 'not-ready'; detail: string }
  | { kind: 'ready' };

export interface GatewayEndpoint {
  readonly host: string;
  readonly port: number;
  readonly readyzUrl: URL;
}

export function gatewayEndpoint(url: URL): GatewayEndpoint {
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new GatewayNotReadyError(`gateway url "${url.href}" is not a websocket url: expected ws://host:port or wss://host:port`);
  }
  const secure = url.protocol === 'wss:';
  const port = url.port === '' ? (secure ? 443 : 80) : Number(url.port);
  // URL keeps IPv6 literals in brackets; net.connect wants them bare.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const readyzUrl = new URL('/readyz', `${secure ? 'https' : 'http'}://${url.host}`);
  return { host, port, readyzUrl };
}

function tcpReachable(host: string, port: number, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (problem: string | null): void => {
      socket.destroy();
      resolve(problem);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs} ms`));
    socket.once('connect', () => done(null));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code === 'ECONNREFUSED' ? 'connection refused' : (error.code ?? error.message)));
  });
}

async function probe(endpoint: GatewayEndpoint, attemptTimeoutMs: number): Promise<ProbeState> {
  const tcpProblem = await tcpReachable(endpoint.host, endpoint.port, attemptTimeoutMs);
  if (tcpProblem !== null) return { kind: 'refused', detail: tcpProblem };
  let response: Response;
  try {
    response = await fetch(endpoint.readyzUrl, { signal: AbortSignal.timeout(attemptTimeoutMs) });
  } catch (error) {
    return { kind: 'not-json', detail: `GET /readyz failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const contentType = response.headers.get('content-type') ?? 'no content type';
    return { kind: 'not-json', detail: `/readyz answered ${response.status} ${contentType}, not the readiness JSON` };
  }
  const parsed = ReadyzBodySchema.safeParse(body);
  if (!parsed.success) return { kind: 'not-json', detail: `/readyz answered JSON without a boolean "ready" field` };
  if (!parsed.data.ready) {
    const failing = parsed.data.failing?.length ? `, failing: ${JSON.stringify(parsed.data.failing)}` : '';
    return { kind: 'not-ready', detail: `/readyz says ready:false${failing}` };
  }
  return { kind: 'ready' };
}

function describe(state: ProbeState): string {
  return state.kind === 'ready' ? 'ready' : state.detail;
}

/**
 * Waits until the gateway accepts TCP connections and `/readyz` answers `{"ready":true}`, or the
 * timeout passes. Returns how long it took, in ms.
 */
export async function waitForGateway(options: GatewayWaitOptions): Promise<number> {
  const { url, timeoutMs, timeoutSetting, log, signal } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const endpoint = gatewayEndpoint(url);
  const started = Date.now();
  const deadline = started + timeoutMs;
  log(`waiting for the gateway at ${endpoint.host}:${endpoint.port} (tcp, then ${endpoint.readyzUrl.pathname}), up to ${Math.round(timeoutMs / 1000)}s`);
  let last: ProbeState | undefined;
  for (;;) {
    signal?.throwIfAborted();
    const remaining = deadline - Date.now();
    const state = await probe(endpoint, Math.max(100, Math.min(2000, remaining)));
    const elapsed = Date.now() - started;
    if (state.kind === 'ready') {
      log(`gateway ready after ${(elapsed / 1000).toFixed(1)}s`);
      return elapsed;
    }
    if (last === undefined || last.kind !== state.kind || last.detail !== state.detail) {
      log(`gateway not ready yet (${(elapsed / 1000).toFixed(1)}s): ${state.detail}`);
    }
    last = state;
    if (Date.now() + pollIntervalMs > deadline) {
      throw new GatewayNotReadyError(
        `gateway at ${url.href} not ready after ${Math.round(timeoutMs / 1000)}s (${timeoutSetting}); last check: ${describe(state)}; expected tcp to connect and /readyz to answer {"ready":true}`,
      );
    }
    await sleep(pollIntervalMs, undefined, { signal });
  }
}
