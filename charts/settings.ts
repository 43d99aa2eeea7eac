/**
 * The deploy's environment variables (the seed's names) as typed, validated settings. This is
 * the only place that interprets them; charts receive the result as props. Secret values (the
 * gateway token, provider keys) are deliberately not settings: only the secret path reads them,
 * through `secretMaterialFromEnv`.
 */
import { z } from 'zod';
import {
  DEFAULT_CLAWBENCH_IMAGE,
  DEFAULT_EXPERIMENT_NAME,
  DEFAULT_MLFLOW_IMAGE,
  DEFAULT_MLFLOW_NAMESPACE,
  DEFAULT_MODEL,
  DEFAULT_OPENCLAW_IMAGE,
  dnsLabel,
  httpUrl,
  imageRef,
  modelRef,
  positiveWholeNumber,
  taskId,
  type Rule,
} from '../constructs/index.js';

export { secretMaterialFromEnv, type SecretMaterial } from '../constructs/index.js';

/** The namespace the committed dist/ is synthesized for, when `CLAWBENCH_NAMESPACE` is unset. */
export const DIST_NAMESPACE = 'clawbench-eval';

const ruled = (rule: Rule<string>) => z.string().refine(rule.test, { error: `expected ${rule.expected}` });

const wholeNumber = z
  .string()
  .regex(/^\d+$/, { error: `expected ${positiveWholeNumber.expected}` })
  .transform(Number)
  .refine(positiveWholeNumber.test, { error: `expected ${positiveWholeNumber.expected}` });

const taskList = z
  .string()
  .transform((value) => value.split(/\s+/).filter((task) => task !== ''))
  .refine((tasks) => tasks.every(taskId.test), { error: `expected ${taskId.expected}` });

/** Every variable the settings read, with its rule and default; empty values count as unset. */
const environmentSchema = z
  .object({
    CLAWBENCH_NAMESPACE: ruled(dnsLabel).optional(),
    CLAWBENCH_IMAGE: ruled(imageRef).default(DEFAULT_CLAWBENCH_IMAGE),
    OPENCLAW_IMAGE: ruled(imageRef).default(DEFAULT_OPENCLAW_IMAGE),
    MLFLOW_IMAGE: ruled(imageRef).default(DEFAULT_MLFLOW_IMAGE),
    CLAWBENCH_MODEL: ruled(modelRef).default(DEFAULT_MODEL),
    CLAWBENCH_JUDGE_MODEL: ruled(modelRef).optional(),
    CLAWBENCH_TASKS: taskList.default([]),
    CLAWBENCH_RUNS: wholeNumber.default(3),
    CLAWBENCH_CONCURRENCY: wholeNumber.default(4),
    CLAWBENCH_CONNECT_TIMEOUT: wholeNumber.default(120),
    CLAWBENCH_REQUEST_TIMEOUT: wholeNumber.default(300),
    CLAWBENCH_PER_RUN_BUDGET_SECONDS: wholeNumber.default(600),
    OPENAI_API_BASE: ruled(httpUrl).optional(),
    MLFLOW_NAMESPACE: ruled(dnsLabel).default(DEFAULT_MLFLOW_NAMESPACE),
    MLFLOW_TRACKING_URI: ruled(httpUrl).optional(),
    MLFLOW_EXPERIMENT_ID: z.string().regex(/^\d+$/, { error: 'expected the numeric id of an existing experiment' }).optional(),
    MLFLOW_EXPERIMENT_NAME: z.string().optional(),
  })
  .superRefine((env, ctx) => {
    if (env.MLFLOW_EXPERIMENT_ID !== undefined && env.MLFLOW_EXPERIMENT_NAME !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['MLFLOW_EXPERIMENT_NAME'],
        message: 'expected either MLFLOW_EXPERIMENT_ID or MLFLOW_EXPERIMENT_NAME, not both',
      });
    }
  })
  .transform((env) => ({
    /** Where the gateway and the sidecar go; unset only when synthesizing dist/. */
    namespace: env.CLAWBENCH_NAMESPACE,
    images: { clawbench: env.CLAWBENCH_IMAGE, openclaw: env.OPENCLAW_IMAGE, mlflow: env.MLFLOW_IMAGE },
    model: env.CLAWBENCH_MODEL,
    judgeModel: env.CLAWBENCH_JUDGE_MODEL,
    openaiApiBase: env.OPENAI_API_BASE,
    eval: {
      tasks: env.CLAWBENCH_TASKS,
      runs: env.CLAWBENCH_RUNS,
      concurrency: env.CLAWBENCH_CONCURRENCY,
      connectTimeoutSeconds: env.CLAWBENCH_CONNECT_TIMEOUT,
      requestTimeoutSeconds: env.CLAWBENCH_REQUEST_TIMEOUT,
      perRunBudgetSeconds: env.CLAWBENCH_PER_RUN_BUDGET_SECONDS,
    },
    mlflow: {
      namespace: env.MLFLOW_NAMESPACE,
      /** An MLflow run elsewhere; when set, no MLflow is deployed. */
      externalTrackingUri: env.MLFLOW_TRACKING_URI,
      experimentId: env.MLFLOW_EXPERIMENT_ID,
      experimentName: env.MLFLOW_EXPERIMENT_ID === undefined ? (env.MLFLOW_EXPERIMENT_NAME ?? DEFAULT_EXPERIMENT_NAME) : undefined,
    },
  }));

