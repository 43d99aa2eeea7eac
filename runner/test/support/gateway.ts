import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, mkdir, rm, writeFile, open, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freeLoopbackPort } from '../../src/engine/services.js';
import { provisioned } from './provision.js';

/**
 * The real OpenClaw gateway for tests: Node 24 running the pinned `openclaw` package on loopback,
 * with its own temp state dir, config, token and log file, pointed at a scripted model server.
 * Start it once per test file (it takes ~10 s to get ready) and always `stop()` it.
 */

export const SCRIPTED_PROVIDER = 'scripted';
export const SCRIPTED_MODEL = 'scripted-model';
export const SCRIPTED_MODEL_REF = `${SCRIPTED_PROVIDER}/${SCRIPTED_MODEL}`;
/** USD per 1M tokens, as configured for the scripted model: cost assertions use these. */
export const SCRIPTED_PRICES = { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 } as const;

export interface GatewayOptions {
  /** The scripted model server's base URL (`ModelServer.baseUrl`). */
  readonly modelBaseUrl: string;
  /** Tool Search on wraps most tools in `tool_call`; off (the default) sends direct schemas. */
  readonly toolSearch?: boolean;
  /** Enables the `browser` tool with Debian's Chromium, headless, allowed to reach these hosts. */
  readonly browser?: { readonly allowedHostnames: readonly string[] };
  /** Deep-merged over the generated openclaw.json. */
  readonly config?: Record<string, unknown>;
  /** Milliseconds to wait for /readyz; default 240 s (~10 s alone, much more on a shared machine). */
  readonly readyTimeoutMs?: number;
}

