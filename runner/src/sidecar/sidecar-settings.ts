import { parseArgs } from 'node:util';
import { z } from 'zod';
import { UsageError } from '../cli/exit-codes.js';

/**
 * `sidecar`: after the eval, stay up so `kubectl cp` and `kubectl logs` still work (a Deployment's
 * extra container must not exit, or it is restarted). `job`: exit with the eval's status, so a
 * Job's pod completes (the gateway runs as a native sidecar and is stopped by the kubelet).
 */
export const SIDECAR_MODES = ['sidecar', 'job'] as const;

const blankIsUnset = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** The sidecar's own settings; the eval's settings are `clawbench run`'s, read from the same env. */
export const SidecarEnvSchema = z.object({
  CLAWBENCH_MODE: z.preprocess(blankIsUnset, z.enum(SIDECAR_MODES).default('sidecar')),
  CLAWBENCH_RESULTS_DIR: z.preprocess(blankIsUnset, z.string().default('/results')),
  MLFLOW_TRACKING_URI: z.preprocess(blankIsUnset, z.string().optional()),
});

export interface SidecarSettings {
  readonly mode: (typeof SIDECAR_MODES)[number];
  readonly resultsDir: string;
  readonly mlflowTrackingUri: string | undefined;
}

export const SIDECAR_USAGE = `usage: clawbench sidecar [--mode sidecar|job] [--results-dir DIR]

Runs the eval the way the pod does: waits for the gateway (tcp, then /readyz), checks MLflow's
/health when MLFLOW_TRACKING_URI is set (a warning, not a stop), runs \`clawbench run\` with the
settings in the environment (the clawbench-config ConfigMap), resuming from DIR/runs.jsonl when a
previous container left one, writes DIR/benchmark.json and DIR/runs.jsonl, logs to MLflow, then
stays up (sidecar mode) or exits with the eval's status (job mode).

options:
  --mode sidecar|job   CLAWBENCH_MODE, default sidecar
  --results-dir DIR    CLAWBENCH_RESULTS_DIR, default /results
  -h, --help           this text
`;

/** Flags win over the environment; every problem is reported in one message. */
export function parseSidecarSettings(argv: readonly string[], env: NodeJS.ProcessEnv): SidecarSettings | 'help' {
  let flags: { mode?: string | undefined; 'results-dir'?: string | undefined; help?: boolean | undefined };
  try {
    flags = parseArgs({
      args: [...argv],
      options: { mode: { type: 'string' }, 'results-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(/\. To specify.*$/s, '');
    throw new UsageError(`sidecar: ${reason.charAt(0).toLowerCase()}${reason.slice(1)}: expected --mode sidecar|job and --results-dir DIR`);
  }
  if (flags.help) return 'help';
  const input = {
    CLAWBENCH_MODE: flags.mode ?? env.CLAWBENCH_MODE,
    CLAWBENCH_RESULTS_DIR: flags['results-dir'] ?? env.CLAWBENCH_RESULTS_DIR,
    MLFLOW_TRACKING_URI: env.MLFLOW_TRACKING_URI,
  };
  const parsed = SidecarEnvSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0]) as keyof typeof input;
      const source = key === 'CLAWBENCH_MODE' && flags.mode !== undefined ? '--mode' : key === 'CLAWBENCH_RESULTS_DIR' && flags['results-dir'] !== undefined ? '--results-dir' : key;
      const expected = key === 'CLAWBENCH_MODE' ? SIDECAR_MODES.join(' or ') : 'a directory path';
      return `${source} "${String(input[key])}": expected ${expected}`;
    });
    throw new UsageError(problems.join('; '));
  }
  return {
    mode: parsed.data.CLAWBENCH_MODE,
    resultsDir: parsed.data.CLAWBENCH_RESULTS_DIR,
    mlflowTrackingUri: parsed.data.MLFLOW_TRACKING_URI,
  };
}
