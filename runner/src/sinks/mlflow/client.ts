import createClient from 'openapi-fetch';
import type { ExperimentSelector, MlflowAuth, MlflowRetryPolicy } from '../../config/mlflow-settings.js';
import { toBatches, type Metric as MetricEntry, type RunEntities } from './entities.js';
import { ErrorCode, isTransient, MlflowApiError, MlflowArtifactLocationError, MlflowExperimentError, MlflowInputError } from './errors.js';
import { createMlflowFetch, pause, type FetchLike, type RetryingFetchOptions, type RetryNotice } from './http.js';
import type { components, paths } from './mlflow-api.js';

export type Experiment = components['schemas']['Experiment'];
export type Run = components['schemas']['Run'];
export type RunStatus = components['schemas']['RunStatus'];
type Metric = components['schemas']['Metric'];

export interface MlflowConnection {
  readonly trackingUri: string;
  readonly auth: MlflowAuth;
  readonly retry: MlflowRetryPolicy;
}

const ARTIFACTS_ROUTE = '/api/2.0/mlflow-artifacts/artifacts';

type Result<T> = { data?: T; error?: unknown; response: Response };

/**
 * The REST calls the logger needs, typed from openapi/mlflow.yaml. Idempotent calls are retried
 * by the transport. runs/create and runs/log-batch are not idempotent in MLflow (a second run, a
 * refused duplicate metric), so each attempt is sent once and, after a failure, the server's
 * state is read back before the next: a lost answer never leaves two runs or a stuck batch.
 */
export class MlflowClient {
  readonly #api;
  readonly #once: FetchLike;
  readonly #fetch: FetchLike;
  readonly #transport: RetryingFetchOptions;

  constructor(
    readonly connection: MlflowConnection,
    onRetry?: (notice: RetryNotice) => void,
  ) {
    this.#transport = { trackingUri: connection.trackingUri, auth: connection.auth, policy: connection.retry, onRetry };
    this.#fetch = createMlflowFetch(this.#transport);
    this.#once = createMlflowFetch(this.#transport, false);
    this.#api = createClient<paths>({ baseUrl: connection.trackingUri, fetch: this.#fetch });
  }

  async getExperimentByName(name: string): Promise<Experiment | undefined> {
    const result = await this.#api.GET('/api/2.0/mlflow/experiments/get-by-name', { params: { query: { experiment_name: name } } });
    return orMissing(result, 'GET /api/2.0/mlflow/experiments/get-by-name')?.experiment;
  }

  async getExperiment(id: string): Promise<Experiment | undefined> {
    const result = await this.#api.GET('/api/2.0/mlflow/experiments/get', { params: { query: { experiment_id: id } } });
    return orMissing(result, 'GET /api/2.0/mlflow/experiments/get')?.experiment;
  }

  /**
   * The experiment to log into, as Python's `mlflow.set_experiment` picks it: a name is created
   * when missing (another process creating it at the same moment is fine); an id must exist.
   * A deleted experiment is never used or restored silently.
   */
  async resolveExperiment(selector: ExperimentSelector): Promise<{ experiment: Experiment; created: boolean }> {
    if ('id' in selector) {
      const experiment = await this.getExperiment(selector.id);
      if (experiment === undefined) {
        throw new MlflowExperimentError(
          `MLFLOW_EXPERIMENT_ID "${selector.id}": no such experiment on ${this.connection.trackingUri}: expected the id of an existing experiment, or set MLFLOW_EXPERIMENT_NAME instead to create one`,
        );
      }
      return { experiment: activeExperiment(experiment), created: false };
    }
    const existing = await this.getExperimentByName(selector.name);
    if (existing !== undefined) return { experiment: activeExperiment(existing), created: false };
    const created = await this.#api.POST('/api/2.0/mlflow/experiments/create', { body: { name: selector.name } });
    if (created.error === undefined && created.data !== undefined) {
      const experiment = await this.getExperiment(created.data.experiment_id);
      if (experiment !== undefined) return { experiment, created: true };
    } else {
      const error = MlflowApiError.fromBody('POST /api/2.0/mlflow/experiments/create', created.response, created.error);
      // Taken meanwhile by a concurrent logger, or by a deleted experiment: look again.
      if (error.errorCode !== ErrorCode.alreadyExists) throw error;
    }
    const raced = await this.getExperimentByName(selector.name);
    if (raced === undefined) {
      throw new MlflowExperimentError(`MLflow experiment "${selector.name}" was reported created or existing, but ${this.connection.trackingUri} cannot find it by name`);
    }
    return { experiment: activeExperiment(raced), created: false };
  }

