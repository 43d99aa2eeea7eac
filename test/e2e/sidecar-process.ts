import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { provisioned } from '../../runner/test/support/provision.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const runnerMain = fileURLToPath(new URL('../../runner/src/cli/main.ts', import.meta.url));

/** `clawbench sidecar` as its own process, on Node 24 like the image, with exactly the given env. */
export interface SidecarProcess {
  readonly pid: number;
  /** Everything it printed so far (stdout and stderr, interleaved). */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** Resolves once the output matches, rejects after the timeout or if it exits first. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<void>;
  signal(name: NodeJS.Signals): void;
  /** SIGKILL of its whole process group (task services included), if still running. */
  kill(): Promise<void>;
}

export function startSidecar(args: readonly string[], env: NodeJS.ProcessEnv): SidecarProcess {
  const node24 = provisioned('node24');
  const child = spawn(node24, ['--import', 'tsx', runnerMain, 'sidecar', ...args], {
    cwd: repoRoot,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    text += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let running = true;
  void exited.then(() => {
    running = false;
    for (const listener of listeners) listener();
  });
  const killGroup = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.once('exit', killGroup);
  return {
    pid: child.pid!,
    output: () => text,
    exited,
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(text)) done(null);
          else if (!running) done(new Error(`clawbench sidecar exited before printing ${pattern}:\n${text}`));
        };
        const timer = setTimeout(() => done(new Error(`clawbench sidecar did not print ${pattern} within ${timeoutMs} ms:\n${text}`)), timeoutMs);
        const done = (error: Error | null) => {
          clearTimeout(timer);
          listeners.delete(check);
          if (error) reject(error);
          else resolve();
        };
        listeners.add(check);
        check();
      });
    },
    signal: (name) => child.kill(name),
    async kill() {
      if (running) killGroup();
      await exited;
      killGroup();
      process.removeListener('exit', killGroup);
    },
  };
}
