#!/usr/bin/env node
/**
 * clawbench-k8s: the seed's deploy.sh modes over kubectl server-side apply, on top of the charts.
 * Checks run in order (arguments, kubectl, namespace, settings, cluster) and the first failure is
 * one message with exit status 1.
 */
import { SettingsError, deploySettingsFromEnv } from '../charts/settings.js';
import { helpText, parseInvocation } from './args.js';
import { checkClusterReachable, checkKubectlOnPath, requireNamespace } from './checks.js';
import { DeployError } from './errors.js';
import { Kubectl } from './kubectl.js';
import { runMode } from './modes.js';
import { deployPlan } from './render.js';
import { Waits } from './wait.js';

async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const invocation = parseInvocation(argv);
  if (invocation.help) {
    process.stdout.write(helpText());
    return 0;
  }
  checkKubectlOnPath(env);
  requireNamespace(env);
  const plan = deployPlan(deploySettingsFromEnv(env), env);
  const kubectl = new Kubectl(env);
  await checkClusterReachable(kubectl);
  return runMode({ kubectl, invocation, plan, waits: new Waits(kubectl, invocation) });
}

main(process.argv.slice(2), process.env).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const known = error instanceof DeployError || error instanceof SettingsError;
    const message = error instanceof Error ? (known ? error.message : (error.stack ?? error.message)) : String(error);
    process.stderr.write(`clawbench-k8s: ${message}\n`);
    process.exitCode = 1;
  },
);
