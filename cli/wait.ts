import type { Kubectl } from './kubectl.js';

/** deploy.sh's rollout timeouts, per Deployment, in seconds. */
export const ROLLOUT_TIMEOUTS = { gateway: 180, mlflow: 120, sidecar: 300 } as const;

export interface WaitOptions {
  readonly wait: boolean;
  readonly timeoutSeconds?: number;
}

/** Outcome of the waits of one run: any that timed out makes the exit status 1 at the end. */
export class Waits {
  readonly failed: string[] = [];

  constructor(
    private readonly kubectl: Kubectl,
    private readonly options: WaitOptions,
  ) {}

  async rollout(deployment: string, namespace: string, defaultSeconds: number, why: string): Promise<void> {
    if (!this.options.wait) return;
    const seconds = this.options.timeoutSeconds ?? defaultSeconds;
    process.stdout.write(`waiting up to ${seconds}s for deployment/${deployment} -n ${namespace} to roll out (${why}; --no-wait skips this)\n`);
    const result = await this.kubectl.run(['rollout', 'status', `deployment/${deployment}`, '-n', namespace, `--timeout=${seconds}s`], { inherit: true });
    if (result.code === 0) return;
    this.failed.push(`deployment/${deployment} -n ${namespace}`);
    process.stderr.write(
      `deployment/${deployment} -n ${namespace} did not finish rolling out within ${seconds}s; look at kubectl get pods -n ${namespace} and kubectl describe deployment/${deployment} -n ${namespace}\n`,
    );
  }

  async namespaceDeleted(namespace: string, seconds: number): Promise<void> {
    if (!this.options.wait) return;
    const timeout = this.options.timeoutSeconds ?? seconds;
    process.stdout.write(`waiting up to ${timeout}s for namespace ${namespace} to be deleted (--no-wait skips this)\n`);
    const result = await this.kubectl.run(['wait', '--for=delete', `namespace/${namespace}`, `--timeout=${timeout}s`]);
    if (result.code === 0) return;
    this.failed.push(`namespace ${namespace}`);
    process.stderr.write(`namespace ${namespace} is still terminating after ${timeout}s; check kubectl get namespace ${namespace} -o yaml for what blocks it\n`);
  }
}
