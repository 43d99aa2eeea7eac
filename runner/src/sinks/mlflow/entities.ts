import { MlflowInputError } from './errors.js';

/**
 * What MLflow accepts as metric, param and tag keys and values, and how a run's entities are
 * split into log-batch calls. The limits are the tracking server's (the same from 2.21 to 3.x);
 * checking them here turns a half-logged run into one clear error before anything is sent.
 */
export const LIMITS = {
  keyLength: 250,
  paramValueLength: 6000,
  /** 8000 in newer servers; older 2.x stop at 5000, so the portable bound is used. */
  tagValueLength: 5000,
  metricsPerBatch: 1000,
  paramsPerBatch: 100,
  tagsPerBatch: 100,
  entitiesPerBatch: 1000,
  /** The server's bound is 1 MB; keep a margin for the envelope. */
  batchBytes: 900_000,
} as const;

/**
 * Characters outside MLflow's key alphabet (letters, digits, `_ - . /` and space; `:` only on
 * some servers, so never used) are spelled out where they carry meaning and replaced by `_`
 * otherwise. docs/mlflow.md lists this mapping.
 */
export const KEY_REPLACEMENTS: readonly (readonly [string, string])[] = [
  ['^', '_hat_'],
  ['@', '_at_'],
  ['%', '_pct_'],
  ['+', '_plus_'],
  ['=', '_eq_'],
  ['#', '_num_'],
];

export function sanitizeKey(key: string): string {
  let out = key;
  for (const [from, to] of KEY_REPLACEMENTS) out = out.split(from).join(to);
  out = out.replace(/[^A-Za-z0-9_\-. /]/g, '_');
  // MLflow stores some entities as files: a key must equal its own normalized path.
  return out
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => (/^\.+$/.test(segment) ? segment.replace(/\./g, '_') : segment))
    .join('/');
}

/** JSON has no NaN or infinities; MLflow's protobuf JSON reads these spellings instead. */
export type MetricValue = number | 'NaN' | 'Infinity' | '-Infinity';

export interface Metric {
  readonly key: string;
  readonly value: MetricValue;
  readonly timestamp: number;
  readonly step: number;
}
export interface KeyValue {
  readonly key: string;
  readonly value: string;
}

export interface RunEntities {
  readonly params: readonly KeyValue[];
  readonly tags: readonly KeyValue[];
  readonly metrics: readonly Metric[];
}

export function metricValue(value: number): MetricValue {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

/**
 * Sanitizes every key and checks every key and value against the server's rules, reporting all
 * problems in one error. Two different names that sanitize to the same key are an error too: one
 * would silently overwrite the other.
 */
export function checkedEntities(input: RunEntities): RunEntities {
  const problems: string[] = [];
  const sanitize = <T extends { key: string }>(kind: string, entries: readonly T[], maxValue?: number): T[] => {
    const seen = new Map<string, string>();
    const out: T[] = [];
    for (const entry of entries) {
      const key = sanitizeKey(entry.key);
      if (key === '') {
        problems.push(`${kind} "${entry.key}" has no usable characters: expected letters, digits, _ - . / or space`);
        continue;
      }
      if (key.length > LIMITS.keyLength) {
        problems.push(`${kind} key "${key.slice(0, 60)}…" is ${key.length} characters long: expected at most ${LIMITS.keyLength}`);
        continue;
      }
      const earlier = seen.get(key);
      if (earlier !== undefined && !(kind === 'metric' && earlier === entry.key)) {
        problems.push(`${kind}s "${earlier}" and "${entry.key}" both become key "${key}": expected distinct keys`);
        continue;
      }
      seen.set(key, entry.key);
      const value = (entry as { value?: unknown }).value;
      if (maxValue !== undefined && typeof value === 'string' && value.length > maxValue) {
        problems.push(`${kind} "${key}" has a value of ${value.length} characters: expected at most ${maxValue}`);
        continue;
      }
      out.push({ ...entry, key });
    }
    return out;
  };
  const params = sanitize('param', input.params, LIMITS.paramValueLength);
  const tags = sanitize('tag', input.tags, LIMITS.tagValueLength);
  const metrics = sanitize('metric', input.metrics);
  if (problems.length > 0) throw new MlflowInputError(`cannot log to MLflow: ${problems.join('; ')}`);
  return { params, tags, metrics };
}

/**
 * Splits a run's entities into log-batch bodies within the server's limits: each call takes up
 * to 100 params and 100 tags, and metrics fill it up to 1000 entities (or the size bound).
 */
export function toBatches(entities: RunEntities): RunEntities[] {
  const batches: RunEntities[] = [];
  let [params, tags, metrics] = [entities.params, entities.tags, entities.metrics];
  while (params.length + tags.length + metrics.length > 0) {
    const batch = { params: params.slice(0, LIMITS.paramsPerBatch), tags: tags.slice(0, LIMITS.tagsPerBatch), metrics: [] as Metric[] };
    let bytes = JSON.stringify(batch).length;
    const room = Math.min(LIMITS.metricsPerBatch, LIMITS.entitiesPerBatch - batch.params.length - batch.tags.length);
    for (const metric of metrics) {
      const size = JSON.stringify(metric).length + 1;
      if (batch.metrics.length >= room || bytes + size > LIMITS.batchBytes) break;
      batch.metrics.push(metric);
      bytes += size;
    }
    [params, tags, metrics] = [params.slice(batch.params.length), tags.slice(batch.tags.length), metrics.slice(batch.metrics.length)];
    batches.push(batch);
  }
  return batches;
}