  /** Active runs of the experiment carrying tag `key` = `value`, oldest first. */
  async findRunsByTag(experimentId: string, key: string, value: string): Promise<Run[]> {
    if (/['"\\`]/.test(value) || /[^A-Za-z0-9_.]/.test(key)) {
      throw new MlflowInputError(`tag ${key} "${value}" cannot be searched for: expected a value without quotes or backslashes`);
    }
    const result = await this.#api.POST('/api/2.0/mlflow/runs/search', {
      body: {
        experiment_ids: [experimentId],
        filter: `tags.\`${key}\` = '${value}'`,
        run_view_type: 'ACTIVE_ONLY',
        max_results: 100,
        order_by: ['attributes.start_time ASC'],
      },
    });
    return required(result, 'POST /api/2.0/mlflow/runs/search').runs ?? [];
  }

  async getRun(runId: string): Promise<Run> {
    const result = await this.#api.GET('/api/2.0/mlflow/runs/get', { params: { query: { run_id: runId } } });
    return required(result, 'GET /api/2.0/mlflow/runs/get').run;
  }

  async metricHistory(runId: string, key: string): Promise<Metric[]> {
    const history: Metric[] = [];
    let pageToken: string | undefined;
    do {
      const query = { run_id: runId, metric_key: key, ...(pageToken === undefined ? {} : { page_token: pageToken }) };
      const page = required(await this.#api.GET('/api/2.0/mlflow/metrics/get-history', { params: { query } }), 'GET /api/2.0/mlflow/metrics/get-history');
      history.push(...(page.metrics ?? []));
      pageToken = page.next_page_token || undefined;
    } while (pageToken !== undefined);
    return history;
  }

  /**
   * The run tagged `idTag`, created when there is none. A create whose answer is lost may still
   * have happened, so before trying again the search runs again.
   */
  async findOrCreateRun(request: {
    experimentId: string;
    runName: string;
    idTag: { key: string; value: string };
    tags: readonly { key: string; value: string }[];
    startTime: number;
  }): Promise<{ run: Run; created: boolean; duplicates: number }> {
    const { experimentId, idTag } = request;
    const search = async () => {
      const existing = await this.findRunsByTag(experimentId, idTag.key, idTag.value);
      return existing[0] === undefined ? undefined : { run: existing[0], created: false, duplicates: existing.length - 1 };
    };
    const found = await search();
    if (found !== undefined) return found;
    let raced: Awaited<ReturnType<typeof search>>;
    const created = await this.#attempts(
      'POST /api/2.0/mlflow/runs/create',
      async () => {
        const result = await this.#api.POST('/api/2.0/mlflow/runs/create', {
          fetch: this.#once,
          body: {
            experiment_id: experimentId,
            run_name: request.runName,
            start_time: request.startTime,
            tags: [idTag, ...request.tags.filter((tag) => tag.key !== idTag.key)],
          },
        });
        return required(result, 'POST /api/2.0/mlflow/runs/create').run;
      },
      async () => (raced = await search()) !== undefined,
    );
    return created === undefined ? raced! : { run: created, created: true, duplicates: 0 };
  }

  /**
   * Sends what the run does not hold yet, in as few calls as the server's limits allow. A batch
   * that failed may still have been stored (in part), and MLflow refuses a metric value logged
   * twice, so before trying again the run is read back and only the rest is sent.
   */
  async logMissing(run: Run, entities: RunEntities): Promise<{ calls: number; sent: RunEntities }> {
    const runId = run.info.run_id;
    const sent = await this.#missing(run, entities);
    let calls = 0;
    for (const batch of toBatches(sent)) {
      let pending = batch;
      await this.#attempts(
        'POST /api/2.0/mlflow/runs/log-batch',
        async () => {
          calls += 1;
          const body = { run_id: runId, params: [...pending.params], tags: [...pending.tags], metrics: [...pending.metrics] };
          required(await this.#api.POST('/api/2.0/mlflow/runs/log-batch', { fetch: this.#once, body }), 'POST /api/2.0/mlflow/runs/log-batch');
        },
        async () => {
          pending = await this.#missing(await this.getRun(runId), pending);
          return pending.params.length + pending.tags.length + pending.metrics.length === 0;
        },
      );
    }
    return { calls, sent };
  }

  /**
   * The entities `run` lacks. Params are write-once: one logged with another value means
   * benchmark.json changed under the same submission id, reported here rather than as MLflow's
   * less useful error.
   */
  async #missing(run: Run, entities: RunEntities): Promise<RunEntities> {
    const data = run.data ?? {};
    const params = new Map((data.params ?? []).map((param) => [param.key, param.value]));
    const changed = entities.params.filter((param) => params.has(param.key) && params.get(param.key) !== param.value);
    if (changed.length > 0) {
      const listed = changed.map((param) => `${param.key} "${params.get(param.key)}" → "${param.value}"`).join(', ');
      throw new MlflowInputError(
        `run ${run.info.run_id} of this submission already has different params (${listed}): MLflow params cannot change; expected the same benchmark.json, or a new submission id for a new eval`,
      );
    }
    const tags = new Map((data.tags ?? []).map((tag) => [tag.key, tag.value]));
    const latest = new Map((data.metrics ?? []).map((metric) => [metric.key, metric]));
    const wanted = new Map<string, MetricEntry[]>();
    for (const metric of entities.metrics) wanted.set(metric.key, [...(wanted.get(metric.key) ?? []), metric]);
    const metrics: MetricEntry[] = [];
    for (const [key, values] of wanted) {
      const last = latest.get(key);
      if (last === undefined) {
        metrics.push(...values);
        continue;
      }
      // Only the latest value comes with the run; a series (or a changed value) needs its history.
      const logged = values.length === 1 && sameMetric(values[0]!, last) ? [last] : await this.metricHistory(run.info.run_id, key);
      metrics.push(...values.filter((value) => !logged.some((entry) => sameMetric(entry, value))));
    }
    return {
      params: entities.params.filter((param) => !params.has(param.key)),
      tags: entities.tags.filter((tag) => tags.get(tag.key) !== tag.value),
      metrics,
    };
  }

  /**
   * Runs a call that must not simply be repeated: after a transient failure it waits as the
   * transport would, then `settled` looks at the server's state and says whether the call took
   * effect after all (then undefined is returned) or must be tried again.
   */
  async #attempts<T>(operation: string, call: () => Promise<T>, settled: () => Promise<boolean>): Promise<T | undefined> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await call();
      } catch (error) {
        if (!isTransient(error) || attempt > this.#transport.policy.maxRetries) throw error;
        const reason = error instanceof MlflowApiError ? `answered ${error.status}` : 'no answer';
        await pause(this.#transport, operation, attempt, reason, error instanceof MlflowApiError ? error.retryAfter : undefined);
        if (await settled()) return undefined;
      }
    }
  }

  async setTag(runId: string, key: string, value: string): Promise<void> {
    required(await this.#api.POST('/api/2.0/mlflow/runs/set-tag', { body: { run_id: runId, key, value } }), 'POST /api/2.0/mlflow/runs/set-tag');
  }

  async endRun(runId: string, status: RunStatus, endTime: number): Promise<void> {
    const result = await this.#api.POST('/api/2.0/mlflow/runs/update', { body: { run_id: runId, status, end_time: endTime } });
    required(result, 'POST /api/2.0/mlflow/runs/update');
  }

  /**
   * Stores one file under the run's artifact root through the server's proxy. The URL is built
   * by hand because the path's `/` must stay unencoded.
   */
  async uploadArtifact(run: Run, path: string, body: Uint8Array, contentType: string): Promise<void> {
    const url = this.artifactUrl(run, path);
    const request = new Request(url, { method: 'PUT', body, headers: { 'content-type': contentType } });
    const response = await this.#fetch(request);
    if (!response.ok) {
      throw MlflowApiError.fromBody(`PUT ${new URL(url).pathname}`, response, parseBody(await response.text()));
    }
  }

  /** `mlflow-artifacts:/1/<run>/artifacts` + `benchmark.json` → `<tracking>/api/2.0/mlflow-artifacts/artifacts/1/<run>/artifacts/benchmark.json`. */
  artifactUrl(run: Run, path: string): string {
    const root = run.info.artifact_uri ?? '';
    const match = /^mlflow-artifacts:(?:\/\/([^/]*))?\/?(.*)$/.exec(root);
    if (match === null) {
      throw new MlflowArtifactLocationError(
        `run ${run.info.run_id} stores artifacts at "${root}", which this client cannot write: expected an mlflow-artifacts:/ location (start the server with --serve-artifacts and --artifacts-destination, without a local --default-artifact-root)`,
      );
    }
    const segments = [...(match[2] ?? '').split('/'), ...path.split('/')].filter((segment) => segment !== '');
    // The server decodes the path (repeatedly) and refuses these, so they are caught here first.
    if (segments.some((segment) => segment === '..' || segment === '.' || /[#%\\]/.test(segment))) {
      throw new MlflowInputError(`artifact path "${path}" is not allowed: expected a relative path without . or .. segments, #, % or \\`);
    }
    const base = new URL(this.connection.trackingUri);
    if (match[1] !== undefined && match[1] !== '') base.host = match[1];
    return `${base.toString().replace(/\/+$/, '')}${ARTIFACTS_ROUTE}/${segments.map(encodeURIComponent).join('/')}`;
  }
}

function activeExperiment(experiment: Experiment): Experiment {
  if (experiment.lifecycle_stage === 'deleted') {
    throw new MlflowExperimentError(
      `MLflow experiment "${experiment.name}" (id ${experiment.experiment_id}) is deleted: restore it (MLflow UI, or \`mlflow experiments restore --experiment-id ${experiment.experiment_id}\`), remove it for good (\`mlflow gc\`), or choose another experiment with MLFLOW_EXPERIMENT_NAME / MLFLOW_EXPERIMENT_ID`,
    );
  }
  return experiment;
}

function required<T>(result: Result<T>, operation: string): T {
  if (result.error !== undefined || !result.response.ok) {
    throw MlflowApiError.fromBody(operation, result.response, result.error);
  }
  // MLflow answers `{}` (or nothing) when a call has nothing to return.
  return result.data ?? ({} as T);
}

/** The answer, or undefined when the server says the thing does not exist. */
function orMissing<T>(result: Result<T>, operation: string): T | undefined {
  if (result.error !== undefined || !result.response.ok) {
    const error = MlflowApiError.fromBody(operation, result.response, result.error);
    if (error.errorCode === ErrorCode.doesNotExist) return undefined;
    throw error;
  }
  return required(result, operation);
}

function sameMetric(a: Metric, b: Metric): boolean {
  return a.key === b.key && String(a.value) === String(b.value) && a.timestamp === b.timestamp && (a.step ?? 0) === (b.step ?? 0);
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
