import { createHash } from 'node:crypto';
import { ApiObject, Chart, Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ClawbenchSidecar, type ClawbenchSidecarProps } from './clawbench-sidecar.js';
import { recommendedLabels } from './labels.js';
import { readWriteOnceClaim } from './objects.js';
import { OPENCLAW_HOME } from './openclaw-config.js';
import { DEFAULT_MODEL, OPENCLAW_HOME_VOLUME, gatewayPodParts, type GatewaySidecar, type IOpenClawGateway } from './openclaw-gateway.js';
import { check, dnsLabel, modelRef } from './validation.js';

/** Label carrying the matrix id on every object of a matrix, so `kubectl -l` finds its Jobs and pods. */
export const MATRIX_LABEL = 'clawbench/matrix-id';

/** The eval settings a job's runner takes; the gateway and the results volume are the job's own. */
export type EvalRunnerProps = Omit<ClawbenchSidecarProps, 'gateway' | 'persistResults' | 'resultsStorage' | 'storageClassName'>;

/**
 * Stands in for a gateway so `ClawbenchSidecar` can build the runner container and its ConfigMap
 * `clawbench-config` exactly as it does for the Deployment; the container then becomes each job's
 * main container.
 */
class RunnerSlot extends Construct implements IOpenClawGateway {
  public readonly deploymentName = 'clawbench-eval-job';
  public readonly homeVolumeName = OPENCLAW_HOME_VOLUME;
  public readonly homePath = OPENCLAW_HOME;
  public sidecar?: GatewaySidecar;

  constructor(
    scope: Construct,
    id: string,
    public readonly namespace: string | undefined,
  ) {
    super(scope, id);
  }

  public addSidecar(sidecar: GatewaySidecar): void {
    this.sidecar = sidecar;
  }
}

/**
 * The runner container and ConfigMap `clawbench-config` (the same object the eval sidecar uses,
 * built by `ClawbenchSidecar`), shared by any number of {@link EvalJob}s. A job overrides only
 * the model (env wins over envFrom) and the mode.
 */
export class EvalRunnerTemplate extends Construct {
  public readonly sidecar: ClawbenchSidecar;
  /** The runner container as `ClawbenchSidecar` builds it, in manifest JSON. */
  public readonly container: Record<string, unknown>;
  /** The volumes it mounts besides the gateway home, in manifest JSON. */
  public readonly volumes: readonly Record<string, unknown>[];

  constructor(scope: Construct, id: string, props: EvalRunnerProps & { readonly namespace?: string } = {}) {
    super(scope, id);
    const slot = new RunnerSlot(this, 'slot', props.namespace ?? Chart.of(this).namespace);
    // Results go to each job's own PVC, so the template's volume is only a placeholder.
    this.sidecar = new ClawbenchSidecar(this, 'runner', { ...props, gateway: slot, persistResults: false });
    const built = slot.sidecar;
    if (built === undefined) throw new Error('the clawbench sidecar construct added no container: expected it to call addSidecar');
    this.container = k8s.toJson_Container(built.container) ?? {};
    this.volumes = built.volumes.map((volume) => k8s.toJson_Volume(volume) ?? {});
  }
}

/** Props of {@link EvalJob}. */
export interface EvalJobProps {
  /** The runner container and settings, shared by the jobs of a matrix. */
  readonly runner: EvalRunnerTemplate;
  /**
   * The model this job evaluates, `provider/model`: the gateway's default model and the runner's
   * `CLAWBENCH_MODEL`.
   * @default DEFAULT_MODEL
   */
  readonly model?: string;
  /**
   * Name of the Job; its ConfigMap is `<name>-openclaw` and its results PVC `<name>-results`.
   * @default - `clawbench-eval-` + the model as a dns label (shortened with a hash when long)
   */
  readonly jobName?: string;
  /**
   * Namespace of every object.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * The OpenClaw image.
   * @default DEFAULT_OPENCLAW_IMAGE
   */
  readonly gatewayImage?: string;
  /**
   * An OpenAI-compatible endpoint for the gateway's `openai` provider.
   * @default - OpenAI's public endpoint
   */
  readonly openaiApiBase?: string;
  /**
   * The existing Secret with `OPENCLAW_GATEWAY_TOKEN` and the provider keys.
   * @default DEFAULT_SECRET_NAME
   */
  readonly secretName?: string;
  /**
   * Passed to the runner as `CLAWBENCH_MATRIX_ID` (an MLflow tag) and set as label {@link MATRIX_LABEL}.
   * @default - not part of a matrix
   */
  readonly matrixId?: string;
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
  /**
   * Pods the Job may start after a failed one; each new pod resumes from the results PVC.
   * @default 2
   */
  readonly backoffLimit?: number;
  /**
   * Seconds after which the Job is stopped, however far it got.
   * @default - no deadline
   */
  readonly activeDeadlineSeconds?: number;
}

