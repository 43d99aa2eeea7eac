import type { Invocation, Mode } from './args.js';
import { applyIntoDeployment, applyObjects, describeObject, diffObjects, FIELD_MANAGER, type KubeObject } from './apply.js';
import { DeployError } from './errors.js';
import type { Kubectl } from './kubectl.js';
import { nextSteps } from './next-steps.js';
import type { DeployPlan } from './render.js';
import { describeSecretPlan, planSecret, secretValues } from './secret.js';
import {
  claimNames,
  configChecksum,
  deploymentSchema,
  gatewayHomeVolume,
  managersOf,
  ownedBy,
  SIDECAR_CONTAINER,
  SIDECAR_FIELD_MANAGER,
  sidecarIntent,
  sidecarRelease,
  type Deployment,
} from './sidecar.js';
import { ROLLOUT_TIMEOUTS, Waits } from './wait.js';

export interface ModeContext {
  readonly kubectl: Kubectl;
  readonly invocation: Invocation;
  readonly plan: DeployPlan;
  readonly waits: Waits;
}

const say = (line: string): void => void process.stdout.write(`${line}\n`);

async function liveGateway(context: ModeContext): Promise<Deployment | undefined> {
  const { deploymentName, namespace } = context.plan.gateway;
  const live = await context.kubectl.get('deployment', deploymentName, namespace);
  return live === undefined ? undefined : deploymentSchema.parse(live);
}

async function requireGateway(context: ModeContext, then: string): Promise<Deployment> {
  const live = await liveGateway(context);
  if (live !== undefined) return live;
  const { deploymentName, namespace } = context.plan.gateway;
  throw new DeployError(
    `deployment/${deploymentName} not found in namespace ${namespace}; deploy the gateway first (clawbench-k8s --openclaw-only) or set CLAWBENCH_NAMESPACE to the namespace of your gateway, then ${then}`,
  );
}

/** Applies, or with --diff shows what applying would change. Returns whether something changed. */
async function applyOrDiff(context: ModeContext, objects: readonly KubeObject[], manager: string): Promise<boolean> {
  if (context.invocation.diff) return diffObjects(context.kubectl, objects, { manager });
  const applied = await applyObjects(context.kubectl, objects, { manager });
  return applied.some((object) => object.change !== 'unchanged');
}

/**
 * Secret `clawbench-secrets`: created with a generated token when missing; an existing one keeps
 * every key the user did not set now. Values only ever travel through kubectl's stdin.
 */
async function ensureSecret(context: ModeContext, options: { foreignGateway: boolean }): Promise<void> {
  const { secret } = context.plan;
  const live = await context.kubectl.get('secret', secret.name, secret.namespace);
  const plan = planSecret(live === undefined ? undefined : secretValues(live), secret.setByUser, secret.tokenKey, secret.generateToken);
  for (const line of describeSecretPlan(secret.name, plan, secret.providerKeys, context.invocation.diff)) say(line);
  if (plan.generatedToken && options.foreignGateway) {
    say(`warning: a gateway clawbench-k8s did not deploy will reject a generated token; export that gateway's ${secret.tokenKey} and run again`);
  }
  if (context.invocation.diff || plan.changed.length === 0) return;
  await applyObjects(context.kubectl, [secret.render(plan.values)], { manager: FIELD_MANAGER, forceConflicts: true, report: false });
}

async function deployGateway(context: ModeContext): Promise<void> {
  await applyOrDiff(context, context.plan.gateway.namespaceObjects, FIELD_MANAGER);
  await ensureSecret(context, { foreignGateway: false });
  await applyOrDiff(context, context.plan.gateway.objects, FIELD_MANAGER);
}

async function deployMlflow(context: ModeContext): Promise<void> {
  const { mlflow } = context.plan;
  if (mlflow.external !== undefined) {
    say(`MLFLOW_TRACKING_URI is set (${mlflow.external}): using that MLflow, not deploying one`);
    return;
  }
  await applyOrDiff(context, mlflow.objects, FIELD_MANAGER);
}

/**
 * In a full deploy the Secret is already written and, under --diff on a fresh cluster, the
 * gateway is not there yet.
 */
