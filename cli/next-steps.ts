import type { Mode } from './args.js';
import type { DeployPlan } from './render.js';
import { SIDECAR_CONTAINER, type Deployment } from './sidecar.js';

function step(command: string, why: string): string {
  return `  ${command.padEnd(44)} # ${why}`;
}

/** What to do after a mode, as the seed's guide tells it, with the real names filled in. */
export function nextSteps(mode: Mode, plan: DeployPlan, live: Deployment | undefined): string[] {
  const { namespace, deploymentName } = plan.gateway;
  const selector = Object.entries(live?.spec.selector?.matchLabels ?? {})
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
  const results = plan.sidecar.resultsPath;
  const copyOut = [
    `  when the eval has finished, copy the results out:`,
    `    POD=$(kubectl get pod -n ${namespace} -l ${selector} -o jsonpath='{.items[0].metadata.name}')`,
    `    kubectl cp "${namespace}/$POD:${results}/benchmark.json" -c ${SIDECAR_CONTAINER} ./benchmark.json`,
  ];
  const cleanup = [
    step('clawbench-k8s --remove-sidecar', 'remove the sidecar, keep OpenClaw and MLflow'),
    step('clawbench-k8s --teardown', `delete namespace ${namespace}, keep MLflow`),
  ];
  switch (mode) {
    case 'full':
    case 'add-sidecar':
      return [
        'next steps:',
        step(`kubectl get pods -n ${namespace}`, `expect ${deploymentName}-... 2/2 Running (gateway + ${SIDECAR_CONTAINER})`),
        step('clawbench-k8s --logs', 'follow the eval'),
        ...copyOut,
        ...cleanup,
      ];
    case 'openclaw-only':
      return [
        'next steps:',
        step(`kubectl get pods -n ${namespace}`, `expect ${deploymentName}-... 1/1 Running`),
        step('clawbench-k8s --add-sidecar', 'start the eval'),
        step('clawbench-k8s --teardown', `delete namespace ${namespace}, keep MLflow`),
      ];
    case 'mlflow-only': {
      const { mlflow } = plan;
      if (mlflow.external !== undefined) return [];
      return [
        'next steps:',
        step(`kubectl get pods -n ${mlflow.namespace}`, `expect ${mlflow.deploymentName}-... 1/1 Running`),
        step(`kubectl port-forward -n ${mlflow.namespace} svc/${mlflow.serviceName} 5000:5000`, 'open the MLflow UI on http://127.0.0.1:5000'),
        `  the sidecar logs to ${mlflow.trackingUri}`,
      ];
    }
    case 'remove-sidecar':
      return [
        'next steps:',
        step('clawbench-k8s --add-sidecar', 'start another eval'),
        step('clawbench-k8s --teardown', `delete namespace ${namespace}, keep MLflow`),
      ];
    case 'logs':
    case 'teardown':
      return [];
  }
}
