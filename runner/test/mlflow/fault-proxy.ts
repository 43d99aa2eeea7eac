import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback HTTP proxy in front of a real MLflow server that can fail chosen requests the way
 * networks and busy servers do (an error status with Retry-After, or a request that reaches
 * MLflow but whose answer never comes back), and that records each request's method, path and
 * Authorization header so tests can check them without printing them.
 */
export type Fault =
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string; readonly body?: string }
  /** Forwarded to MLflow (so it takes effect there), then the client's connection is cut. */
  | { readonly kind: 'lose-answer' }
  /** Something else happens on the server first (another client's call), then the request goes through. */
  | { readonly kind: 'meanwhile'; readonly action: () => Promise<void> };

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly outcome: number | 'answer lost';
}

interface Injection {
  readonly match: RegExp;
  readonly fault: Fault;
  remaining: number;
}

export class FaultProxy {
  readonly requests: RecordedRequest[] = [];
  readonly #injections: Injection[] = [];

  private constructor(
    readonly server: Server,
    readonly target: string,
  ) {}

  static async start(target: string): Promise<FaultProxy> {
    const server = createServer();
    const proxy = new FaultProxy(server, target.replace(/\/+$/, ''));
    server.on('request', (request, response) => void proxy.#handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get uri(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The next `times` requests whose `METHOD /path` matches get the fault. */
  inject(match: RegExp, fault: Fault, times = 1): void {
    this.#injections.push({ match, fault, remaining: times });
  }

  clear(): void {
    this.#injections.length = 0;
    this.requests.length = 0;
  }

  count(match: RegExp): number {
    return this.requests.filter((r) => match.test(`${r.method} ${r.path}`)).length;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const record = (outcome: RecordedRequest['outcome']) =>
      this.requests.push({ method, path, authorization: request.headers.authorization, outcome });

    const injection = this.#injections.find((candidate) => candidate.remaining > 0 && candidate.match.test(`${method} ${path}`));
    if (injection !== undefined) injection.remaining -= 1;
    const fault = injection?.fault;
    if (fault?.kind === 'status') {
      record(fault.status);
      response.writeHead(fault.status, { 'content-type': 'text/plain', ...(fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter }) });
      response.end(fault.body ?? 'injected by the test proxy');
      return;
    }
    if (fault?.kind === 'meanwhile') await fault.action();
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined && !['host', 'connection', 'content-length', 'transfer-encoding'].includes(name)) headers.set(name, String(value));
    }
    const upstream = await fetch(`${this.target}${request.url ?? '/'}`, {
      method,
      headers,
      ...(method === 'GET' || method === 'HEAD' ? {} : { body: Buffer.concat(chunks) }),
    });
    const body = Buffer.from(await upstream.arrayBuffer());
    if (fault?.kind === 'lose-answer') {
      record('answer lost');
      request.socket.destroy();
      return;
    }
    record(upstream.status);
    response.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/octet-stream' });
    response.end(body);
  }
}
