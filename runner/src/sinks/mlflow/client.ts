import { setTimeout as sleep } from 'node:timers/promises';
import createClient from 'openapi-fetch';
import type { ExperimentSelector, MlflowAuth, MlflowRetryPolicy } from '../../config/mlflow-settings.js';
import { toBatches, type RunEntities } from './entities.js';
import { ErrorCode, isTransient, MlflowApiError, MlflowInputError } from './errors.js';
import { createMlflowFetch, retryDelayMs, type FetchLike, type RetryNotice } from './http.js';
import type { components, paths } from './mlflow-api.js';

export type Experiment = components['schemas']['Experiment'];
export type Run = components['schemas']['Run'];
export type RunStatus = components['schemas']['RunStatus'];

export interface MlflowConnection {
  readonly trackingUri: string;
  readonly auth: MlflowAuth;
  readonly retry: MlflowRetryPolicy;
}

/** The experiment exists only as a deleted one, or an id names nothing: the user must act. */
export class MlflowExperimentError extends Error {
  override readonly name = 'MlflowExperimentError';
}

/** The run's artifact store is not reachable through the tracking server's proxy. */
export class MlflowArtifactLocationError extends Error {
  override readonly name = 'MlflowArtifactLocationError';
}

const ARTIFACTS_ROUTE = '/api/2.0/mlflow-artifacts/artifacts';

type Result<T> = { data?: T; error?: unknown; response: Response };

/**
 * The REST calls the logger needs, typed from openapi/mlflow.yaml. Every call but runs/create is
 * idempotent and retried by the transport; runs/create is sent once per attempt and guarded by a
 * search, so a lost answer never leaves two runs behind.
 */
export class MlflowClient {
  readonly #api;
  readonly #once: FetchLike;
  readonly #fetch: FetchLike;
  readonly #retry: MlflowRetryPolicy;

  constructor(
    readonly connection: MlflowConnection,
    onRetry?: (notice: RetryNotice) => void,
  ) {
    const transport = { trackingUri: connection.trackingUri, auth: connection.auth, policy: connection.retry, onRetry };
    this.#fetch = createMlflowFetch(transport);
    this.#once = createMlflowFetch(transport, false);
    this.#retry = connection.retry;
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
      const error = MlflowApiError.fromBody('POST /api/2.0/mlflow/experiments/create', created.response.status, created.error);
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

  /**
   * The run tagged `idTag`, created when there is none. A create whose answer is lost may still
   * have happened, so after a failed attempt the search runs again before another create.
   */
  async findOrCreateRun(request: {
    experimentId: string;
    runName: string;
    idTag: { key: string; value: string };
    tags: readonly { key: string; value: string }[];
    startTime: number;
  }): Promise<{ run: Run; created: boolean; duplicates: number }> {
    const { experimentId, idTag } = request;
    for (let attempt = 1; ; attempt += 1) {
      const existing = await this.findRunsByTag(experimentId, idTag.key, idTag.value);
      const [first] = existing;
      if (first !== undefined) return { run: first, created: false, duplicates: existing.length - 1 };
      const result = await this.#api.POST('/api/2.0/mlflow/runs/create', {
        fetch: this.#once,
        body: {
          experiment_id: experimentId,
          run_name: request.runName,
          start_time: request.startTime,
          tags: [idTag, ...request.tags.filter((tag) => tag.key !== idTag.key)],
        },
      });
      try {
        return { run: required(result, 'POST /api/2.0/mlflow/runs/create').run, created: true, duplicates: 0 };
      } catch (error) {
        if (!isTransient(error) || attempt > this.#retry.maxRetries) throw error;
        await sleep(retryDelayMs(this.#retry, attempt, result.response.headers.get('retry-after')));
      }
    }
  }

  /** Logs everything in as few calls as the server's limits allow. */
  async logBatch(runId: string, entities: RunEntities): Promise<number> {
    const batches = toBatches(entities);
    for (const batch of batches) {
      const result = await this.#api.POST('/api/2.0/mlflow/runs/log-batch', {
        body: { run_id: runId, params: [...batch.params], tags: [...batch.tags], metrics: [...batch.metrics] },
      });
      required(result, 'POST /api/2.0/mlflow/runs/log-batch');
    }
    return batches.length;
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
      throw MlflowApiError.fromBody(`PUT ${new URL(url).pathname}`, response.status, parseBody(await response.text()));
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
    if (segments.some((segment) => segment === '..' || segment === '.')) {
      throw new MlflowInputError(`artifact path "${path}" is not allowed: expected a relative path without . or .. segments`);
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
    throw MlflowApiError.fromBody(operation, result.response.status, result.error);
  }
  // MLflow answers `{}` (or nothing) when a call has nothing to return.
  return result.data ?? ({} as T);
}

/** The answer, or undefined when the server says the thing does not exist. */
function orMissing<T>(result: Result<T>, operation: string): T | undefined {
  if (result.error !== undefined || !result.response.ok) {
    const error = MlflowApiError.fromBody(operation, result.response.status, result.error);
    if (error.errorCode === ErrorCode.doesNotExist) return undefined;
    throw error;
  }
  return required(result, operation);
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
