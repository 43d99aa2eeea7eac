import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { TIERS } from '../tasks/expectations.js';
import { Secret } from './mlflow-settings.js';

/**
 * `clawbench run`'s settings: each from its flag, else its environment variable, else its default.
 * Every problem is collected and reported at once, each naming the input, the value given and what
 * was expected. The gateway token is wrapped in a Secret and never echoed.
 */

export class RunSettingsError extends Error {
  override readonly name = 'RunSettingsError';
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
  }
}

const positiveInt = z.coerce.number().int().positive();
const seconds = z.coerce.number().positive().transform((value) => Math.round(value * 1000));
const flag = z.union([z.boolean(), z.enum(['1', 'true', 'yes', '0', 'false', 'no', ''])]).transform((value) => value === true || value === '1' || value === 'true' || value === 'yes');
const wsUrl = z.string().refine((value) => {
  try {
    return ['ws:', 'wss:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
});
const nonEmpty = z.string().trim().min(1);

interface Field {
  readonly flag: string;
  readonly env?: string;
  readonly schema: z.ZodType;
  readonly expected: string;
  /** Secret values are never echoed in errors. */
  readonly secret?: boolean;
}

/** The single source of truth of `clawbench run`'s inputs. */
const FIELDS = {
  model: { flag: '--model', env: 'CLAWBENCH_MODEL', schema: nonEmpty, expected: 'a model ref such as openai/gpt-5.5' },
  runs: { flag: '--runs', env: 'CLAWBENCH_RUNS', schema: positiveInt.default(3), expected: 'a positive integer' },
  concurrency: { flag: '--concurrency', env: 'CLAWBENCH_CONCURRENCY', schema: positiveInt.default(4), expected: 'a positive integer' },
  browserConcurrency: { flag: '--browser-concurrency', env: 'CLAWBENCH_BROWSER_CONCURRENCY', schema: positiveInt.default(1), expected: 'a positive integer' },
  tasks: { flag: '--task', env: 'CLAWBENCH_TASKS', schema: z.array(nonEmpty).default([]), expected: 'task ids' },
  tiers: { flag: '--tier', schema: z.array(z.enum(TIERS)).default([]), expected: TIERS.join(', ') },
  judgeModel: { flag: '--judge-model', env: 'CLAWBENCH_JUDGE_MODEL', schema: z.string().trim().transform((value) => value || null).nullable().default(null), expected: 'a model ref' },
  gatewayUrl: { flag: '--gateway-url', env: 'CLAWBENCH_GATEWAY_URL', schema: wsUrl.default('ws://localhost:18789'), expected: 'a ws:// or wss:// URL' },
  gatewayToken: {
    flag: '--gateway-token',
    env: 'OPENCLAW_GATEWAY_TOKEN',
    schema: nonEmpty.transform((value) => new Secret(value)),
    expected: "the gateway's shared token",
    secret: true,
  },
  connectTimeoutMs: { flag: '--connect-timeout', env: 'CLAWBENCH_CONNECT_TIMEOUT', schema: seconds.default(120_000), expected: 'seconds, a positive number' },
  requestTimeoutMs: { flag: '--request-timeout', env: 'CLAWBENCH_REQUEST_TIMEOUT', schema: seconds.default(300_000), expected: 'seconds, a positive number' },
  perRunBudgetMs: { flag: '--run-budget', env: 'CLAWBENCH_PER_RUN_BUDGET_SECONDS', schema: seconds.default(600_000), expected: 'seconds, a positive number' },
  perTurnCapMs: { flag: '--turn-timeout', env: 'CLAWBENCH_PER_TURN_TIMEOUT_SECONDS', schema: seconds.default(300_000), expected: 'seconds, a positive number' },
  output: { flag: '--output', env: 'CLAWBENCH_OUTPUT', schema: nonEmpty.default('results/benchmark.json'), expected: 'a file path' },
  tasksDir: { flag: '--tasks-dir', env: 'CLAWBENCH_TASKS_DIR', schema: nonEmpty.nullable().default(null), expected: 'a directory path' },
  keepWorkspaces: { flag: '--keep-workspaces', env: 'CLAWBENCH_KEEP_WORKSPACES', schema: flag.default(false), expected: '1/true or 0/false' },
  resume: { flag: '--resume', env: 'CLAWBENCH_RESUME', schema: flag.default(false), expected: '1/true or 0/false' },
  seed: {
    flag: '--seed',
    env: 'CLAWBENCH_SEED',
    schema: z.coerce.number().int().min(0).max(2 ** 32 - 1).nullable().default(null),
    expected: 'an integer from 0 to 4294967295',
  },
  workspaceRoot: { flag: '--workspace-root', env: 'CLAWBENCH_WORKSPACE_ROOT', schema: nonEmpty.nullable().default(null), expected: 'an absolute directory path' },
  stateDir: { flag: '--state-dir', env: 'CLAWBENCH_STATE_DIR', schema: nonEmpty.nullable().default(null), expected: 'a directory path' },
  mlflow: { flag: '--mlflow', schema: flag.default(false), expected: 'no value' },
} satisfies Record<string, Field>;

type Fields = typeof FIELDS;
type Parsed = { [K in keyof Fields]: z.output<Fields[K]['schema']> };

export type RunSettings = Omit<Parsed, 'seed' | 'workspaceRoot' | 'stateDir'> & {
  /** The seed of the task order shuffle; drawn at random when not given, and recorded. */
  readonly seed: number;
  /** Run workspaces: the same path for the runner and the gateway. */
  readonly workspaceRoot: string;
  /** Where the runner keeps its device identity. */
  readonly stateDir: string;
  /** Whether the seed was given (a replay) or drawn. */
  readonly seedGiven: boolean;
};

const BOOLEAN_FLAGS = new Set(['keepWorkspaces', 'resume', 'mlflow']);
const MULTIPLE_FLAGS = new Set(['tasks', 'tiers']);
const SHORT: Record<string, string> = { model: 'm', runs: 'n', concurrency: 'c', tasks: 't', output: 'o' };

export const RUN_USAGE = `usage: clawbench run --model PROVIDER/MODEL [options]

Runs the task suite against an OpenClaw gateway and writes runs.jsonl (as runs finish),
benchmark.json and report.html. Each option also reads the environment variable shown.

${Object.entries(FIELDS)
  .map(([key, field]) => {
    const short = SHORT[key] ? `-${SHORT[key]}, ` : '    ';
    const name = `${short}${field.flag}${BOOLEAN_FLAGS.has(key) ? '' : ' VALUE'}${MULTIPLE_FLAGS.has(key) ? ' (repeatable)' : ''}`;
    const env = 'env' in field ? `  [${field.env}]` : '';
    return `  ${name.padEnd(34)} ${field.expected}${env}`;
  })
  .join('\n')}
  -h, --help                         this text

defaults: --runs 3, --concurrency 4, --browser-concurrency 1, --gateway-url ws://localhost:18789,
timeouts connect 120 s / request 300 s / run budget 600 s / turn 300 s, --output results/benchmark.json,
--workspace-root \${OPENCLAW_STATE_DIR:-~/.openclaw}/workspace-clawbench, --state-dir ~/.clawbench.
CLAWBENCH_TASKS is space separated. --task and --tier select tasks; none means the whole suite.
`;

/** Parses argv and env into settings, or throws RunSettingsError listing every problem; `'help'` for --help. */
export function parseRunSettings(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): RunSettings | 'help' {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = { help: { type: 'boolean', short: 'h' } };
  for (const [key, field] of Object.entries(FIELDS)) {
    options[field.flag.slice(2)] = {
      type: BOOLEAN_FLAGS.has(key) ? 'boolean' : 'string',
      ...(MULTIPLE_FLAGS.has(key) ? { multiple: true } : {}),
      ...(SHORT[key] ? { short: SHORT[key] } : {}),
    };
  }
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values as Record<string, unknown>;
  } catch (error) {
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0]?.replace(/\.$/, '') ?? '';
    throw new RunSettingsError([`${first.charAt(0).toLowerCase()}${first.slice(1)}: expected the options listed by clawbench run --help (a value that starts with "-" is written --option=-value)`]);
  }
  if (values.help === true) return 'help';

  const problems: string[] = [];
  const parsed: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(FIELDS) as Array<[keyof Fields, Field]>) {
    const fromFlag = values[field.flag.slice(2)];
    const fromEnv = field.env === undefined ? undefined : blankIsUnset(env[field.env]);
    let raw: unknown = fromFlag ?? fromEnv;
    const source = fromFlag !== undefined ? field.flag : fromEnv !== undefined ? field.env : field.flag;
    if (key === 'tasks' && fromFlag === undefined && typeof fromEnv === 'string') raw = fromEnv.split(/\s+/).filter(Boolean);
    const result = field.schema.safeParse(raw);
    if (result.success) {
      parsed[key] = result.data;
      continue;
    }
    if (raw === undefined) {
      problems.push(`${[field.flag, field.env].filter(Boolean).join(' / ')} is not set: expected ${field.expected}`);
    } else {
      const shown = field.secret ? '' : ` ${JSON.stringify(Array.isArray(raw) ? raw.join(' ') : raw)}`;
      problems.push(`${source}${shown}: expected ${field.expected}`);
    }
  }
  if (problems.length > 0) throw new RunSettingsError(problems);

  const settings = parsed as Parsed;
  const home = env.HOME ?? os.homedir();
  const workspaceRoot = settings.workspaceRoot ?? path.join(env.OPENCLAW_STATE_DIR || path.join(home, '.openclaw'), 'workspace-clawbench');
  if (!path.isAbsolute(workspaceRoot)) {
    throw new RunSettingsError([`--workspace-root / CLAWBENCH_WORKSPACE_ROOT ${JSON.stringify(workspaceRoot)}: expected an absolute directory path (the gateway must see the same path)`]);
  }
  return {
    ...settings,
    seed: settings.seed ?? Math.floor(Math.random() * 2 ** 32),
    seedGiven: settings.seed !== null,
    workspaceRoot,
    stateDir: settings.stateDir ?? path.join(home, '.clawbench'),
  };
}

function blankIsUnset(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
