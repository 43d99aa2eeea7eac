import { inspect } from 'node:util';
import { z } from 'zod';

/**
 * Where and how results are logged to MLflow, read from the same variables MLflow's own Python
 * client reads, so a user's existing MLflow environment works unchanged.
 */

/** A credential that never shows up in a log line, an error message or JSON by accident. */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return '[redacted]';
  }
  toJSON(): string {
    return '[redacted]';
  }
  [inspect.custom](): string {
    return 'Secret([redacted])';
  }
}

export type MlflowAuth =
  | { readonly kind: 'none' }
  | { readonly kind: 'basic'; readonly username: string; readonly password: Secret }
  | { readonly kind: 'bearer'; readonly token: Secret };

export type ExperimentSelector = { readonly id: string } | { readonly name: string };

export interface MlflowRetryPolicy {
  /** Retries after the first attempt; 0 sends each request once. */
  readonly maxRetries: number;
  /** The first retry waits this long, each further one twice as long (capped), unless Retry-After says otherwise. */
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
  readonly requestTimeoutMs: number;
}

export interface MlflowSettings {
  /** http(s) origin plus any path prefix, without credentials and without a trailing slash. */
  readonly trackingUri: string;
  readonly experiment: ExperimentSelector;
  readonly auth: MlflowAuth;
  readonly retry: MlflowRetryPolicy;
  /** CLAWBENCH_MATRIX_ID: the eval matrix this run belongs to, logged as tag `matrix_id`. */
  readonly matrixId: string | undefined;
}

export const DEFAULT_EXPERIMENT_NAME = 'clawbench';
/** Longest experiment name MLflow accepts. */
export const MAX_EXPERIMENT_NAME_LENGTH = 500;
/** Python's client allows at most 10 retries too; more would only hide a dead server. */
export const MAX_RETRIES_LIMIT = 10;
const MAX_BACKOFF_MS = 30_000;

const blankIsUnset = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const optionalText = z.preprocess(blankIsUnset, z.string().optional());

/** A number within [min, max] read from a string variable, or the fallback when unset. */
function boundedNumber(
  name: string,
  raw: string | undefined,
  range: { min: number; max: number; fallback: number; integer?: boolean },
  problem: (message: string) => void,
): number {
  if (raw === undefined) return range.fallback;
  const value = Number(raw.trim());
  if (!Number.isFinite(value) || value < range.min || value > range.max || (range.integer === true && !Number.isInteger(value))) {
    problem(`${name} "${raw}" is not valid: expected ${range.integer === true ? 'a whole number' : 'a number'} from ${range.min} to ${range.max}`);
    return range.fallback;
  }
  return value;
}