export interface Gateway {
  /** `ws://127.0.0.1:<port>` */
  readonly url: string;
  readonly token: string;
  readonly port: number;
  readonly stateDir: string;
  /** Where tests create run workspaces; the gateway sees the same paths. */
  readonly workspaceRoot: string;
  /** The gateway's own log file (stdout and stderr). */
  readonly logFile: string;
  /** `openclaw --version`-style version read from the package, e.g. `2026.9.6`. */
  readonly version: string;
  readonly pid: number | undefined;
  /** SIGTERM, then SIGKILL of the whole process group; removes the temp dir. */
  stop(): Promise<void>;
  /** SIGKILL of the whole process group at once, as in a crash; the state dir is kept. */
  kill(): Promise<void>;
  /** Starts the gateway again on the same port and state dir and waits until ready. */
  restart(): Promise<void>;
}

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const node24 = provisioned('node24');
  const openclawDir = provisioned('openclaw');
  const version = (JSON.parse(await readFile(path.join(openclawDir, 'package.json'), 'utf8')) as { version: string }).version;
  const root = await mkdtemp(path.join(os.tmpdir(), 'clawbench-gateway-'));
  const stateDir = path.join(root, 'state');
  const home = path.join(root, 'home');
  const tmp = path.join(root, 'tmp');
  const workspaceRoot = path.join(stateDir, 'workspace-clawbench');
  const configPath = path.join(stateDir, 'openclaw.json');
  const logFile = path.join(root, 'gateway.log');
  await Promise.all([stateDir, home, tmp, workspaceRoot].map((dir) => mkdir(dir, { recursive: true })));
  const token = randomBytes(24).toString('hex');
  const port = await freeLoopbackPort();
  const config = deepMerge(baseConfig(options, { stateDir, root, node24 }), options.config ?? {});
  await writeFile(configPath, JSON.stringify(config, null, 2));

  const env: NodeJS.ProcessEnv = {
    PATH: `${path.dirname(node24)}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    HOME: home,
    TMPDIR: tmp,
    LANG: 'C.UTF-8',
    OPENCLAW_STATE_DIR: stateDir,
    OPENCLAW_CONFIG_PATH: configPath,
    OPENCLAW_GATEWAY_TOKEN: token,
    OPENCLAW_DISABLE_BONJOUR: '1',
    OPENCLAW_NO_AUTO_UPDATE: '1',
    ...(options.browser ? { OPENCLAW_BROWSER_HEADLESS: '1' } : {}),
  };

  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  async function launch(): Promise<void> {
    const log = await open(logFile, 'a');
    child = spawn(node24, [path.join(openclawDir, 'openclaw.mjs'), 'gateway', 'run', '--port', String(port), '--bind', 'loopback'], {
      env,
      cwd: home,
      detached: true,
      stdio: ['ignore', log.fd, log.fd],
    });
    const started = child;
    exited = new Promise((resolve) => started.once('exit', () => resolve()));
    await log.close();
    await waitReady(port, options.readyTimeoutMs ?? 240_000, started);
  }

  async function killGroup(signal: NodeJS.Signals): Promise<void> {
    const running = child;
    if (!running?.pid || running.exitCode !== null || running.signalCode !== null) return;
    try {
      process.kill(-running.pid, signal);
    } catch {
      // already gone
    }
    await exited;
  }

  const cleanupOnExit = () => {
    if (child?.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  process.once('exit', cleanupOnExit);

  try {
    await launch();
  } catch (error) {
    await killGroup('SIGKILL');
    // the temp dir goes, so the log's tail travels with the error
    const tail = (await readFile(logFile, 'utf8').catch(() => '')).split('\n').slice(-30).join('\n').replaceAll(token, '[redacted]');
    await rm(root, { recursive: true, force: true });
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- gateway log (last lines) ---\n${tail}`);
  }

  return {
    url: `ws://127.0.0.1:${port}`,
    token,
    port,
    stateDir,
    workspaceRoot,
    logFile,
    version,
    get pid() {
      return child?.pid;
    },
    async stop() {
      const running = child;
      if (running?.pid && running.exitCode === null && running.signalCode === null) {
        try {
          process.kill(-running.pid, 'SIGTERM');
        } catch {
          // already gone
        }
        const timer = setTimeout(() => killGroup('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
        // helpers (spawn broker, sqlite reader) share the group; make sure none outlive the test
        try {
          process.kill(-running.pid, 'SIGKILL');
        } catch {
          // group empty
        }
      }
      process.removeListener('exit', cleanupOnExit);
      await rm(root, { recursive: true, force: true });
    },
    async kill() {
      await killGroup('SIGKILL');
    },
    async restart() {
      await killGroup('SIGTERM');
      await launch();
    },
  };
}

function baseConfig(options: GatewayOptions, where: { stateDir: string; root: string; node24: string }): Record<string, unknown> {
  return {
    gateway: { mode: 'local', bind: 'loopback', auth: { mode: 'token' } },
    update: { checkOnStart: false },
    logging: { file: path.join(where.root, 'openclaw.log') },
    discovery: { mdns: { mode: 'off' } },
    cron: { enabled: false },
    browser: options.browser
      ? {
          enabled: true,
          headless: true,
          noSandbox: true,
          executablePath: provisioned('chromium'),
          ssrfPolicy: { allowedHostnames: [...options.browser.allowedHostnames] },
        }
      : { enabled: false },
    models: {
      mode: 'merge',
      catalogRefresh: { enabled: false },
      providers: {
        [SCRIPTED_PROVIDER]: {
          baseUrl: options.modelBaseUrl,
          apiKey: 'sk-scripted-local',
          api: 'openai-completions',
          models: [
            {
              id: SCRIPTED_MODEL,
              name: 'Scripted Model',
              reasoning: false,
              input: ['text'],
              cost: { ...SCRIPTED_PRICES },
              contextWindow: 128000,
              maxTokens: 4096,
            },
          ],
        },
      },
    },
    agents: {
      defaults: {
        model: { primary: SCRIPTED_MODEL_REF },
        workspace: path.join(where.stateDir, 'workspace'),
        skipBootstrap: true,
      },
    },
    tools: {
      profile: 'coding',
      // `true` would select the code-mode variant; `{mode:'tools'}` is the structured tool_search/tool_call default
      toolSearch: options.toolSearch ? { mode: 'tools' } : false,
      ...(options.browser ? { alsoAllow: ['browser'] } : {}),
      exec: { mode: 'full', pathPrepend: [path.dirname(where.node24)] },
    },
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Objects merge key by key; anything else (arrays included) in `override` replaces. */
export function deepMerge(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = merged[key];
    merged[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return merged;
}

/** A free loopback port (other fixtures use it too). */
export const freePort = freeLoopbackPort;

/** Unknown paths answer 200 HTML, so readiness is the JSON body saying `ready:true`. */
async function waitReady(port: number, timeoutMs: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`gateway exited (${child.exitCode ?? child.signalCode}) before it was ready`);
    }
    try {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2_000) });
      const body = (await response.json()) as { ready?: unknown };
      if (body.ready === true) return;
    } catch {
      // not listening yet, or not JSON yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`gateway on port ${port} not ready after ${timeoutMs} ms`);
}
