import { GatewayError } from '../gateway/client.js';
import type { InfraError } from './run-record.js';
import { ServiceStartError } from './services.js';

/**
 * A failure of the platform or the harness, never of the model: the run is retried and, if it keeps
 * failing, recorded as `error` (attrition) instead of being scored.
 */
export class InfraFailure extends Error {
  override readonly name = 'InfraFailure';
  constructor(readonly info: InfraError) {
    super(info.message);
  }
}

/** The model provider's failures the gateway reports in a `chat` error (after its own retries). */
const PROVIDER_FAILURES: ReadonlySet<string> = new Set([
  'auth',
  'auth_permanent',
  'rate_limit',
  'overloaded',
  'billing',
  'server_error',
  'timeout',
  'tls_certificate',
  'model_not_found',
]);

export function isProviderFailure(errorDetail: Readonly<Record<string, unknown>> | undefined): boolean {
  if (!errorDetail) return false;
  const reason = errorDetail.failoverReason;
  const status = errorDetail.httpStatus;
  return (typeof reason === 'string' && PROVIDER_FAILURES.has(reason)) || (typeof status === 'number' && (status >= 500 || status === 429));
}

/** Classifies anything thrown during a run attempt. */
export function toInfraError(error: unknown): InfraError {
  if (error instanceof InfraFailure) return error.info;
  if (error instanceof GatewayError) {
    return {
      kind: error.kind === 'protocol' ? 'protocol' : 'gateway',
      code: error.detailsCode ?? error.code,
      message: error.message,
    };
  }
  if (error instanceof ServiceStartError) return { kind: 'harness', code: 'SERVICE_START', message: error.message };
  return { kind: 'harness', code: null, message: error instanceof Error ? error.message : String(error) };
}