/** A Job name for a model: `clawbench-eval-<model as a dns label>`, hashed when too long. */
export function evalJobName(model: string): string {
  const prefix = 'clawbench-eval-';
  const slug = model.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  // Pods are named `<job>-<5 chars>`; 52 keeps the pod name and the job-name label under 63.
  const room = 52 - prefix.length;
  if (slug.length <= room) return prefix + slug;
  const hash = createHash('sha256').update(model).digest('hex').slice(0, 8);
  return `${prefix}${slug.slice(0, room - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}

/**
 * One eval as a Kubernetes Job that completes when the eval ends: the gateway runs as a native
 * sidecar (an init container with `restartPolicy: Always`, Kubernetes >= 1.29) and the runner as
 * the main container (`clawbench sidecar --mode job`). When the runner exits, the kubelet stops
 * the gateway and the pod completes. Results go to the PVC `<name>-results` (a retried pod
 * resumes from its `runs.jsonl`) and to MLflow.
 */
export class EvalJob extends Construct {
  public readonly jobName: string;
  public readonly model: string;
  public readonly configMap: k8s.KubeConfigMap;
  public readonly resultsClaim: k8s.KubePersistentVolumeClaim;
  public readonly job: ApiObject;

  constructor(scope: Construct, id: string, props: EvalJobProps) {
    super(scope, id);
    this.model = check('model', props.model ?? DEFAULT_MODEL, modelRef);
    this.jobName = check('job name', props.jobName ?? evalJobName(this.model), dnsLabel);
    const namespace = props.namespace === undefined ? Chart.of(this).namespace : check('namespace', props.namespace, dnsLabel);
    const matrixLabels: Record<string, string> = props.matrixId === undefined ? {} : { [MATRIX_LABEL]: check('matrix id', props.matrixId, dnsLabel) };
    const labels = { ...recommendedLabels({ name: 'clawbench-eval', instance: this.jobName, component: 'eval-job' }), ...matrixLabels };
    const metadata = (name: string) => ({ name, namespace, labels });

    const configMapName = `${this.jobName}-openclaw`;
    const gateway = gatewayPodParts({
      model: this.model,
      image: props.gatewayImage,
      openaiApiBase: props.openaiApiBase,
      secretName: props.secretName,
      configMapName,
    });
    this.configMap = new k8s.KubeConfigMap(this, 'openclaw-config', {
      metadata: metadata(configMapName),
      data: { 'openclaw.json': gateway.configJson },
    });
    this.resultsClaim = readWriteOnceClaim(this, 'results', metadata(`${this.jobName}-results`), props.resultsStorage ?? Size.gibibytes(1), props.storageClassName);

    const { securityContext: podSecurityContext, ...podSettings } = gateway.podSettings;
    // Native sidecar: started before the runner, kept running beside it, stopped after it exits.
    const gatewaySidecar = { ...k8s.toJson_Container(gateway.gateway), restartPolicy: 'Always' };
    const runnerContainer = props.runner.container;
    const runnerEnv = (runnerContainer.env as unknown[] | undefined) ?? [];
    const runner = {
      ...runnerContainer,
      command: ['clawbench', 'sidecar', '--mode', 'job'],
      env: [
        ...runnerEnv,
        // env wins over the shared ConfigMap's CLAWBENCH_MODEL
        { name: 'CLAWBENCH_MODEL', value: this.model },
        ...(props.matrixId === undefined ? [] : [{ name: 'CLAWBENCH_MATRIX_ID', value: props.matrixId }]),
      ],
    };
    const runnerVolumes = props.runner.volumes.map((volume) =>
      volume.name === 'clawbench-results' ? { name: 'clawbench-results', persistentVolumeClaim: { claimName: this.resultsClaim.name } } : volume,
    );
    const volumes = [
      // the gateway's state and the agent's workspaces only matter while the pod lives
      { name: OPENCLAW_HOME_VOLUME, emptyDir: {} },
      ...gateway.volumes.map((volume) => k8s.toJson_Volume(volume)),
      ...runnerVolumes,
    ];

    this.job = new ApiObject(this, 'job', {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: metadata(this.jobName),
      spec: {
        backoffLimit: props.backoffLimit ?? 2,
        ...(props.activeDeadlineSeconds === undefined ? {} : { activeDeadlineSeconds: props.activeDeadlineSeconds }),
        // A bad setting (exit 2) fails the same way every time: stop instead of retrying.
        podFailurePolicy: {
          rules: [{ action: 'FailJob', onExitCodes: { containerName: 'clawbench', operator: 'In', values: [2] } }],
        },
        template: {
          metadata: { labels, annotations: { 'checksum/config': gateway.configChecksum } },
          spec: {
            ...podSettings,
            securityContext: k8s.toJson_PodSecurityContext(podSecurityContext),
            // podFailurePolicy requires Never; a retried pod resumes from the results PVC
            restartPolicy: 'Never',
            initContainers: [k8s.toJson_Container(gateway.seedConfig), gatewaySidecar],
            containers: [runner],
            volumes,
          },
        },
      },
    });
  }
}
