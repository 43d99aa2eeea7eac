/**
 * Fixture: a real MLflow server started with the exact command of a synthesized container, its
 * pod paths moved into a temp dir and its address moved to a free loopback port.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { provisioned } from '../../runner/test/support/provision.js';
import { freePort } from '../../runner/test/support/gateway.js';

export interface MlflowProcess {
  readonly url: string;
  /** The temp dir standing in for the pod's data volume. */
  readonly dataDir: string;
  stop(): Promise<void>;
}

/**
 * @param command the container's command, e.g. `['mlflow', 'server', '--host', '0.0.0.0', ...]`
 * @param podDataPath the path of the data volume in the pod, replaced by a temp dir
 */
export async function startMlflowFromCommand(command: readonly string[], podDataPath: string): Promise<MlflowProcess> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'clawbench-mlflow-'));
  const dataDir = path.join(root, 'data');
  const port = await freePort();
  const args = command.slice(1).map((arg, index, all) => {
    if (all[index - 1] === '--host') return '127.0.0.1';
    if (all[index - 1] === '--port') return String(port);
    // only whole path segments: `/mlflow/mlflow.db` becomes `<dataDir>/mlflow.db`
    return arg.replace(new RegExp(`${podDataPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=/|$)`, 'g'), dataDir);
  });
  await mkdir(dataDir, { recursive: true });
  const log = await open(path.join(root, 'mlflow.log'), 'a');
  const venv = provisioned('mlflow', '2.21.3');
  const child = spawn(path.join(venv, 'bin', command[0]!), args, {
    cwd: root,
    detached: true,
    env: { PATH: `${path.join(venv, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`, HOME: root },
    stdio: ['ignore', log.fd, log.fd],
  });
  await log.close();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      killGroup('SIGTERM');
      const timer = setTimeout(() => killGroup('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    killGroup('SIGKILL'); // gunicorn workers share the group
    await rm(root, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const healthy = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) }).then((response) => response.ok, () => false);
    if (healthy) return { url, dataDir, stop };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await stop();
  throw new Error(`mlflow started with ${JSON.stringify(args)} did not answer /health`);
}
