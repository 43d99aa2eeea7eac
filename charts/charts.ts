/**
 * The deployable units: one chart per seed mode. Each takes typed settings, never reads the
 * environment, and uses fixed object names (no construct-path hashes).
 */
import { App, Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  ClawbenchSidecar,
  type ClawbenchSidecarProps,
  MlflowServer,
  OpenClawGateway,
  RESTRICTED_NAMESPACE_LABELS,
  inClusterTrackingUri,
  recommendedLabels,
  type IOpenClawGateway,
} from '../constructs/index.js';
import { DIST_NAMESPACE, type Settings } from './settings.js';

/** Props every chart here takes. */
export interface ClawbenchChartProps {
  readonly settings: Settings;
}

/** Options of the sidecar chart for a gateway this app did not create (the seed's `--add-sidecar` on a foreign gateway). */
export interface ForeignGatewayOptions {
  /**
   * The gateway Deployment's name.
   * @default 'openclaw'
   */
  readonly deploymentName?: string;
  /**
   * The pod volume mounted at the gateway home, e.g. as read from the live Deployment.
   * @default OPENCLAW_HOME_VOLUME
   */
  readonly homeVolumeName?: string;
}

const chartProps = { disableResourceNameHashes: true } as const;

/** The eval namespace; dist/ uses {@link DIST_NAMESPACE} when the settings name none. */
export function evalNamespace(settings: Settings): string {
  return settings.namespace ?? DIST_NAMESPACE;
}

/** The eval namespace, labelled to enforce PodSecurity `restricted`, for every chart that may be applied first. */
export function addEvalNamespace(scope: Construct, settings: Settings): void {
  new k8s.KubeNamespace(scope, 'namespace', {
    metadata: {
      name: evalNamespace(settings),
      labels: { ...recommendedLabels({ name: 'clawbench', instance: 'clawbench', component: 'namespace' }), ...RESTRICTED_NAMESPACE_LABELS },
    },
  });
}

function addGateway(scope: Construct, settings: Settings): OpenClawGateway {
  return new OpenClawGateway(scope, 'gateway', {
    namespace: evalNamespace(settings),
    image: settings.images.openclaw,
    model: settings.model,
    openaiApiBase: settings.openaiApiBase,
  });
}

function addMlflow(scope: Construct, settings: Settings): MlflowServer {
  return new MlflowServer(scope, 'mlflow', { namespace: settings.mlflow.namespace, image: settings.images.mlflow });
}

/**
 * The eval runner's props from the settings: everything but the gateway. MLflow is the external
 * one when `MLFLOW_TRACKING_URI` is set, else the in-cluster server of the mlflow chart.
 */
export function runnerPropsFromSettings(settings: Settings): Omit<ClawbenchSidecarProps, 'gateway'> {
  return {
    image: settings.images.clawbench,
    model: settings.model,
    judgeModel: settings.judgeModel,
    openaiApiBase: settings.openaiApiBase,
    tasks: settings.eval.tasks,
    runs: settings.eval.runs,
    concurrency: settings.eval.concurrency,
    connectTimeoutSeconds: settings.eval.connectTimeoutSeconds,
    requestTimeoutSeconds: settings.eval.requestTimeoutSeconds,
    perRunBudgetSeconds: settings.eval.perRunBudgetSeconds,
    mlflowTrackingUri: settings.mlflow.externalTrackingUri ?? inClusterTrackingUri(settings.mlflow.namespace),
    mlflowExperimentId: settings.mlflow.experimentId,
    mlflowExperimentName: settings.mlflow.experimentName,
  };
}

function addSidecar(scope: Construct, settings: Settings, gateway: IOpenClawGateway): ClawbenchSidecar {
  return new ClawbenchSidecar(scope, 'sidecar', { gateway, ...runnerPropsFromSettings(settings) });
}

/** `--openclaw-only`: the eval namespace and the gateway. */
export class GatewayChart extends Chart {
  public readonly gateway: OpenClawGateway;
  constructor(scope: Construct, id: string, props: ClawbenchChartProps) {
    super(scope, id, chartProps);
    addEvalNamespace(this, props.settings);
    this.gateway = addGateway(this, props.settings);
  }
}

/** `--mlflow-only`: the MLflow namespace and server. Empty when an external MLflow is configured. */
export class MlflowChart extends Chart {
  public readonly mlflow?: MlflowServer;
  constructor(scope: Construct, id: string, props: ClawbenchChartProps) {
    super(scope, id, chartProps);
    if (props.settings.mlflow.externalTrackingUri === undefined) this.mlflow = addMlflow(this, props.settings);
  }
}

/**
 * `--add-sidecar`: ConfigMap `clawbench-config`, the results PVC, and the `clawbench` container
 * added to an existing gateway Deployment as a partial Deployment for server-side apply.
 */
export class SidecarChart extends Chart {
  public readonly sidecar: ClawbenchSidecar;
  constructor(scope: Construct, id: string, props: ClawbenchChartProps & ChartOptions) {
    super(scope, id, chartProps);
    const gateway = OpenClawGateway.fromDeploymentName(this, 'gateway', props.foreignGateway?.deploymentName ?? 'openclaw', {
      namespace: evalNamespace(props.settings),
      homeVolumeName: props.foreignGateway?.homeVolumeName,
    });
    this.sidecar = addSidecar(this, props.settings, gateway);
  }
}

/** The full deploy: gateway with the sidecar in its pod, and MLflow unless an external one is configured. */
export class FullChart extends Chart {
  constructor(scope: Construct, id: string, props: ClawbenchChartProps) {
    super(scope, id, chartProps);
    const { settings } = props;
    addEvalNamespace(this, settings);
    if (settings.mlflow.externalTrackingUri === undefined) addMlflow(this, settings);
    addSidecar(this, settings, addGateway(this, settings));
  }
}

/** Options that only the deploy CLI sets, from what it finds in the cluster. */
export interface ChartOptions {
  /** Points the sidecar chart at someone else's gateway Deployment. */
  readonly foreignGateway?: ForeignGatewayOptions;
}

/** A chart of the app, by the name of its file in dist/ (`<name>.k8s.yaml`). */
export interface ChartDefinition {
  readonly name: string;
  readonly build: (app: App, settings: Settings, options: ChartOptions) => Chart;
}

/** This charts, in the order they are synthesized. */
export const CLAWBENCH_CHARTS = [
  { name: 'gateway', build: (app, settings) => new GatewayChart(app, 'gateway', { settings }) },
  { name: 'mlflow', build: (app, settings) => new MlflowChart(app, 'mlflow', { settings }) },
  { name: 'sidecar', build: (app, settings, options) => new SidecarChart(app, 'sidecar', { settings, ...options }) },
  { name: 'full', build: (app, settings) => new FullChart(app, 'full', { settings }) },
] as const satisfies readonly ChartDefinition[];

export type ClawbenchChartName = (typeof CLAWBENCH_CHARTS)[number]['name'];

/** A synthesized Kubernetes object. */
export type Manifest = Record<string, unknown> & { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };

/**
 * Builds this charts for the given settings and returns each chart's objects, in apply
 * order, without writing files: what the deploy CLI applies.
 */
export function synthCharts(settings: Settings, options: ChartOptions = {}): Record<ClawbenchChartName, Manifest[]> {
  const app = new App();
  return Object.fromEntries(
    CLAWBENCH_CHARTS.map((chart) => [chart.name, chart.build(app, settings, options).toJson() as Manifest[]]),
  ) as Record<ClawbenchChartName, Manifest[]>;
}
