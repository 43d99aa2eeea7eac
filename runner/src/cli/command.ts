/** One `clawbench <name>` subcommand, in its own file under commands/. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Prints its own usage for `--help`; returns the exit code. */
  run(argv: readonly string[]): Promise<number>;
}
