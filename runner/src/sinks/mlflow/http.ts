import { setTimeout as sleep } from 'node:timers/promises';
import type { MlflowAuth, MlflowRetryPolicy } from '../../config/mlflow-settings.js';
import { isTransientStatus, MlflowUnreachableError } from './errors.js';

/** What the retry loop reports, so the CLI can say why logging is slow. Never carries headers. */
export interface RetryNotice {
  readonly operation: string;
  /** 1-based attempt that just failed. */
  readonly attempt: number;
  readonly reason: string;
  readonly delayMs: number;
}

export interface RetryingFetchOptions {
  readonly trackingUri: string;
  readonly auth: MlflowAuth;
  readonly policy: MlflowRetryPolicy;
  readonly onRetry?: ((notice: RetryNotice) => void) | undefined;
}

/** `fetch` as openapi-fetch calls it. */
export type FetchLike = (request: Request) => Promise<Response>;

/** Retry-After is honoured up to this; a server asking for longer is treated as down. */
const MAX_RETRY_AFTER_MS = 120_000;

export function authorizationHeader(auth: MlflowAuth): string | undefined {
  switch (auth.kind) {
    case 'none':
      return undefined;
    case 'basic':
      return `Basic ${Buffer.from(`${auth.username}:${auth.password.reveal()}`, 'utf8').toString('base64')}`;
    case 'bearer':
      return `Bearer ${auth.token.reveal()}`;
  }
}

export function operationOf(request: Request): string {
  return `${request.method} ${new URL(request.url).pathname}`;
}

/**
 * A fetch that adds the Authorization header and retries what MLflow's own client retries
 * (408, 429, 5xx, no answer), with exponential backoff and jitter, honouring Retry-After, a bounded
 * number of times. `retries: false` sends once: for calls that are not idempotent (runs/create,
 * runs/log-batch), where the caller decides after looking at the server's state.
 */
export function createMlflowFetch(options: RetryingFetchOptions, retries = true): FetchLike {
  const authorization = authorizationHeader(options.auth);
  const maxAttempts = retries ? options.policy.maxRetries + 1 : 1;
  return async (request) => {
    if (authorization !== undefined) request.headers.set('authorization', authorization);
    const operation = operationOf(request);
    for (let attempt = 1; ; attempt += 1) {
      const pending = request.clone();
      let response: Response;
      try {
        response = await fetch(pending, { signal: AbortSignal.timeout(options.policy.requestTimeoutMs) });
      } catch (error) {
        if (attempt >= maxAttempts) throw new MlflowUnreachableError(operation, options.trackingUri, attempt, error);
        await pause(options, operation, attempt, `no answer (${error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'connection failed'})`, undefined);
        continue;
      }
      if (response.ok) return response;
      // The body decides whether a 5xx is worth retrying, so it is read once and handed on.
      const body = await response.text();
      const rebuilt = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
      if (attempt >= maxAttempts || !isTransientStatus(response.status, errorCodeOf(body), body)) return rebuilt;
      await pause(options, operation, attempt, `answered ${response.status}`, response.headers.get('retry-after'));
    }
  };
}

/** Waits before retry `attempt + 1`, and says so. */
export async function pause(
  options: Pick<RetryingFetchOptions, 'policy' | 'onRetry'>,
  operation: string,
  attempt: number,
  reason: string,
  retryAfter: string | null | undefined,
): Promise<void> {
  const delayMs = retryDelayMs(options.policy, attempt, retryAfter);
  options.onRetry?.({ operation, attempt, reason, delayMs });
  if (delayMs > 0) await sleep(delayMs);
}

/** Retry-After (seconds or an HTTP date) wins; otherwise backoff * 2^(attempt-1), capped, plus up to 10% jitter. */
export function retryDelayMs(policy: MlflowRetryPolicy, attempt: number, retryAfter: string | null | undefined, now = Date.now()): number {
  const asked = parseRetryAfterMs(retryAfter, now);
  if (asked !== undefined) return Math.min(asked, MAX_RETRY_AFTER_MS);
  const base = Math.min(policy.backoffMs * 2 ** (attempt - 1), policy.maxBackoffMs);
  return Math.round(base * (1 + Math.random() * 0.1));
}

export function parseRetryAfterMs(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function errorCodeOf(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    const code = typeof parsed === 'object' && parsed !== null ? (parsed as { error_code?: unknown }).error_code : undefined;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}
