import { Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { recommendedLabels, type AppIdentity } from './labels.js';
import { readWriteOnceClaim, secretKeyEnv } from './objects.js';
import {
  DEFAULT_MODEL,
  DEFAULT_SECRET_NAME,
  GATEWAY_TOKEN_KEY,
  PROVIDER_KEY_NAMES,
  type IOpenClawGateway,
} from './openclaw-gateway.js';
import { NODE_USER, containerResources, restrictedContainerSecurityContext } from './pod-security.js';
import { check, dnsLabel, httpUrl, imageRef, modelRef, positiveWholeNumber, taskId } from './validation.js';

/** The runner image used when none is given: the one `runner/Dockerfile` builds, loaded locally. */
export const DEFAULT_CLAWBENCH_IMAGE = 'clawbench:latest';
/** Where the sidecar writes `benchmark.json` and `runs.jsonl`. */
export const RESULTS_PATH = '/results';
/** The experiment results are logged to when neither an id nor a name is given. */
export const DEFAULT_EXPERIMENT_NAME = 'clawbench';

const SIDECAR_IDENTITY: AppIdentity = { name: 'clawbench', instance: 'clawbench', component: 'eval' };

/** Props of {@link ClawbenchSidecar}. */
export interface ClawbenchSidecarProps {
  /** The gateway whose pod the sidecar joins: one this app created, or `OpenClawGateway.fromDeploymentName`. */
  readonly gateway: IOpenClawGateway;
  /**
   * The runner image; its `clawbench` command must be on PATH and it must run as uid 1000.
   * @default DEFAULT_CLAWBENCH_IMAGE
   */
  readonly image?: string;
  /**
   * The model under test, `provider/model`.
   * @default DEFAULT_MODEL
   */
  readonly model?: string;
  /**
   * A separate judge model, `provider/model`; the sidecar then also gets the provider keys.
   * @default - no judge
   */
  readonly judgeModel?: string;
  /**
   * Task ids to run.
   * @default - every task of the suite
   */
  readonly tasks?: readonly string[];
  /**
   * Runs per task.
   * @default 3
   */
  readonly runs?: number;
  /**
   * Parallel eval lanes.
   * @default 4
   */
  readonly concurrency?: number;
  /**
   * Seconds to wait for the gateway to accept connections.
   * @default 120
   */
  readonly connectTimeoutSeconds?: number;
  /**
   * Seconds one gateway request may take.
   * @default 300
   */
  readonly requestTimeoutSeconds?: number;
  /**
   * Wall-clock seconds one run may take.
   * @default 600
   */
  readonly perRunBudgetSeconds?: number;
  /**
   * The OpenAI-compatible endpoint the gateway uses, passed on for reports.
   * @default - none
   */
  readonly openaiApiBase?: string;
  /**
   * MLflow to log results to, e.g. `MlflowServer.trackingUri`.
   * @default - results are not logged to MLflow
   */
  readonly mlflowTrackingUri?: string;
  /**
   * An existing MLflow experiment id; exclusive with `mlflowExperimentName`.
   * @default - the experiment named `mlflowExperimentName`
   */
  readonly mlflowExperimentId?: string;
  /**
   * The MLflow experiment name, created if missing; exclusive with `mlflowExperimentId`.
   * @default DEFAULT_EXPERIMENT_NAME, unless `mlflowExperimentId` is set
   */
  readonly mlflowExperimentName?: string;
  /**
   * The existing Secret holding `OPENCLAW_GATEWAY_TOKEN` (and provider keys).
   * @default DEFAULT_SECRET_NAME
   */
  readonly secretName?: string;
  /**
   * Keep `/results` on the PVC `clawbench-results-pvc`, so a restarted sidecar resumes from its
   * `runs.jsonl`; false puts it on an emptyDir that lives as long as the pod.
   * @default true
   */
  readonly persistResults?: boolean;
  /**
   * Size of the results PVC.
   * @default Size.gibibytes(1)
   */
  readonly resultsStorage?: Size;
  /**
   * Storage class of the results PVC.
   * @default - the cluster's default storage class
   */
  readonly storageClassName?: string;
}

/**
 * The eval runner as container `clawbench` in the gateway's pod: it reaches the gateway on
 * loopback, sees the agent's workspaces at the same paths as the gateway (the home volume is
 * mounted at the same place), takes its settings from ConfigMap `clawbench-config` and the
 * gateway token from Secret `clawbench-secrets`, and writes `/results`.
 */
export class ClawbenchSidecar extends Construct {
  /** The settings the runner reads, as in ConfigMap `clawbench-config`. */
  public readonly settings: Readonly<Record<string, string>>;
  public readonly configMap: k8s.KubeConfigMap;
  public readonly resultsClaim?: k8s.KubePersistentVolumeClaim;
  public readonly container: k8s.Container;

  constructor(scope: Construct, id: string, props: ClawbenchSidecarProps) {
    super(scope, id);
    const { gateway } = props;
    const namespace = gateway.namespace;
    const image = check('clawbench image', props.image ?? DEFAULT_CLAWBENCH_IMAGE, imageRef);
    const secretName = check('secret name', props.secretName ?? DEFAULT_SECRET_NAME, dnsLabel);
    if (props.mlflowExperimentId !== undefined && props.mlflowExperimentName !== undefined) {
      throw new Error(
        `mlflow experiment id "${props.mlflowExperimentId}" and name "${props.mlflowExperimentName}" are both set: expected only one of them`,
      );
    }
    const labels = recommendedLabels(SIDECAR_IDENTITY);
    const metadata = (name: string) => ({ name, namespace, labels });

    this.settings = sidecarSettings(props);
    this.configMap = new k8s.KubeConfigMap(this, 'config', {
      metadata: metadata('clawbench-config'),
      data: { ...this.settings },
    });

    let resultsVolume: k8s.Volume = { name: 'clawbench-results', emptyDir: {} };
    if (props.persistResults ?? true) {
      this.resultsClaim = readWriteOnceClaim(
        this,
        'results',
        metadata('clawbench-results-pvc'),
        props.resultsStorage ?? Size.gibibytes(1),
        props.storageClassName,
      );
      resultsVolume = { name: 'clawbench-results', persistentVolumeClaim: { claimName: this.resultsClaim.name } };
    }
    const tmpVolume: k8s.Volume = { name: 'clawbench-tmp', emptyDir: {} };

    this.container = {
      name: 'clawbench',
      image,
      imagePullPolicy: 'IfNotPresent',
      command: ['clawbench', 'sidecar'],
      envFrom: [{ configMapRef: { name: this.configMap.name } }],
      env: [
        secretKeyEnv(secretName, GATEWAY_TOKEN_KEY, false),
        // a judge calls its provider directly
        ...(props.judgeModel === undefined ? [] : PROVIDER_KEY_NAMES.map((key) => secretKeyEnv(secretName, key, true))),
      ],
      resources: containerResources({ cpu: '500m', memory: '1Gi' }, { cpu: '2', memory: '4Gi' }),
      securityContext: restrictedContainerSecurityContext(NODE_USER),
      volumeMounts: [
        // same path as in the gateway: task workspaces have one absolute path on both sides
        { name: gateway.homeVolumeName, mountPath: gateway.homePath },
        { name: resultsVolume.name, mountPath: RESULTS_PATH },
        { name: tmpVolume.name, mountPath: '/tmp' },
      ],
    };
    gateway.addSidecar({
      container: this.container,
      volumes: [resultsVolume, tmpVolume],
      dependencies: [this.configMap, ...(this.resultsClaim === undefined ? [] : [this.resultsClaim])],
    });
  }
}

/** The ConfigMap data: every tuning key with its value; optional ones only when set. */
function sidecarSettings(props: ClawbenchSidecarProps): Record<string, string> {
  const wholeNumber = (what: string, value: number | undefined, fallback: number) =>
    String(check(what, value ?? fallback, positiveWholeNumber));
  const optional = (key: string, value: string | undefined): Record<string, string> =>
    value === undefined ? {} : { [key]: value };
  const tasks = (props.tasks ?? []).map((task) => check('task id', task, taskId));
  return {
    CLAWBENCH_MODEL: check('model', props.model ?? DEFAULT_MODEL, modelRef),
    CLAWBENCH_RUNS: wholeNumber('runs', props.runs, 3),
    CLAWBENCH_CONCURRENCY: wholeNumber('concurrency', props.concurrency, 4),
    CLAWBENCH_CONNECT_TIMEOUT: wholeNumber('connect timeout', props.connectTimeoutSeconds, 120),
    CLAWBENCH_REQUEST_TIMEOUT: wholeNumber('request timeout', props.requestTimeoutSeconds, 300),
    CLAWBENCH_PER_RUN_BUDGET_SECONDS: wholeNumber('per-run budget', props.perRunBudgetSeconds, 600),
    ...optional('CLAWBENCH_JUDGE_MODEL', props.judgeModel === undefined ? undefined : check('judge model', props.judgeModel, modelRef)),
    ...optional('CLAWBENCH_TASKS', tasks.length === 0 ? undefined : tasks.join(' ')),
    ...optional('OPENAI_API_BASE', props.openaiApiBase === undefined ? undefined : check('openai api base', props.openaiApiBase, httpUrl)),
    ...optional('MLFLOW_TRACKING_URI', props.mlflowTrackingUri === undefined ? undefined : check('mlflow tracking uri', props.mlflowTrackingUri, httpUrl)),
    ...optional('MLFLOW_EXPERIMENT_ID', props.mlflowExperimentId),
    ...optional(
      'MLFLOW_EXPERIMENT_NAME',
      props.mlflowExperimentId === undefined ? (props.mlflowExperimentName ?? DEFAULT_EXPERIMENT_NAME) : undefined,
    ),
  };
}
