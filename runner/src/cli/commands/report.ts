import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from '../command.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import { JsonLinesError } from '../../results/runs-file.js';
import { loadResults, ResultsInputError } from '../../results/load.js';
import { renderHtmlReport } from '../../sinks/report/html.js';
import { renderTerminalReport } from '../../sinks/report/terminal.js';

const USAGE = `usage: clawbench report DIR|FILE [--html PATH] [--no-html] [--recompute]

Prints a summary table and writes a self-contained HTML report (heatmap, scores with intervals,
cost vs score, failure modes, and a trajectory viewer when runs.jsonl is there).

  DIR            a results directory: benchmark.json and/or runs.jsonl (+ judgements.jsonl)
  FILE           a benchmark.json, or a runs.jsonl to score from scratch
  --html PATH    where to write the HTML (default: report.html in the results directory)
  --no-html      only print the table
  --recompute    rebuild benchmark.json's numbers from runs.jsonl (not written back)
`;

interface ReportOptions {
  target: string | null;
  html: string | null;
  writeHtml: boolean;
  recompute: boolean;
  help: boolean;
}

function parseOptions(argv: readonly string[]): ReportOptions {
  const options: ReportOptions = { target: null, html: null, writeHtml: true, recompute: false, help: false };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? '';
    if (arg === '--help' || arg === '-h') options.help = true;
    else if (arg === '--no-html') options.writeHtml = false;
    else if (arg === '--recompute') options.recompute = true;
    else if (arg === '--html' || arg.startsWith('--html=')) {
      const value = arg === '--html' ? argv[++index] : arg.slice('--html='.length);
      if (!value) throw new UsageError('--html needs a value: expected the path of the HTML file to write');
      options.html = value;
    } else if (arg.startsWith('-')) {
      throw new UsageError(`report: unknown option "${arg}": expected --html PATH, --no-html or --recompute`);
    } else if (options.target !== null) {
      throw new UsageError(`report: got a second path "${arg}": expected one results directory or file`);
    } else options.target = arg;
  }
  return options;
}

export const command: Command = {
  name: 'report',
  summary: 'print the results table and write a self-contained HTML report',
  async run(argv) {
    const options = parseOptions(argv);
    if (options.help) {
      process.stdout.write(USAGE);
      return ExitCode.ok;
    }
    if (options.target === null) throw new UsageError('report needs a results directory or file: expected clawbench report DIR|FILE');
    let loaded;
    try {
      loaded = await loadResults(options.target, { recompute: options.recompute });
    } catch (error) {
      if (error instanceof ResultsInputError || error instanceof JsonLinesError) throw new UsageError(error.message);
      throw error;
    }
    process.stdout.write(renderTerminalReport(loaded.benchmark));
    if (loaded.recomputed) process.stdout.write(`(numbers recomputed from ${loaded.records?.length ?? 0} run records)\n`);
    if (options.writeHtml) {
      const isDirectory = (await stat(options.target)).isDirectory();
      const htmlPath = options.html ?? path.join(isDirectory ? options.target : path.dirname(options.target), 'report.html');
      await writeFile(htmlPath, renderHtmlReport(loaded.benchmark, loaded.records, loaded.judgements));
      process.stdout.write(`HTML report: ${htmlPath}\n`);
    }
    return ExitCode.ok;
  },
};
