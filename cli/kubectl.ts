import { spawn } from 'node:child_process';
import { DeployError } from './errors.js';

export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface KubectlOptions {
  /** Written to kubectl's stdin (manifests, possibly holding secret values: never to disk). */
  readonly input?: string;
  /** Let kubectl write straight to our stdout/stderr (logs -f, rollout status). */
  readonly inherit?: boolean;
}

/** Runs the user's kubectl with the user's environment (KUBECONFIG, context). */
export class Kubectl {
  constructor(readonly env: NodeJS.ProcessEnv) {}

  run(args: readonly string[], options: KubectlOptions = {}): Promise<KubectlResult> {
    return new Promise((resolve, reject) => {
      const child = spawn('kubectl', args, {
        env: this.env,
        stdio: [options.input === undefined ? 'ignore' : 'pipe', options.inherit ? 'inherit' : 'pipe', options.inherit ? 'inherit' : 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', (error) => reject(new DeployError(`could not run kubectl ${args[0] ?? ''}: ${error.message}`)));
      child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
      child.stdin?.end(options.input);
    });
  }

  /** Runs kubectl and fails with `what` and kubectl's own message when it exits non-zero. */
  async must(what: string, args: readonly string[], options: KubectlOptions = {}): Promise<KubectlResult> {
    const result = await this.run(args, options);
    if (result.code !== 0) throw new DeployError(`${what} failed: ${firstLines(result.stderr) || `kubectl exited with code ${result.code}`}`);
    return result;
  }

  /** The object as JSON with its managed fields, or undefined when it does not exist. */
  async get(kind: string, name: string, namespace?: string): Promise<unknown> {
    const args = ['get', kind, name, '-o', 'json', '--show-managed-fields', '--ignore-not-found', ...(namespace === undefined ? [] : ['-n', namespace])];
    const { stdout } = await this.must(`reading ${kind} ${name}`, args);
    return stdout.trim() === '' ? undefined : (JSON.parse(stdout) as unknown);
  }
}

/** kubectl's error text, trimmed to what a person reads (it can repeat itself over many lines). */
export function firstLines(text: string, count = 3): string {
  return text.trim().split('\n').slice(0, count).join('\n');
}
