import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import type { ServiceSpec } from '../tasks/prepared-task.js';

/**
 * A task's background services (a local web app, an API): each on a free loopback port passed in
 * its port variable, ready when its ready path answers the expected status, and stopped by killing
 * its whole process group.
 */

export interface RunningServices {
  readonly ports: Readonly<Record<string, number>>;
  stop(): Promise<void>;
}

export class ServiceStartError extends Error {
  override readonly name = 'ServiceStartError';
}

export async function startServices(specs: readonly ServiceSpec[], workspace: string): Promise<RunningServices> {
  const started: Array<{ name: string; child: ChildProcess; output: string[] }> = [];
  const ports: Record<string, number> = {};
  const stop = () => Promise.all(started.map(({ child }) => stopGroup(child))).then(() => undefined);
  try {
    for (const spec of specs) {
      const port = await freeLoopbackPort();
      const [program, ...args] = spec.command;
      if (!program) throw new ServiceStartError(`service ${spec.name} has an empty command`);
      const output: string[] = [];
      const child = spawn(program === 'node' ? process.execPath : program, args, {
        cwd: path.resolve(workspace, spec.cwd),
        env: { ...process.env, ...spec.env, [spec.portEnv]: String(port) },
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const keep = (chunk: Buffer) => {
        output.push(chunk.toString('utf8'));
        if (output.length > 20) output.shift();
      };
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
      child.on('error', (error) => output.push(String(error)));
      started.push({ name: spec.name, child, output });
      await waitServiceReady(spec, port, child, output);
      ports[spec.name] = port;
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { ports, stop };
}

async function waitServiceReady(spec: ServiceSpec, port: number, child: ChildProcess, output: string[]): Promise<void> {
  const deadline = Date.now() + spec.startupTimeoutSeconds * 1000;
  const url = `http://127.0.0.1:${port}${spec.readyPath.startsWith('/') ? '' : '/'}${spec.readyPath}`;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new ServiceStartError(`service ${spec.name} exited (${child.exitCode ?? child.signalCode}) before it was ready: ${tail(output)}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.status === spec.readyStatus) return;
      last = `status ${response.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new ServiceStartError(`service ${spec.name} was not ready at ${url} within ${spec.startupTimeoutSeconds} s (last: ${last}; expected status ${spec.readyStatus}): ${tail(output)}`);
}

function tail(output: readonly string[]): string {
  return output.join('').slice(-500).trim() || 'no output';
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (!child.pid) return;
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child.pid, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child.pid ?? 0, 'SIGKILL'), 2_000);
  await exited;
  clearTimeout(timer);
  // the group may hold grandchildren that outlive the leader
  signalGroup(child.pid, 'SIGKILL');
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone
  }
}

export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
