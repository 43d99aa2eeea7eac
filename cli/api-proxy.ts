import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubeObjectSchema, type KubeObject } from './apply.js';
import { DeployError } from './errors.js';

export interface ApplyPatchOptions {
  readonly manager: string;
  readonly dryRun: boolean;
}

/**
 * A server-side apply that does not go through `kubectl apply`. kubectl, after an apply, hands every
 * field a client-side `kubectl apply` wrote over to the applying field manager ("migration"), so
 * on a gateway Deployment its owner applied by hand, the sidecar's manager would end up owning the
 * whole Deployment and --remove-sidecar would strip it. `kubectl proxy` on a private unix socket
 * keeps kubectl's handling of the user's credentials; the apply PATCH is sent to it unchanged.
 */
export class ApiProxy {
  private constructor(
    private readonly child: ChildProcess,
    private readonly dir: string,
    private readonly socketPath: string,
  ) {}

  static async start(env: NodeJS.ProcessEnv): Promise<ApiProxy> {
    const dir = await mkdtemp(join(tmpdir(), 'clawbench-k8s-proxy-'));
    const socketPath = join(dir, 'api.sock');
    const child = spawn('kubectl', ['proxy', `--unix-socket=${socketPath}`], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const proxy = new ApiProxy(child, dir, socketPath);
    const deadline = Date.now() + 15_000;
    while (!existsSync(socketPath)) {
      if (child.exitCode !== null || Date.now() > deadline) {
        await proxy.close();
        throw new DeployError(`kubectl proxy did not start: ${stderr.trim() || 'no socket after 15s'}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return proxy;
  }

  /** PATCH with content type application/apply-patch+yaml (JSON is YAML); returns the stored (or would-be) object. */
  applyPatch(path: string, object: KubeObject, options: ApplyPatchOptions): Promise<KubeObject> {
    const query = new URLSearchParams({ fieldManager: options.manager, fieldValidation: 'Strict', ...(options.dryRun ? { dryRun: 'All' } : {}) });
    const body = JSON.stringify(object);
    return new Promise((resolve, reject) => {
      const req = request(
        { socketPath: this.socketPath, method: 'PATCH', path: `${path}?${query}`, headers: { 'Content-Type': 'application/apply-patch+yaml', 'Content-Length': Buffer.byteLength(body) } },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => {
            const parsed = JSON.parse(text) as unknown;
            if ((res.statusCode ?? 500) >= 400) {
              const message = (parsed as { message?: string }).message ?? text;
              reject(new DeployError(`server-side apply of ${path} failed: ${message}`));
            } else resolve(kubeObjectSchema.parse(parsed));
          });
        },
      );
      req.on('error', (error) => reject(new DeployError(`server-side apply of ${path} failed: ${error.message}`)));
      req.end(body);
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = once(this.child, 'exit');
      this.child.kill('SIGTERM');
      await exited;
    }
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** The API path of a Deployment. */
export function deploymentPath(name: string, namespace: string): string {
  return `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/deployments/${encodeURIComponent(name)}`;
}
