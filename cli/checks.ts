import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { DeployError } from './errors.js';
import { firstLines, type Kubectl } from './kubectl.js';

/** kubectl must be an executable somewhere on PATH, as deploy.sh required. */
export function checkKubectlOnPath(env: NodeJS.ProcessEnv): void {
  const dirs = (env.PATH ?? '').split(delimiter).filter((dir) => dir !== '');
  const found = dirs.some((dir) => {
    try {
      accessSync(join(dir, 'kubectl'), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
  if (!found) {
    throw new DeployError('kubectl is not on PATH; install kubectl (https://kubernetes.io/docs/tasks/tools/) and make sure `kubectl version --client` works');
  }
}

/** The namespace is the one variable every mode needs, so it is checked before anything else. */
export function requireNamespace(env: NodeJS.ProcessEnv): string {
  const namespace = env.CLAWBENCH_NAMESPACE;
  if (namespace === undefined || namespace.trim() === '') {
    throw new DeployError('CLAWBENCH_NAMESPACE is not set; expected the namespace for OpenClaw and the eval, e.g. export CLAWBENCH_NAMESPACE=clawbench-eval');
  }
  return namespace;
}

/** One bounded round trip to the API server of the current context. */
export async function checkClusterReachable(kubectl: Kubectl): Promise<void> {
  const result = await kubectl.run(['get', '--raw=/readyz', '--request-timeout=10s']);
  if (result.code === 0) return;
  const context = await kubectl.run(['config', 'current-context']);
  const where = context.code === 0 ? `the cluster of kubectl context "${context.stdout.trim()}"` : 'a cluster: kubectl has no current context';
  throw new DeployError(
    `cannot reach ${where}: ${firstLines(result.stderr, 1) || `kubectl exited with code ${result.code}`}; check KUBECONFIG and that \`kubectl cluster-info\` succeeds`,
  );
}
