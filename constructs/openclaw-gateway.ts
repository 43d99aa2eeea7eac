import { createHash } from 'node:crypto';
import { ApiObject, Chart, Lazy, Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct, type IConstruct } from 'constructs';
import { recommendedLabels, selectorLabels, type AppIdentity } from './labels.js';
import { readWriteOnceClaim, secretKeyEnv } from './objects.js';
import {
  OPENCLAW_CONFIG_PATH,
  OPENCLAW_GATEWAY_PORT,
  OPENCLAW_HOME,
  OPENCLAW_WORKSPACE,
  renderOpenclawConfig,
} from './openclaw-config.js';
import {
  NODE_USER,
  containerResources,
  restrictedContainerSecurityContext,
  restrictedPodSecurityContext,
} from './pod-security.js';
import { check, dnsLabel, httpUrl, imageRef, modelRef } from './validation.js';

/** The OpenClaw image used when none is given: pinned, with Chromium for the browser tasks. */
export const DEFAULT_OPENCLAW_IMAGE = 'ghcr.io/openclaw/openclaw:2026.9.6-browser';
/** The model under test when none is given. */
export const DEFAULT_MODEL = 'openai/gpt-5.5';
/** The Secret holding the gateway token and the provider keys (see `SecretsFromEnv`). */
export const DEFAULT_SECRET_NAME = 'clawbench-secrets';
/** The gateway token's key in that Secret and its variable in the containers. */
export const GATEWAY_TOKEN_KEY = 'OPENCLAW_GATEWAY_TOKEN';
/** The provider keys the gateway reads, each optional in the Secret. */
export const PROVIDER_KEY_NAMES = ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'OPENROUTER_API_KEY', 'GEMINI_API_KEY'] as const;
export type ProviderKeyName = (typeof PROVIDER_KEY_NAMES)[number];

/** Name of the pod volume holding the gateway home, in our Deployment and in the seed's. */
export const OPENCLAW_HOME_VOLUME = 'openclaw-home';

const GATEWAY_IDENTITY: AppIdentity = { name: 'openclaw', instance: 'openclaw', component: 'gateway' };

/**
 * A probe command that asks the gateway on loopback and passes only when the JSON body says so:
 * unknown paths answer 200 with the Control UI's HTML, so a status check alone proves nothing.
 * Arguments: port, path, the body field that must be `true`.
 */
export const GATEWAY_PROBE_SCRIPT = [
  'const [port, path, field] = process.argv.slice(1);',
  'fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(4000) })',
  '  .then((res) => res.json())',
  '  .then((body) => process.exit(body[field] === true ? 0 : 1), () => process.exit(1));',
].join('\n');

function gatewayProbeCommand(path: string, field: string): string[] {
  return ['node', '-e', GATEWAY_PROBE_SCRIPT, String(OPENCLAW_GATEWAY_PORT), path, field];
}

/** A container to run next to the gateway, sharing its pod (loopback, home volume). */
export interface GatewaySidecar {
  /** The container; its name must be unique in the pod. */
  readonly container: k8s.Container;
  /**
   * Volumes the container mounts, other than the gateway home (already in the pod, named
   * `homeVolumeName`).
   */
  readonly volumes: readonly k8s.Volume[];
  /** Objects the pod needs before it starts (its ConfigMap, PVC), applied ahead of the Deployment. */
  readonly dependencies?: readonly IConstruct[];
}

/** A gateway Deployment, created by this app or referred to by name. */
export interface IOpenClawGateway extends IConstruct {
  /** Name of the Deployment. */
  readonly deploymentName: string;
  /** Namespace of the Deployment; undefined means the namespace of whoever applies it. */
  readonly namespace?: string;
  /** Name of the pod volume mounted at `homePath` in the gateway container. */
  readonly homeVolumeName: string;
  /** Where the gateway home is mounted; a sidecar mounts it at the same path. */
  readonly homePath: string;
  /** Adds a container to the gateway's pod. */
  addSidecar(sidecar: GatewaySidecar): void;
}