/** The environment variables read, each as given (blank counts as unset). */
export const MlflowEnvSchema = z
  .object({
    MLFLOW_TRACKING_URI: optionalText,
    MLFLOW_EXPERIMENT_ID: optionalText,
    MLFLOW_EXPERIMENT_NAME: optionalText,
    MLFLOW_TRACKING_USERNAME: optionalText,
    MLFLOW_TRACKING_PASSWORD: optionalText,
    MLFLOW_TRACKING_TOKEN: optionalText,
    MLFLOW_HTTP_REQUEST_MAX_RETRIES: optionalText,
    MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR: optionalText,
    MLFLOW_HTTP_REQUEST_TIMEOUT: optionalText,
    CLAWBENCH_MATRIX_ID: optionalText,
  })
  .transform((env, ctx): MlflowSettings => {
    const problem = (message: string) => ctx.addIssue({ code: 'custom', message });
    const tracking = parseTrackingUri(env.MLFLOW_TRACKING_URI, problem);

    if (env.MLFLOW_EXPERIMENT_ID !== undefined && env.MLFLOW_EXPERIMENT_NAME !== undefined) {
      problem(
        `MLFLOW_EXPERIMENT_ID "${env.MLFLOW_EXPERIMENT_ID}" and MLFLOW_EXPERIMENT_NAME "${env.MLFLOW_EXPERIMENT_NAME}" are both set: expected only one (the id of an existing experiment, or a name to create or reuse)`,
      );
    }
    if (env.MLFLOW_EXPERIMENT_ID !== undefined && !/^[0-9A-Za-z_-]+$/.test(env.MLFLOW_EXPERIMENT_ID)) {
      problem(`MLFLOW_EXPERIMENT_ID "${env.MLFLOW_EXPERIMENT_ID}" is not an experiment id: expected the id MLflow shows for the experiment, e.g. 4`);
    }
    if (env.MLFLOW_EXPERIMENT_NAME !== undefined && env.MLFLOW_EXPERIMENT_NAME.length > MAX_EXPERIMENT_NAME_LENGTH) {
      problem(`MLFLOW_EXPERIMENT_NAME is ${env.MLFLOW_EXPERIMENT_NAME.length} characters long: expected at most ${MAX_EXPERIMENT_NAME_LENGTH}`);
    }
    const experiment: ExperimentSelector =
      env.MLFLOW_EXPERIMENT_ID !== undefined ? { id: env.MLFLOW_EXPERIMENT_ID } : { name: env.MLFLOW_EXPERIMENT_NAME ?? DEFAULT_EXPERIMENT_NAME };

    const username = env.MLFLOW_TRACKING_USERNAME ?? tracking.username;
    const password = env.MLFLOW_TRACKING_PASSWORD ?? tracking.password;
    let auth: MlflowAuth = { kind: 'none' };
    if (tracking.username !== undefined && env.MLFLOW_TRACKING_USERNAME !== undefined) {
      problem('MLFLOW_TRACKING_URI carries a user name and MLFLOW_TRACKING_USERNAME is set too: expected the credentials in one place only');
    }
    if ((username === undefined) !== (password === undefined)) {
      problem(
        username === undefined
          ? 'MLFLOW_TRACKING_PASSWORD is set but MLFLOW_TRACKING_USERNAME is not: expected both (HTTP Basic auth) or neither'
          : 'MLFLOW_TRACKING_USERNAME is set but MLFLOW_TRACKING_PASSWORD is not: expected both (HTTP Basic auth) or neither',
      );
    } else if (username !== undefined && password !== undefined) {
      if (username.includes(':')) {
        problem(`MLFLOW_TRACKING_USERNAME "${username}" contains ":": expected a user name without ":" (HTTP Basic auth cannot carry it)`);
      }
      auth = { kind: 'basic', username, password: new Secret(password) };
    }
    if (env.MLFLOW_TRACKING_TOKEN !== undefined) {
      if (auth.kind === 'basic') {
        problem('MLFLOW_TRACKING_TOKEN and a user name/password are both set: expected one way to authenticate (token: Bearer, or user name and password: Basic)');
      }
      auth = { kind: 'bearer', token: new Secret(env.MLFLOW_TRACKING_TOKEN) };
    }

    const maxRetries = boundedNumber('MLFLOW_HTTP_REQUEST_MAX_RETRIES', env.MLFLOW_HTTP_REQUEST_MAX_RETRIES, { min: 0, max: MAX_RETRIES_LIMIT, fallback: 5, integer: true }, problem);
    const backoffSeconds = boundedNumber('MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR', env.MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR, { min: 0, max: 60, fallback: 1 }, problem);
    const timeoutSeconds = boundedNumber('MLFLOW_HTTP_REQUEST_TIMEOUT', env.MLFLOW_HTTP_REQUEST_TIMEOUT, { min: 0.1, max: 3600, fallback: 120 }, problem);
    const backoffMs = backoffSeconds * 1000;
    if (env.CLAWBENCH_MATRIX_ID !== undefined && !/^[A-Za-z0-9._-]{1,253}$/.test(env.CLAWBENCH_MATRIX_ID)) {
      problem(`CLAWBENCH_MATRIX_ID "${env.CLAWBENCH_MATRIX_ID}" is not a matrix id: expected up to 253 letters, digits, ".", "_" or "-"`);
    }
    return {
      trackingUri: tracking.uri,
      experiment,
      auth,
      retry: {
        maxRetries,
        backoffMs,
        maxBackoffMs: Math.max(backoffMs, MAX_BACKOFF_MS),
        requestTimeoutMs: timeoutSeconds * 1000,
      },
      matrixId: env.CLAWBENCH_MATRIX_ID,
    };
  });

/**
 * Node's fetch refuses URLs with credentials in them, so `http://user:pass@host` is split into a
 * bare URI and Basic credentials. Messages never repeat the password.
 */
function parseTrackingUri(
  raw: string | undefined,
  problem: (message: string) => void,
): { uri: string; username?: string | undefined; password?: string | undefined } {
  const expected = 'expected http(s)://host[:port][/path], e.g. http://mlflow-service.mlflow.svc.cluster.local:5000';
  if (raw === undefined) {
    problem(`MLFLOW_TRACKING_URI is not set: ${expected}`);
    return { uri: '' };
  }
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    problem(`MLFLOW_TRACKING_URI "${redactUserinfo(raw)}" is not an http(s) url: ${expected}`);
    return { uri: '' };
  }
  const shown = redactUserinfo(raw);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    problem(`MLFLOW_TRACKING_URI "${shown}" is not an http(s) url: ${expected} (results are logged to a tracking server over REST)`);
  }
  if (url.search !== '' || url.hash !== '') {
    problem(`MLFLOW_TRACKING_URI "${shown}" has a query or fragment: ${expected}`);
  }
  const username = url.username === '' ? undefined : decodeURIComponent(url.username);
  const password = url.password === '' ? undefined : decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  return { uri: url.toString().replace(/\/+$/, ''), username, password };
}

/** The URI as it may be shown: any password in it replaced. */
export function redactUserinfo(uri: string): string {
  return uri.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/@]*)@/i, (_match, scheme: string, userinfo: string) => {
    const user = userinfo.split(':')[0] ?? '';
    return `${scheme}${user === '' ? '' : `${user}:`}[redacted]@`;
  });
}

export class MlflowSettingsError extends Error {
  override readonly name = 'MlflowSettingsError';
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
  }
}

/** Every problem with the MLflow variables at once, or the settings. */
export function parseMlflowSettings(env: Readonly<Record<string, string | undefined>>): MlflowSettings {
  const parsed = MlflowEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new MlflowSettingsError(parsed.error.issues.map((issue) => issue.message));
  }
  return parsed.data;
}
