import { parseArgs } from 'node:util';
import { DeployError } from './errors.js';

/** The seed's deploy.sh modes, by flag. `full` is the default (no mode flag). */
export const MODES = {
  full: 'full deploy: OpenClaw gateway + MLflow + eval sidecar',
  'openclaw-only': 'deploy the OpenClaw gateway only',
  'mlflow-only': 'deploy MLflow only',
  'add-sidecar': 'add the clawbench sidecar to the gateway Deployment (starts the eval)',
  'remove-sidecar': 'remove what --add-sidecar added',
  logs: "follow the sidecar's logs",
  teardown: 'delete the eval namespace (keeps MLflow)',
} as const;

export type Mode = keyof typeof MODES;

/** Modes that change the cluster through apply, and so can be previewed with --diff. */
const DIFFABLE: readonly Mode[] = ['full', 'openclaw-only', 'mlflow-only', 'add-sidecar', 'remove-sidecar'];

export interface Invocation {
  readonly mode: Mode;
  readonly help: boolean;
  readonly diff: boolean;
  readonly wait: boolean;
  /** Overrides every rollout wait's timeout, in seconds. */
  readonly timeoutSeconds?: number;
}

const modeFlags = Object.keys(MODES).filter((mode) => mode !== 'full') as Exclude<Mode, 'full'>[];

export function parseInvocation(argv: readonly string[]): Invocation {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        ...Object.fromEntries(modeFlags.map((mode) => [mode, { type: 'boolean' as const }])),
        help: { type: 'boolean', short: 'h' },
        diff: { type: 'boolean' },
        'no-wait': { type: 'boolean' },
        timeout: { type: 'string' },
      },
    });
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('.')[0] : String(error);
    throw new DeployError(`${(detail ?? '').toLowerCase()}; run clawbench-k8s --help for the modes and options`);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const chosen = modeFlags.filter((mode) => values[mode] === true);
  if (chosen.length > 1) {
    throw new DeployError(`choose one mode, got ${chosen.map((mode) => `--${mode}`).join(' and ')}`);
  }
  const mode: Mode = chosen[0] ?? 'full';
  const diff = values.diff === true;
  if (diff && !DIFFABLE.includes(mode)) {
    throw new DeployError(`--diff previews what a deploy mode would change; it does not apply to --${mode}`);
  }
  const timeout = values.timeout;
  let timeoutSeconds: number | undefined;
  if (typeof timeout === 'string') {
    timeoutSeconds = Number(timeout);
    if (!/^\d+$/.test(timeout) || timeoutSeconds < 1) {
      throw new DeployError(`--timeout "${timeout}" is not valid; expected a whole number of seconds, at least 1`);
    }
  }
  return { mode, help: values.help === true, diff, wait: values['no-wait'] !== true, timeoutSeconds };
}

export function helpText(): string {
  const width = Math.max(...Object.keys(MODES).map((mode) => mode.length)) + 4;
  return [
    'usage: clawbench-k8s [mode] [--diff] [--no-wait] [--timeout=SECONDS]',
    '',
    'modes (one at most):',
    ...Object.entries(MODES).map(([mode, text]) => `  ${(mode === 'full' ? '(none)' : `--${mode}`).padEnd(width)}${text}`),
    '',
    'options:',
    `  ${'--diff'.padEnd(width)}show what a deploy mode would change (kubectl diff --server-side), change nothing`,
    `  ${'--no-wait'.padEnd(width)}do not wait for rollouts or namespace deletion`,
    `  ${'--timeout=S'.padEnd(width)}wait at most S seconds for each rollout (defaults: gateway 180, MLflow 120, sidecar 300)`,
    `  ${'-h, --help'.padEnd(width)}show this help`,
    '',
    'required: CLAWBENCH_NAMESPACE (namespace for OpenClaw and the eval), kubectl on PATH and a reachable cluster.',
    'the provider keys (OPENAI_API_KEY, ANTHROPIC_API_KEY, OPENROUTER_API_KEY, GEMINI_API_KEY) and',
    'OPENCLAW_GATEWAY_TOKEN go into Secret clawbench-secrets; see docs/deploy.md for every variable.',
    '',
  ].join('\n');
}