async function addSidecar(context: ModeContext, options: { fullDeploy: boolean }): Promise<void> {
  const { gateway, sidecar } = context.plan;
  if (options.fullDeploy && context.invocation.diff && (await liveGateway(context)) === undefined) {
    say(`the "${SIDECAR_CONTAINER}" sidecar would then be added to deployment/${gateway.deploymentName} -n ${gateway.namespace}`);
    return;
  }
  const live = await requireGateway(context, 'add the sidecar');
  const ref = describeObject(live);
  const index = live.spec.template.spec.containers.findIndex((container) => container.name === SIDECAR_CONTAINER);
  if (index >= 0 && !ownedBy(live, SIDECAR_FIELD_MANAGER).containers.has(SIDECAR_CONTAINER)) {
    throw new DeployError(
      `${ref} already has a container named "${SIDECAR_CONTAINER}" that clawbench-k8s did not add (deploy.sh adds one); remove it first with: kubectl patch deployment/${live.metadata.name} -n ${gateway.namespace} --type=json -p '[{"op":"remove","path":"/spec/template/spec/containers/${index}"}]'`,
    );
  }
  const parts = sidecar.forGateway(gatewayHomeVolume(live, gateway.homePath));
  const intent = sidecarIntent(live, parts.patch, gateway.homePath, configChecksum(parts.configMap));
  // a results PVC only when the gateway has no results volume of its own
  const claims = new Set(claimNames(intent));
  const objects = parts.objects.filter((object) => object.kind !== 'PersistentVolumeClaim' || claims.has(object.metadata.name));
  if (!options.fullDeploy) await ensureSecret(context, { foreignGateway: !gateway.ours(live) });
  await applyOrDiff(context, objects, SIDECAR_FIELD_MANAGER);
  const changed = context.invocation.diff
    ? await diffObjects(context.kubectl, [intent], { manager: SIDECAR_FIELD_MANAGER })
    : (await applyIntoDeployment(context.kubectl, intent, { manager: SIDECAR_FIELD_MANAGER })).change !== 'unchanged';
  if (!context.invocation.diff && changed) {
    say(`sidecar "${SIDECAR_CONTAINER}" ${index >= 0 ? 'updated in' : 'added to'} ${ref}; the pod restarts and the eval starts over (it takes 30 to 60 minutes)`);
  }
}

/** Deletes the sidecar's ConfigMap when --add-sidecar alone manages it; keeps the results PVC. */
async function removeSidecarObjects(context: ModeContext): Promise<void> {
  const { gateway, sidecar } = context.plan;
  const configMap = sidecar.configMap;
  const ref = describeObject(configMap);
  const live = await context.kubectl.get('configmap', configMap.metadata.name, gateway.namespace);
  if (live !== undefined) {
    const others = managersOf(live).filter((manager) => manager !== SIDECAR_FIELD_MANAGER);
    if (others.length > 0) say(`kept ${ref}: it is also managed by ${others.join(', ')}`);
    else if (context.invocation.diff) say(`${ref} would be deleted`);
    else {
      await context.kubectl.must(`deleting ${ref}`, ['delete', 'configmap', configMap.metadata.name, '-n', gateway.namespace]);
      say(`${ref} deleted`);
    }
  }
  for (const claim of sidecar.claims) {
    if ((await context.kubectl.get('persistentvolumeclaim', claim.metadata.name, gateway.namespace)) !== undefined) {
      say(`kept ${describeObject(claim)}: it holds the results; delete it with kubectl delete pvc ${claim.metadata.name} -n ${gateway.namespace}`);
    }
  }
}

async function removeSidecar(context: ModeContext): Promise<void> {
  const live = await requireGateway(context, 'remove the sidecar');
  const ref = describeObject(live);
  if (!ownedBy(live, SIDECAR_FIELD_MANAGER).anything) {
    say(`${ref} has nothing clawbench-k8s --add-sidecar added; nothing to remove`);
  } else if (context.invocation.diff) {
    await diffObjects(context.kubectl, [sidecarRelease(live)], { manager: SIDECAR_FIELD_MANAGER });
  } else {
    await applyIntoDeployment(context.kubectl, sidecarRelease(live), { manager: SIDECAR_FIELD_MANAGER });
    say(`removed the "${SIDECAR_CONTAINER}" container and the volumes and annotation --add-sidecar added from ${ref}`);
  }
  await removeSidecarObjects(context);
}

