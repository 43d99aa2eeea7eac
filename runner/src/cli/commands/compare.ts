import type { Command } from '../command.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import { JsonLinesError } from '../../results/runs-file.js';
import { loadResults, ResultsInputError } from '../../results/load.js';
import { comparePaired, renderComparison } from '../../sinks/compare/compare.js';

const USAGE = `usage: clawbench compare BASELINE OTHER [OTHER...] [--json]

Compares results task by task: each OTHER against BASELINE, the paired difference of task
scores with a 95% Student t interval over the shared tasks, and whether it is distinguishable
from noise. Each argument is a benchmark.json, a results directory or a runs.jsonl.

  --json   the comparisons as JSON, for scripts
`;

export const command: Command = {
  name: 'compare',
  summary: 'compare results task by task (paired differences with an interval)',
  async run(argv) {
    const paths: string[] = [];
    let json = false;
    for (const arg of argv) {
      if (arg === '--help' || arg === '-h') {
        process.stdout.write(USAGE);
        return ExitCode.ok;
      }
      if (arg === '--json') json = true;
      else if (arg.startsWith('-')) throw new UsageError(`compare: unknown option "${arg}": expected --json`);
      else paths.push(arg);
    }
    if (paths.length < 2) throw new UsageError(`compare needs at least two results, got ${paths.length}: expected clawbench compare BASELINE OTHER [OTHER...]`);
    const results = [];
    for (const target of paths) {
      try {
        results.push((await loadResults(target)).benchmark);
      } catch (error) {
        if (error instanceof ResultsInputError || error instanceof JsonLinesError) throw new UsageError(error.message);
        throw error;
      }
    }
    const [baseline, ...others] = results;
    if (baseline === undefined) return ExitCode.usage;
    if (json) process.stdout.write(`${JSON.stringify(others.map((other) => comparePaired(baseline, other)), null, 2)}\n`);
    else process.stdout.write(renderComparison(results));
    return ExitCode.ok;
  },
};