/** Props of {@link OpenClawGateway}. */
export interface OpenClawGatewayProps {
  /**
   * Namespace of every object.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * The OpenClaw image; it must run as uid 1000 and have Node at `node` and the gateway at `/app/dist/index.js`.
   * @default DEFAULT_OPENCLAW_IMAGE
   */
  readonly image?: string;
  /**
   * The model under test, `provider/model`; the default model of agents and subagents.
   * @default DEFAULT_MODEL
   */
  readonly model?: string;
  /**
   * An OpenAI-compatible endpoint for the `openai` provider (vLLM, Ollama, an in-cluster server).
   * @default - OpenAI's public endpoint
   */
  readonly openaiApiBase?: string;
  /**
   * The existing Secret with `OPENCLAW_GATEWAY_TOKEN` and optional provider keys. This construct
   * never creates it (see `SecretsFromEnv`), so no secret value lands in a manifest.
   * @default DEFAULT_SECRET_NAME
   */
  readonly secretName?: string;
  /**
   * Size of the PVC `openclaw-home-pvc` holding state, config and workspaces.
   * @default Size.gibibytes(10)
   */
  readonly homeStorage?: Size;
  /**
   * Storage class of that PVC.
   * @default - the cluster's default storage class
   */
  readonly storageClassName?: string;
}

/** Options of {@link gatewayPodParts}: the gateway's props, validated there. */
export interface GatewayPodPartsOptions extends Pick<OpenClawGatewayProps, 'image' | 'model' | 'openaiApiBase' | 'secretName'> {
  /** The ConfigMap holding `openclaw.json`, mounted read-only for the init container. */
  readonly configMapName: string;
}

/**
 * What a pod needs to run the gateway, shared by our Deployment and by pods that run the gateway
 * next to something else (`EvalJob` runs it as a native sidecar).
 */
export interface GatewayPodParts {
  readonly configJson: string;
  /** sha256 of `openclaw.json`, for a pod annotation so a config change rolls the pod. */
  readonly configChecksum: string;
  /** `init-config`: copies `openclaw.json` into the home volume on every start. */
  readonly seedConfig: k8s.Container;
  /** `gateway`: the gateway on loopback, probed through the JSON bodies of its health endpoints. */
  readonly gateway: k8s.Container;
  /** `config-template` and `tmp`; the home volume `OPENCLAW_HOME_VOLUME` is the pod owner's to choose. */
  readonly volumes: readonly k8s.Volume[];
  /** Pod-level settings: restricted security context, no service account token, no service links. */
  readonly podSettings: Pick<k8s.PodSpec, 'automountServiceAccountToken' | 'enableServiceLinks' | 'terminationGracePeriodSeconds' | 'securityContext'>;
}

