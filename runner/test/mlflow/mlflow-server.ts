import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createInterface } from 'node:readline';
import { provisioned } from '../support/provision.js';

/** The seed's server; CLAWBENCH_MLFLOW_VERSION runs a test file against another release. */
export const DEFAULT_MLFLOW_VERSION = process.env.CLAWBENCH_MLFLOW_VERSION ?? '2.21.3';
/** The newest 3.x release whose dependencies the package index serves in full. */
export const CURRENT_MLFLOW_3 = '3.17.2';

const STARTUP_TIMEOUT_MS = 120_000;
/** MLflow 3 reports usage to the internet unless told not to; test traffic stays on loopback. */
const QUIET_ENV = { MLFLOW_DISABLE_TELEMETRY: 'true', DO_NOT_TRACK: 'true', PYTHONDONTWRITEBYTECODE: '1' };

/**
 * A real `mlflow server` (SQLite backend, proxied artifacts) on a free loopback port, in its own
 * process group, with its data in a temp dir. `crash()` kills it without warning and `start()`
 * brings it back on the same port and data, as a restarted pod would be.
 */
export class MlflowServerFixture {
  readonly uri: string;
  #process: ChildProcess | undefined;
  #python: PythonClient | undefined;
  #exited: Promise<void> = Promise.resolve();

  private constructor(
    readonly version: string,
    readonly venv: string,
    readonly dataDir: string,
    readonly port: number,
  ) {
    this.uri = `http://127.0.0.1:${port}`;
  }

  static async start(version = DEFAULT_MLFLOW_VERSION): Promise<MlflowServerFixture> {
    const venv = provisioned('mlflow', version);
    const dataDir = await mkdtemp(join(tmpdir(), 'clawbench-mlflow-'));
    const server = new MlflowServerFixture(version, venv, dataDir, await freePort());
    await server.start();
    return server;
  }

  async start(): Promise<void> {
    const log = await open(join(this.dataDir, 'server.log'), 'a');
    const child = spawn(
      join(this.venv, 'bin', 'mlflow'),
      [
        'server',
        '--backend-store-uri', `sqlite:///${join(this.dataDir, 'mlflow.db')}`,
        '--artifacts-destination', join(this.dataDir, 'artifacts'),
        '--serve-artifacts',
        '--host', '127.0.0.1',
        '--port', String(this.port),
        '--workers', '1',
      ],
      { cwd: this.dataDir, detached: true, stdio: ['ignore', log.fd, log.fd], env: { ...process.env, ...QUIET_ENV } },
    );
    this.#process = child;
    this.#exited = new Promise((resolve) => child.once('exit', () => resolve()));
    void this.#exited.then(() => log.close());
    processGroups.add(child.pid!);
    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) break;
      const healthy = await fetch(`${this.uri}/health`).then((r) => r.ok, () => false);
      if (healthy) return;
      await sleep(250);
    }
    const tail = (await readFile(join(this.dataDir, 'server.log'), 'utf8')).split('\n').slice(-20).join('\n');
    await this.crash();
    throw new Error(`mlflow ${this.version} server did not become healthy on ${this.uri}:\n${tail}`);
  }

  /** SIGKILL to the whole group (gunicorn/uvicorn workers included), then wait until it is gone. */
  async crash(): Promise<void> {
    await this.#signal('SIGKILL');
  }

  async stop(): Promise<void> {
    const stopped = this.#signal('SIGTERM');
    const timedOut = await Promise.race([stopped.then(() => false), sleep(10_000).then(() => true)]);
    if (timedOut) await this.crash();
  }

  async dispose(): Promise<void> {
    this.#python?.close();
    await this.stop();
    await rm(this.dataDir, { recursive: true, force: true });
  }

  async #signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.#process;
    if (child?.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
    await this.#exited;
    // Workers may outlive the leader by a moment; they share its group.
    for (let tries = 0; tries < 40 && groupAlive(child.pid); tries++) await sleep(50);
    if (!groupAlive(child.pid)) processGroups.delete(child.pid);
  }

  /**
   * Runs a Python script with MLflow's own client against this server and returns what it prints
   * as JSON (exactly one JSON document). One interpreter serves every call of a test file, since
   * importing mlflow takes seconds.
   */
  async python<T>(script: string, env: Record<string, string> = {}): Promise<T> {
    this.#python ??= new PythonClient(join(this.venv, 'bin', 'python'), { ...QUIET_ENV, MLFLOW_TRACKING_URI: this.uri, MLFLOW_HTTP_REQUEST_MAX_RETRIES: '0' });
    return JSON.parse(await this.#python.run(script, env)) as T;
  }
}

/** Reads `{script, env}` lines and answers `{ok, out}` or `{ok: false, error}` lines. */
const DRIVER = `
import contextlib, io, json, os, sys, traceback
import mlflow
for line in sys.stdin:
    request = json.loads(line)
    os.environ.update(request["env"])
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            exec(request["script"], {"__name__": "__main__"})
        answer = {"ok": True, "out": out.getvalue()}
    except Exception:
        answer = {"ok": False, "error": traceback.format_exc()}
    sys.stdout.write(json.dumps(answer) + "\\n")
    sys.stdout.flush()
`;

class PythonClient {
  readonly #child: ChildProcess;
  readonly #lines: AsyncIterator<string>;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(python: string, env: Record<string, string>) {
    this.#child = spawn(python, ['-c', DRIVER], { detached: true, stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, ...env } });
    processGroups.add(this.#child.pid!);
    this.#lines = createInterface({ input: this.#child.stdout! })[Symbol.asyncIterator]();
  }

  run(script: string, env: Record<string, string>): Promise<string> {
    const next = this.#queue.then(async () => {
      this.#child.stdin!.write(`${JSON.stringify({ script, env })}\n`);
      const line = await this.#lines.next();
      if (line.done === true) throw new Error('the Python MLflow client exited');
      const answer = JSON.parse(line.value) as { ok: boolean; out?: string; error?: string };
      if (!answer.ok) throw new Error(`Python MLflow client failed:\n${answer.error ?? ''}`);
      return answer.out ?? '';
    });
    this.#queue = next.catch(() => undefined);
    return next;
  }

  close(): void {
    this.#child.stdin?.end();
    try {
      process.kill(-this.#child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
    processGroups.delete(this.#child.pid!);
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Process groups still running; killed if the test process exits without stopping them. */
const processGroups = new Set<number>();
process.once('exit', () => {
  for (const pgid of processGroups) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
