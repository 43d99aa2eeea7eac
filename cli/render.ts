import { App, Chart } from 'cdk8s';
import { synthCharts, type Manifest } from '../charts/charts.js';
import { deploySettingsFromEnv, SettingsError, type Settings } from '../charts/settings.js';
import {
  DEFAULT_SECRET_NAME,
  generateGatewayToken,
  GATEWAY_TOKEN_KEY,
  inClusterTrackingUri,
  MLFLOW_SERVICE_NAME,
  OPENCLAW_HOME,
  OPENCLAW_HOME_VOLUME,
  PROVIDER_KEY_NAMES,
  RESULTS_PATH,
  SecretsFromEnv,
  secretMaterialFromEnv,
  type SecretMaterial,
} from '../constructs/index.js';
import { FIELD_MANAGER, kubeObjectSchema, type KubeObject } from './apply.js';
import { DeployError } from './errors.js';
import { deploymentSchema, ownedBy, type Deployment } from './sidecar.js';

/** The sidecar's objects for one gateway Deployment. */
export interface SidecarObjects {
  /** Objects of their own: ConfigMap `clawbench-config`, the results PVC. */
  readonly objects: readonly KubeObject[];
  readonly configMap: KubeObject;
  /** The partial gateway Deployment holding the `clawbench` container and its volumes. */
  readonly patch: Deployment;
}

/** Everything a mode needs to know, rendered once from the settings and the secret material. */
export interface DeployPlan {
  readonly gateway: {
    readonly namespace: string;
    readonly deploymentName: string;
    readonly homePath: string;
    readonly namespaceObjects: readonly KubeObject[];
    readonly objects: readonly KubeObject[];
    /** Whether a live gateway Deployment is the one the gateway chart applies. */
    readonly ours: (live: Deployment) => boolean;
  };
  readonly mlflow: {
    readonly namespace: string;
    readonly deploymentName: string;
    readonly serviceName: string;
    readonly trackingUri: string;
    /** MLFLOW_TRACKING_URI: an MLflow elsewhere, so none is deployed. */
    readonly external?: string;
    readonly namespaceObjects: readonly KubeObject[];
    readonly objects: readonly KubeObject[];
  };
  readonly sidecar: {
    readonly resultsPath: string;
    readonly configMap: KubeObject;
    /** PersistentVolumeClaims the sidecar may create (its results). */
    readonly claims: readonly KubeObject[];
    /** Renders the sidecar for the gateway Deployment whose home volume has this name. */
    readonly forGateway: (homeVolumeName: string) => SidecarObjects;
  };
  readonly secret: {
    readonly name: string;
    readonly namespace: string;
    readonly tokenKey: string;
    readonly providerKeys: readonly string[];
    /** The token and provider keys set in the environment; they go to the cluster through stdin only. */
    readonly setByUser: Readonly<Record<string, string>>;
    readonly generateToken: () => string;
    readonly render: (values: Readonly<Record<string, string>>) => KubeObject;
  };
}

const toObjects = (manifests: readonly Manifest[]): KubeObject[] => manifests.map((manifest) => kubeObjectSchema.parse(manifest));

function single(objects: readonly KubeObject[], kind: string, chart: string): KubeObject {
  const found = objects.filter((object) => object.kind === kind);
  if (found.length !== 1 || found[0] === undefined) throw new DeployError(`the ${chart} chart renders ${found.length} ${kind} objects; expected exactly one`);
  return found[0];
}

function setByUser(material: SecretMaterial): Record<string, string> {
  return { ...material.providerKeys, ...(material.gatewayToken === undefined ? {} : { [GATEWAY_TOKEN_KEY]: material.gatewayToken }) };
}

/** The Secret as SecretsFromEnv renders it, with the merged values; never written to a file. */
function renderSecret(namespace: string, values: Readonly<Record<string, string>>): KubeObject {
  const chart = new Chart(new App(), 'secrets', { disableResourceNameHashes: true });
  new SecretsFromEnv(chart, 'secrets', { env: values, namespace });
  return single(toObjects(chart.toJson() as Manifest[]), 'Secret', 'secrets');
}

/** The settings of the environment (SettingsError lists every bad variable) and the plan for them. */
export function deployPlanFromEnv(env: Readonly<Record<string, string | undefined>>): DeployPlan {
  try {
    return deployPlan(deploySettingsFromEnv(env), env);
  } catch (error) {
    if (error instanceof SettingsError) throw new DeployError(error.message);
    throw error;
  }
}

export function deployPlan(settings: Settings & { namespace: string }, env: Readonly<Record<string, string | undefined>>): DeployPlan {
  const charts = synthCharts(settings);
  const isNamespace = (object: KubeObject): boolean => object.kind === 'Namespace';
  const gatewayObjects = toObjects(charts.gateway);
  const mlflowObjects = toObjects(charts.mlflow);
  const gatewayDeployment = single(gatewayObjects, 'Deployment', 'gateway');
  const sidecarFor = (homeVolumeName: string): SidecarObjects => {
    const objects = toObjects(synthCharts(settings, { foreignGateway: { deploymentName: gatewayDeployment.metadata.name, homeVolumeName } }).sidecar);
    return {
      objects: objects.filter((object) => object.kind !== 'Deployment'),
      configMap: single(objects, 'ConfigMap', 'sidecar'),
      patch: deploymentSchema.parse(single(objects, 'Deployment', 'sidecar')),
    };
  };
  const defaultSidecar = sidecarFor(OPENCLAW_HOME_VOLUME);
  const external = settings.mlflow.externalTrackingUri;
  let material: SecretMaterial;
  try {
    material = secretMaterialFromEnv(env);
  } catch (error) {
    // its message names the variable and hides the value
    throw new DeployError(error instanceof Error ? error.message : String(error));
  }
  return {
    gateway: {
      namespace: settings.namespace,
      deploymentName: gatewayDeployment.metadata.name,
      homePath: OPENCLAW_HOME,
      namespaceObjects: gatewayObjects.filter(isNamespace),
      objects: gatewayObjects.filter((object) => !isNamespace(object)),
      ours: (live) => ownedBy(live, FIELD_MANAGER).anything,
    },
    mlflow: {
      namespace: settings.mlflow.namespace,
      deploymentName: external === undefined ? single(mlflowObjects, 'Deployment', 'mlflow').metadata.name : 'mlflow',
      serviceName: MLFLOW_SERVICE_NAME,
      trackingUri: external ?? inClusterTrackingUri(settings.mlflow.namespace),
      external,
      namespaceObjects: mlflowObjects.filter(isNamespace),
      objects: mlflowObjects.filter((object) => !isNamespace(object)),
    },
    sidecar: {
      resultsPath: RESULTS_PATH,
      configMap: defaultSidecar.configMap,
      claims: defaultSidecar.objects.filter((object) => object.kind === 'PersistentVolumeClaim'),
      forGateway: sidecarFor,
    },
    secret: {
      name: DEFAULT_SECRET_NAME,
      namespace: settings.namespace,
      tokenKey: GATEWAY_TOKEN_KEY,
      providerKeys: PROVIDER_KEY_NAMES,
      setByUser: setByUser(material),
      generateToken: generateGatewayToken,
      render: (values) => renderSecret(settings.namespace, values),
    },
  };
}