export function gatewayPodParts(options: GatewayPodPartsOptions): GatewayPodParts {
  const image = check('openclaw image', options.image ?? DEFAULT_OPENCLAW_IMAGE, imageRef);
  const model = check('model', options.model ?? DEFAULT_MODEL, modelRef);
  const openaiApiBase = options.openaiApiBase === undefined ? undefined : check('openai api base', options.openaiApiBase, httpUrl);
  const secretName = check('secret name', options.secretName ?? DEFAULT_SECRET_NAME, dnsLabel);

  const configJson = renderOpenclawConfig({ model, openaiApiBase });
  const securityContext = restrictedContainerSecurityContext(NODE_USER);
  const homeMount = { name: OPENCLAW_HOME_VOLUME, mountPath: OPENCLAW_HOME };

  return {
    configJson,
    configChecksum: createHash('sha256').update(configJson).digest('hex'),
    seedConfig: {
      name: 'init-config',
      image,
      imagePullPolicy: 'IfNotPresent',
      // the ConfigMap is the source of truth: every start copies it over the writable copy that
      // the gateway may rewrite (agents.create), and creates the workspace
      command: ['sh', '-c', `cp /config/openclaw.json ${OPENCLAW_CONFIG_PATH} && mkdir -p ${OPENCLAW_WORKSPACE}`],
      resources: containerResources({ cpu: '50m', memory: '64Mi' }, { cpu: '200m', memory: '128Mi' }),
      securityContext,
      volumeMounts: [homeMount, { name: 'config-template', mountPath: '/config', readOnly: true }],
    },
    gateway: {
      name: 'gateway',
      image,
      imagePullPolicy: 'IfNotPresent',
      command: ['node', '/app/dist/index.js', 'gateway', 'run', '--bind', 'loopback', '--port', String(OPENCLAW_GATEWAY_PORT)],
      ports: [{ name: 'gateway', containerPort: OPENCLAW_GATEWAY_PORT, protocol: 'TCP' }],
      env: [
        { name: 'HOME', value: '/home/node' },
        { name: 'NODE_ENV', value: 'production' },
        { name: 'OPENCLAW_STATE_DIR', value: OPENCLAW_HOME },
        { name: 'OPENCLAW_CONFIG_PATH', value: OPENCLAW_CONFIG_PATH },
        secretKeyEnv(secretName, GATEWAY_TOKEN_KEY, false),
        ...PROVIDER_KEY_NAMES.map((key) => secretKeyEnv(secretName, key, true)),
      ],
      // about 10 s to /readyz on two cores; a five-minute budget covers slow nodes and first pulls
      startupProbe: { exec: { command: gatewayProbeCommand('/readyz', 'ready') }, periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 60 },
      readinessProbe: { exec: { command: gatewayProbeCommand('/readyz', 'ready') }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
      livenessProbe: { exec: { command: gatewayProbeCommand('/healthz', 'ok') }, periodSeconds: 30, timeoutSeconds: 10, failureThreshold: 3 },
      resources: containerResources({ cpu: '250m', memory: '1Gi' }, { cpu: '2', memory: '4Gi' }),
      securityContext,
      volumeMounts: [homeMount, { name: 'tmp', mountPath: '/tmp' }],
    },
    volumes: [
      { name: 'config-template', configMap: { name: options.configMapName } },
      { name: 'tmp', emptyDir: {} },
    ],
    podSettings: {
      automountServiceAccountToken: false,
      // a Service named openclaw would otherwise inject OPENCLAW_PORT & co into the gateway's env
      enableServiceLinks: false,
      terminationGracePeriodSeconds: 30,
      securityContext: restrictedPodSecurityContext(NODE_USER),
    },
  };
}

/**
 * The OpenClaw gateway as the eval runs it: ConfigMap `openclaw-config` with `openclaw.json`,
 * PVC `openclaw-home-pvc`, Deployment `openclaw` (one replica, Recreate, container `gateway`)
 * and Service `openclaw` on 18789. The gateway binds loopback, so clients are sidecars in its
 * pod or `kubectl port-forward`.
 */
export class OpenClawGateway extends Construct implements IOpenClawGateway {
  /**
   * Refers to a gateway Deployment this app did not create, to attach a sidecar to it. The
   * sidecar is emitted as a partial Deployment meant for server-side apply: it only adds the
   * container and its volumes, and assumes the Deployment has a volume `homeVolumeName`
   * mounted at `homePath`.
   */
  public static fromDeploymentName(
    scope: Construct,
    id: string,
    deploymentName: string,
    options: ImportedGatewayOptions = {},
  ): IOpenClawGateway {
    return new ImportedOpenClawGateway(scope, id, deploymentName, options);
  }

  public readonly deploymentName = 'openclaw';
  public readonly namespace?: string;
  public readonly homeVolumeName = OPENCLAW_HOME_VOLUME;
  public readonly homePath = OPENCLAW_HOME;
  /** Port of the gateway (loopback in the pod) and of the Service. */
  public readonly port = OPENCLAW_GATEWAY_PORT;
  /** The `openclaw.json` content, as mounted into the pod. */
  public readonly configJson: string;
  /** sha256 of `openclaw.json`, on the pod template so a config change rolls the pod. */
  public readonly configChecksum: string;
  public readonly configMap: k8s.KubeConfigMap;
  public readonly homeClaim: k8s.KubePersistentVolumeClaim;
  public readonly deployment: k8s.KubeDeployment;
  public readonly service: k8s.KubeService;

  private readonly sidecars: GatewaySidecar[] = [];

  constructor(scope: Construct, id: string, props: OpenClawGatewayProps = {}) {
    super(scope, id);
    this.namespace = props.namespace === undefined ? Chart.of(this).namespace : check('namespace', props.namespace, dnsLabel);
    const parts = gatewayPodParts({ ...props, configMapName: 'openclaw-config' });
    const labels = recommendedLabels(GATEWAY_IDENTITY);
    const metadata = (name: string) => ({ name, namespace: this.namespace, labels });

    this.configJson = parts.configJson;
    this.configChecksum = parts.configChecksum;
    this.configMap = new k8s.KubeConfigMap(this, 'config', {
      metadata: metadata('openclaw-config'),
      data: { 'openclaw.json': this.configJson },
    });

    this.homeClaim = readWriteOnceClaim(this, 'home', metadata('openclaw-home-pvc'), props.homeStorage ?? Size.gibibytes(10), props.storageClassName);
    const volumes: k8s.Volume[] = [{ name: OPENCLAW_HOME_VOLUME, persistentVolumeClaim: { claimName: this.homeClaim.name } }, ...parts.volumes];

    this.deployment = new k8s.KubeDeployment(this, 'deployment', {
      metadata: metadata(this.deploymentName),
      spec: {
        replicas: 1,
        // one writer on a ReadWriteOnce volume: the old pod must be gone before the new one starts
        strategy: { type: 'Recreate' },
        selector: { matchLabels: selectorLabels(GATEWAY_IDENTITY) },
        template: {
          metadata: {
            // `app: openclaw` is what the seed's `kubectl cp` recipe selects pods by
            labels: { ...labels, app: 'openclaw' },
            annotations: { 'checksum/config': this.configChecksum },
          },
          spec: {
            ...parts.podSettings,
            initContainers: [parts.seedConfig],
            containers: Lazy.any({ produce: () => [parts.gateway, ...this.sidecars.map((sidecar) => sidecar.container)] }),
            volumes: Lazy.any({ produce: () => [...volumes, ...this.sidecars.flatMap((sidecar) => sidecar.volumes)] }),
          },
        },
      },
    });

    this.service = new k8s.KubeService(this, 'service', {
      metadata: metadata('openclaw'),
      spec: {
        type: 'ClusterIP',
        selector: selectorLabels(GATEWAY_IDENTITY),
        ports: [{ name: 'gateway', port: OPENCLAW_GATEWAY_PORT, targetPort: k8s.IntOrString.fromNumber(OPENCLAW_GATEWAY_PORT), protocol: 'TCP' }],
      },
    });

    this.node.addValidation({ validate: () => duplicateNames(['gateway', ...this.sidecars.map((s) => s.container.name)], 'container') });
    this.node.addValidation({
      validate: () => duplicateNames([...volumes, ...this.sidecars.flatMap((s) => s.volumes)].map((v) => v.name), 'volume'),
    });
  }

  public addSidecar(sidecar: GatewaySidecar): void {
    this.sidecars.push(sidecar);
    this.deployment.node.addDependency(...(sidecar.dependencies ?? []));
  }
}

/** Options of {@link OpenClawGateway.fromDeploymentName}. */
export interface ImportedGatewayOptions {
  /**
   * Namespace of the Deployment.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * The pod volume mounted at `homePath` in its gateway container.
   * @default OPENCLAW_HOME_VOLUME
   */
  readonly homeVolumeName?: string;
  /**
   * Where the gateway container mounts its home.
   * @default OPENCLAW_HOME
   */
  readonly homePath?: string;
}

class ImportedOpenClawGateway extends Construct implements IOpenClawGateway {
  public readonly namespace?: string;
  public readonly homeVolumeName: string;
  public readonly homePath: string;
  private readonly sidecars: GatewaySidecar[] = [];
  private patch?: ApiObject;

  constructor(scope: Construct, id: string, public readonly deploymentName: string, options: ImportedGatewayOptions) {
    super(scope, id);
    check('deployment name', deploymentName, dnsLabel);
    this.namespace = options.namespace === undefined ? Chart.of(this).namespace : check('namespace', options.namespace, dnsLabel);
    this.homeVolumeName = check('home volume name', options.homeVolumeName ?? OPENCLAW_HOME_VOLUME, dnsLabel);
    this.homePath = options.homePath ?? OPENCLAW_HOME;
  }

  public addSidecar(sidecar: GatewaySidecar): void {
    this.patch ??= this.createPatch();
    this.sidecars.push(sidecar);
    this.patch.node.addDependency(...(sidecar.dependencies ?? []));
  }

  /**
   * Only what we add: server-side apply merges containers and volumes by name into the live
   * Deployment, and removing them means re-applying this intent without them.
   */
  private createPatch(): ApiObject {
    return new ApiObject(this, 'sidecar-patch', {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: this.deploymentName, namespace: this.namespace },
        spec: {
          template: {
            spec: {
              containers: Lazy.any({ produce: () => this.sidecars.map((s) => k8s.toJson_Container(s.container)) }),
              volumes: Lazy.any({ produce: () => this.sidecars.flatMap((s) => s.volumes.map((v) => k8s.toJson_Volume(v))) }),
            },
          },
        },
      });
  }
}

function duplicateNames(names: readonly string[], kind: string): string[] {
  const duplicates = [...new Set(names.filter((name, index) => names.indexOf(name) !== index))];
  return duplicates.map((name) => `two ${kind}s are named "${name}" in the gateway pod: expected unique ${kind} names`);
}
