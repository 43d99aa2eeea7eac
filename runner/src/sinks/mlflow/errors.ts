/** MLflow error codes this client branches on (the body's `error_code`, not the HTTP status). */
export const ErrorCode = {
  alreadyExists: 'RESOURCE_ALREADY_EXISTS',
  doesNotExist: 'RESOURCE_DOES_NOT_EXIST',
  invalidParameter: 'INVALID_PARAMETER_VALUE',
} as const;

const MAX_SHOWN_MESSAGE = 400;

/** The server answered, and the answer was an error. */
export class MlflowApiError extends Error {
  override readonly name = 'MlflowApiError';
  constructor(
    /** e.g. `POST /api/2.0/mlflow/runs/create` */
    readonly operation: string,
    readonly status: number,
    /** `error_code` of a JSON error body; undefined for plain-text errors (proxies, auth, host checks). */
    readonly errorCode: string | undefined,
    readonly serverMessage: string,
    /** The answer's Retry-After header, for callers that retry by themselves. */
    readonly retryAfter?: string | undefined,
  ) {
    const shown = serverMessage.length > MAX_SHOWN_MESSAGE ? `${serverMessage.slice(0, MAX_SHOWN_MESSAGE)}…` : serverMessage;
    super(`MLflow answered ${operation} with ${status}${errorCode === undefined ? '' : ` ${errorCode}`}${shown === '' ? '' : `: ${shown}`}`);
  }

  static fromBody(operation: string, response: Response, body: unknown): MlflowApiError {
    const retryAfter = response.headers.get('retry-after') ?? undefined;
    if (typeof body === 'object' && body !== null) {
      const { error_code: code, message } = body as { error_code?: unknown; message?: unknown };
      const text = typeof message === 'string' ? message : JSON.stringify(body);
      return new MlflowApiError(operation, response.status, typeof code === 'string' ? code : undefined, text, retryAfter);
    }
    return new MlflowApiError(operation, response.status, undefined, typeof body === 'string' ? body.trim() : '', retryAfter);
  }
}

/** No answer at all (connection refused, reset, DNS, timeout) after every retry. */
export class MlflowUnreachableError extends Error {
  override readonly name = 'MlflowUnreachableError';
  constructor(
    readonly operation: string,
    readonly trackingUri: string,
    readonly attempts: number,
    override readonly cause: unknown,
  ) {
    super(`MLflow at ${trackingUri} did not answer ${operation} after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${describeNetworkError(cause)}`);
  }
}

/** A client-side problem with what would be sent (found before anything is sent). */
export class MlflowInputError extends Error {
  override readonly name = 'MlflowInputError';
}

/** The experiment exists only as a deleted one, or an id names nothing: the user must act. */
export class MlflowExperimentError extends Error {
  override readonly name = 'MlflowExperimentError';
}

/** The run's artifact store is not reachable through the tracking server's proxy. */
export class MlflowArtifactLocationError extends Error {
  override readonly name = 'MlflowArtifactLocationError';
}

/** Node's fetch hides the useful part (ECONNREFUSED...) in `cause`. */
export function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'the request timed out';
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' ? `${code} (${cause.message})` : cause.message;
  }
  return error.message;
}

/** True when logging should be tried again later: the server was down or busy, not wrong. */
export function isTransient(error: unknown): boolean {
  if (error instanceof MlflowUnreachableError) return true;
  return error instanceof MlflowApiError && isTransientStatus(error.status, error.errorCode, error.serverMessage);
}

const TRANSIENT_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
/** 500s that say the data is wrong, not that the server is struggling: retrying cannot help. */
const PERMANENT_SERVER_CODES = new Set(['INVALID_STATE', 'DATA_LOSS', 'NOT_IMPLEMENTED']);

export function isTransientStatus(status: number, errorCode: string | undefined, body: string): boolean {
  if (!TRANSIENT_STATUSES.has(status)) return false;
  if (errorCode !== undefined && PERMANENT_SERVER_CODES.has(errorCode)) return false;
  // A server started with --no-serve-artifacts answers 503 for every artifact call, for good.
  return !(status === 503 && /serve-artifacts|artifact serving is disabled/i.test(body));
}