/** The variables the settings read, in the order problems are reported. */
export const SETTINGS_VARIABLES = Object.keys(environmentSchema.in.shape) as readonly string[];

/** Typed, validated settings; no secret value is in here. */
export type Settings = z.output<typeof environmentSchema>;

/** One bad variable: its name, the value given, and what was expected. */
export interface SettingsProblem {
  readonly variable: string;
  readonly value: string | undefined;
  readonly expected: string;
}

/** Every problem of an environment at once, in one message. */
export class SettingsError extends Error {
  constructor(public readonly problems: readonly SettingsProblem[]) {
    const lines = problems.map(
      (problem) => `  ${problem.variable}=${problem.value === undefined ? '(unset)' : JSON.stringify(problem.value)}: ${problem.expected}`,
    );
    super(`invalid settings, ${problems.length} problem${problems.length === 1 ? '' : 's'}; fix these environment variables:\n${lines.join('\n')}`);
    this.name = 'SettingsError';
  }
}

/**
 * Settings from an environment such as `process.env`. Pure: reads only the given record.
 * @throws SettingsError listing every bad variable.
 */
export function settingsFromEnv(env: Readonly<Record<string, string | undefined>>): Settings {
  // an exported-but-empty variable means "use the default", as in the seed's shell script
  const given = Object.fromEntries(
    SETTINGS_VARIABLES.flatMap((variable) => {
      const value = env[variable];
      return value === undefined || value === '' ? [] : [[variable, value]];
    }),
  );
  const result = environmentSchema.safeParse(given);
  if (result.success) return result.data;
  throw new SettingsError(
    result.error.issues.map((issue) => {
      const variable = String(issue.path[0]);
      return { variable, value: given[variable], expected: issue.message };
    }),
  );
}

/**
 * The settings of a deploy, which needs `CLAWBENCH_NAMESPACE` on top of {@link settingsFromEnv}.
 * @throws SettingsError listing every bad variable, the missing namespace included.
 */
export function deploySettingsFromEnv(env: Readonly<Record<string, string | undefined>>): Settings & { namespace: string } {
  let settings: Settings | undefined;
  let problems: readonly SettingsProblem[] = [];
  try {
    settings = settingsFromEnv(env);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    problems = error.problems;
  }
  const namespaceMissing = (env.CLAWBENCH_NAMESPACE ?? '') === '';
  if (namespaceMissing) {
    problems = [
      { variable: 'CLAWBENCH_NAMESPACE', value: undefined, expected: `expected the namespace of the gateway and the eval, e.g. "${DIST_NAMESPACE}"` },
      ...problems,
    ];
  }
  if (settings === undefined || settings.namespace === undefined) throw new SettingsError(problems);
  return { ...settings, namespace: settings.namespace };
}
