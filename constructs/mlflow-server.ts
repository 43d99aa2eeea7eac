import { Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { recommendedLabels, selectorLabels, type AppIdentity } from './labels.js';
import { readWriteOnceClaim } from './objects.js';
import {
  RESTRICTED_NAMESPACE_LABELS,
  containerResources,
  restrictedContainerSecurityContext,
  restrictedPodSecurityContext,
  type RunAsIdentity,
} from './pod-security.js';
import { check, dnsLabel, imageRef } from './validation.js';

/** The MLflow image used when none is given (the seed's). */
export const DEFAULT_MLFLOW_IMAGE = 'ghcr.io/mlflow/mlflow:v2.21.3';
/** The namespace MLflow gets when none is given (the seed's). */
export const DEFAULT_MLFLOW_NAMESPACE = 'mlflow';
/** The port of the MLflow server and its Service. */
export const MLFLOW_PORT = 5000;

/**
 * The official image has no user of its own and runs as root; any non-root uid works, since the
 * server only writes to its data volume (made writable by `fsGroup`) and `/tmp`.
 */
export const MLFLOW_USER: RunAsIdentity = { user: 1000, group: 1000 };

/** The Service in front of the server. */
export const MLFLOW_SERVICE_NAME = 'mlflow-service';

/** The URI pods in the cluster reach the MLflow server of a namespace at. */
export function inClusterTrackingUri(namespace: string): string {
  return `http://${MLFLOW_SERVICE_NAME}.${namespace}.svc.cluster.local:${MLFLOW_PORT}`;
}

const MLFLOW_IDENTITY: AppIdentity = { name: 'mlflow', instance: 'mlflow', component: 'tracking' };
const DATA_PATH = '/mlflow';

/** Props of {@link MlflowServer}. */
export interface MlflowServerProps {
  /**
   * Namespace of every object.
   * @default DEFAULT_MLFLOW_NAMESPACE
   */
  readonly namespace?: string;
  /**
   * Whether to create the Namespace object too (labelled to enforce PodSecurity `restricted`).
   * @default true
   */
  readonly createNamespace?: boolean;
  /**
   * The MLflow image; its `mlflow` command must support `--serve-artifacts --artifacts-destination` (2.0 or newer).
   * @default DEFAULT_MLFLOW_IMAGE
   */
  readonly image?: string;
  /**
   * Size of the PVC `mlflow-data-pvc` holding the SQLite database and the artifacts.
   * @default Size.gibibytes(5)
   */
  readonly dataStorage?: Size;
  /**
   * Storage class of that PVC.
   * @default - the cluster's default storage class
   */
  readonly storageClassName?: string;
}

/**
 * A single MLflow tracking server: Namespace `mlflow`, PVC `mlflow-data-pvc`, Deployment
 * `mlflow` (Recreate; SQLite on the PVC; artifacts proxied through the server so clients upload
 * over HTTP), Service `mlflow-service` on port 5000.
 */
export class MlflowServer extends Construct {
  public readonly namespace: string;
  /** The URI pods in the cluster log to, e.g. `http://mlflow-service.mlflow.svc.cluster.local:5000`. */
  public readonly trackingUri: string;
  public readonly namespaceObject?: k8s.KubeNamespace;
  public readonly dataClaim: k8s.KubePersistentVolumeClaim;
  public readonly deployment: k8s.KubeDeployment;
  public readonly service: k8s.KubeService;

  constructor(scope: Construct, id: string, props: MlflowServerProps = {}) {
    super(scope, id);
    this.namespace = check('mlflow namespace', props.namespace ?? DEFAULT_MLFLOW_NAMESPACE, dnsLabel);
    const image = check('mlflow image', props.image ?? DEFAULT_MLFLOW_IMAGE, imageRef);
    const labels = recommendedLabels(MLFLOW_IDENTITY);
    const metadata = (name: string) => ({ name, namespace: this.namespace, labels });

    if (props.createNamespace ?? true) {
      this.namespaceObject = new k8s.KubeNamespace(this, 'namespace', {
        metadata: { name: this.namespace, labels: { ...labels, ...RESTRICTED_NAMESPACE_LABELS } },
      });
    }

    this.dataClaim = readWriteOnceClaim(this, 'data', metadata('mlflow-data-pvc'), props.dataStorage ?? Size.gibibytes(5), props.storageClassName);

    const health = (periodSeconds: number, failureThreshold: number): k8s.Probe => ({
      httpGet: { path: '/health', port: k8s.IntOrString.fromNumber(MLFLOW_PORT) },
      periodSeconds,
      timeoutSeconds: 5,
      failureThreshold,
    });

    this.deployment = new k8s.KubeDeployment(this, 'deployment', {
      metadata: metadata('mlflow'),
      spec: {
        replicas: 1,
        // SQLite on a ReadWriteOnce volume has exactly one writer
        strategy: { type: 'Recreate' },
        selector: { matchLabels: selectorLabels(MLFLOW_IDENTITY) },
        template: {
          metadata: { labels },
          spec: {
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: restrictedPodSecurityContext(MLFLOW_USER),
            containers: [
              {
                name: 'mlflow',
                image,
                imagePullPolicy: 'IfNotPresent',
                command: [
                  'mlflow', 'server',
                  '--host', '0.0.0.0',
                  '--port', String(MLFLOW_PORT),
                  '--backend-store-uri', `sqlite:///${DATA_PATH}/mlflow.db`,
                  // clients upload artifacts through the server (mlflow-artifacts:/), so they need no
                  // access to this volume; a local --default-artifact-root would break their uploads
                  '--serve-artifacts',
                  '--artifacts-destination', `${DATA_PATH}/artifacts`,
                  // two workers fit the memory limit with room to spare (the 2.x default is four)
                  '--workers', '2',
                ],
                // the image's root home is not writable for the non-root user
                env: [{ name: 'HOME', value: '/tmp' }],
                ports: [{ name: 'http', containerPort: MLFLOW_PORT, protocol: 'TCP' }],
                // database migrations on first start can take minutes: five minutes of startup budget
                startupProbe: health(5, 60),
                readinessProbe: health(10, 3),
                livenessProbe: health(30, 3),
                resources: containerResources({ cpu: '100m', memory: '256Mi' }, { cpu: '500m', memory: '1Gi' }),
                securityContext: restrictedContainerSecurityContext(MLFLOW_USER),
                volumeMounts: [
                  { name: 'mlflow-data', mountPath: DATA_PATH },
                  { name: 'tmp', mountPath: '/tmp' },
                ],
              },
            ],
            volumes: [
              { name: 'mlflow-data', persistentVolumeClaim: { claimName: this.dataClaim.name } },
              { name: 'tmp', emptyDir: {} },
            ],
          },
        },
      },
    });

    this.service = new k8s.KubeService(this, 'service', {
      metadata: metadata(MLFLOW_SERVICE_NAME),
      spec: {
        type: 'ClusterIP',
        selector: selectorLabels(MLFLOW_IDENTITY),
        ports: [{ name: 'http', port: MLFLOW_PORT, targetPort: k8s.IntOrString.fromNumber(MLFLOW_PORT), protocol: 'TCP' }],
      },
    });

    this.trackingUri = inClusterTrackingUri(this.namespace);
  }
}