async function followLogs(context: ModeContext): Promise<void> {
  const { gateway } = context.plan;
  const live = await requireGateway(context, 'follow the logs');
  if (!live.spec.template.spec.containers.some((container) => container.name === SIDECAR_CONTAINER)) {
    throw new DeployError(`deployment/${gateway.deploymentName} -n ${gateway.namespace} has no "${SIDECAR_CONTAINER}" container; start an eval with clawbench-k8s --add-sidecar`);
  }
  const result = await context.kubectl.run(['logs', `deployment/${gateway.deploymentName}`, '-c', SIDECAR_CONTAINER, '-n', gateway.namespace, '-f'], { inherit: true });
  if (result.code !== 0) throw new DeployError(`kubectl logs exited with code ${result.code}; check that the pod is running: kubectl get pods -n ${gateway.namespace}`);
}

async function teardown(context: ModeContext): Promise<void> {
  const { namespace } = context.plan.gateway;
  const mlflowNamespace = context.plan.mlflow.namespace;
  if (namespace === mlflowNamespace && context.plan.mlflow.external === undefined) {
    throw new DeployError(`CLAWBENCH_NAMESPACE and MLFLOW_NAMESPACE are both "${namespace}"; teardown deletes the eval namespace and would delete MLflow with it, so delete it yourself if that is what you want`);
  }
  const live = (await context.kubectl.get('namespace', namespace)) as { status?: { phase?: string } } | undefined;
  if (live === undefined) {
    say(`namespace ${namespace} does not exist; nothing to tear down`);
    return;
  }
  if (live.status?.phase === 'Terminating') say(`namespace ${namespace} is already being deleted`);
  else {
    await context.kubectl.must(`deleting namespace ${namespace}`, ['delete', 'namespace', namespace, '--wait=false']);
    say(`namespace ${namespace} deleted, with everything in it (gateway, PVCs, secret); MLflow in namespace ${mlflowNamespace} is kept`);
  }
  await context.waits.namespaceDeleted(namespace, 120);
}

async function waitForDeploys(context: ModeContext, units: { gateway: boolean; mlflow: boolean; sidecar: boolean }): Promise<void> {
  if (context.invocation.diff) return;
  const { gateway, mlflow } = context.plan;
  if (units.mlflow && mlflow.external === undefined) await context.waits.rollout(mlflow.deploymentName, mlflow.namespace, ROLLOUT_TIMEOUTS.mlflow, 'MLflow');
  if (units.gateway || units.sidecar) {
    const seconds = units.sidecar ? ROLLOUT_TIMEOUTS.sidecar : ROLLOUT_TIMEOUTS.gateway;
    await context.waits.rollout(gateway.deploymentName, gateway.namespace, seconds, units.sidecar ? 'gateway with the clawbench sidecar' : 'OpenClaw gateway');
  }
}

const RUNNERS: Record<Mode, (context: ModeContext) => Promise<void>> = {
  full: async (context) => {
    await applyOrDiff(context, context.plan.mlflow.namespaceObjects, FIELD_MANAGER);
    await deployMlflow(context);
    await deployGateway(context);
    await addSidecar(context, { fullDeploy: true });
    await waitForDeploys(context, { gateway: true, mlflow: true, sidecar: true });
  },
  'openclaw-only': async (context) => {
    await deployGateway(context);
    await waitForDeploys(context, { gateway: true, mlflow: false, sidecar: false });
  },
  'mlflow-only': async (context) => {
    await applyOrDiff(context, context.plan.mlflow.namespaceObjects, FIELD_MANAGER);
    await deployMlflow(context);
    await waitForDeploys(context, { gateway: false, mlflow: true, sidecar: false });
  },
  'add-sidecar': async (context) => {
    await addSidecar(context, { fullDeploy: false });
    await waitForDeploys(context, { gateway: false, mlflow: false, sidecar: true });
  },
  'remove-sidecar': removeSidecar,
  logs: followLogs,
  teardown,
};

export async function runMode(context: ModeContext): Promise<number> {
  const { mode, diff } = context.invocation;
  await RUNNERS[mode](context);
  if (!diff) {
    const live = mode === 'logs' || mode === 'teardown' ? undefined : await liveGateway(context);
    for (const line of nextSteps(mode, context.plan, live)) say(line);
  }
  if (context.waits.failed.length > 0) {
    process.stderr.write(`not ready in time: ${context.waits.failed.join(', ')}\n`);
    return 1;
  }
  return 0;
}
