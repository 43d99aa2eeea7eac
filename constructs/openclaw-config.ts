/**
 * The gateway's `openclaw.json`, as a pure function of what the eval needs, so the construct,
 * its tests and an end-to-end test that starts a real gateway all use the same file.
 */

/** The port the gateway listens on, on loopback inside the pod. */
export const OPENCLAW_GATEWAY_PORT = 18789;
/** The gateway's home (state dir, config, workspace). The sidecar mounts it at the same path. */
export const OPENCLAW_HOME = '/home/node/.openclaw';
/** Where the agent works; inside the home so the sidecar sees the same absolute paths. */
export const OPENCLAW_WORKSPACE = `${OPENCLAW_HOME}/workspace`;
/** The config file the gateway reads. */
export const OPENCLAW_CONFIG_PATH = `${OPENCLAW_HOME}/openclaw.json`;

export interface OpenclawConfigOptions {
  /** The model under test, `provider/model`; also pinned for subagents. */
  readonly model: string;
  /**
   * An OpenAI-compatible endpoint for the built-in `openai` provider (vLLM, Ollama...).
   * @default - the provider's public endpoint
   */
  readonly openaiApiBase?: string;
  /**
   * The agent's workspace.
   * @default OPENCLAW_WORKSPACE
   */
  readonly workspace?: string;
  /**
   * The gateway's log file; `/tmp` is an emptyDir in the pod.
   * @default '/tmp/openclaw/openclaw.log'
   */
  readonly logFile?: string;
  /**
   * Hostnames the browser tool may open although they are private addresses.
   * @default ['localhost', '127.0.0.1']
   */
  readonly browserAllowedHostnames?: readonly string[];
}

/**
 * The config object. No secret is in it: the gateway takes its token from
 * `OPENCLAW_GATEWAY_TOKEN` and provider keys from their usual variables.
 */
export function buildOpenclawConfig(options: OpenclawConfigOptions) {
  return {
    gateway: {
      mode: 'local',
      bind: 'loopback',
      port: OPENCLAW_GATEWAY_PORT,
      auth: { mode: 'token' },
    },
    // an eval must not reach telemetry, the hosted catalogue or the LAN on its own
    update: { checkOnStart: false },
    discovery: { mdns: { mode: 'off' } },
    logging: { file: options.logFile ?? '/tmp/openclaw/openclaw.log' },
    cron: { enabled: false },
    browser: {
      enabled: true,
      headless: true,
      noSandbox: true,
      ssrfPolicy: { allowedHostnames: [...(options.browserAllowedHostnames ?? ['localhost', '127.0.0.1'])] },
    },
    tools: {
      profile: 'coding',
      alsoAllow: ['browser'],
      // pinned, so no approval prompt can stall an unattended run
      exec: { mode: 'full' },
    },
    models: {
      mode: 'merge',
      catalogRefresh: { enabled: false },
      ...(options.openaiApiBase === undefined
        ? {}
        : { providers: { openai: { baseUrl: options.openaiApiBase, models: [] } } }),
    },
    agents: {
      defaults: {
        model: { primary: options.model },
        // the eval measures OpenClaw's own agent loop, not a hand-off to another harness
        models: { [options.model]: { agentRuntime: { id: 'openclaw' } } },
        subagents: { model: options.model },
        workspace: options.workspace ?? OPENCLAW_WORKSPACE,
        // no onboarding files written into task workspaces, no bootstrap ritual in the prompt
        skipBootstrap: true,
      },
    },
  };
}

export type OpenclawConfig = ReturnType<typeof buildOpenclawConfig>;

/** The file content: stable key order and indentation, so its checksum only moves when it changes. */
export function renderOpenclawConfig(options: OpenclawConfigOptions): string {
  return `${JSON.stringify(buildOpenclawConfig(options), null, 2)}\n`;
}
