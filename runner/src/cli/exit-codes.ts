/** What `clawbench` exits with; scripts and the sidecar branch on these. */
export const ExitCode = {
  /** The eval completed and every run was scored. */
  ok: 0,
  /** The eval could not run (gateway unreachable, nothing scored). */
  failed: 1,
  /** Bad input: a flag, variable or file was not what was expected. Nothing was started. */
  usage: 2,
  /** The eval completed, but some runs ended in an infrastructure error and were excluded. */
  attrition: 3,
  /** Results are on disk, but logging them to MLflow failed; re-run `clawbench log-mlflow`. */
  loggingFailed: 4,
  /** Stopped by SIGINT or SIGTERM; finished runs were flushed and `--resume` continues. */
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** A bad input, reported as one message naming the input and what was expected. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
