#!/usr/bin/env node
/**
 * clawbench-k8s: the seed's deploy.sh modes over kubectl server-side apply, on top of the charts.
 * Checks run in order (arguments, kubectl, namespace, settings, cluster) and the first failure is
 * one message with exit status 1.
 */
import { helpText, parseInvocation } from './args.js';
import { checkClusterReachable, checkKubectlOnPath, requireNamespace } from './checks.js';
import { DeployError } from './errors.js';
import { Kubectl } from './kubectl.js';
import { Waits } from './wait.js';

async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const invocation = parseInvocation(argv);
  if (invocation.help) {
    process.stdout.write(helpText());
    return 0;
  }
  checkKubectlOnPath(env);
  requireNamespace(env);
  // the charts (cdk8s) load only once the cheap checks passed, so those answer at once
  const [{ deployPlanFromEnv }, { runMode }] = await Promise.all([import('./render.js'), import('./modes.js')]);
  const plan = deployPlanFromEnv(env);
  const kubectl = new Kubectl(env);
  await checkClusterReachable(kubectl);
  return runMode({ kubectl, invocation, plan, waits: new Waits(kubectl, invocation) });
}

main(process.argv.slice(2), process.env).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? (error instanceof DeployError ? error.message : (error.stack ?? error.message)) : String(error);
    process.stderr.write(`clawbench-k8s: ${message}\n`);
    process.exitCode = 1;
  },
);
