#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import type { Command } from './command.js';
import { ExitCode, UsageError } from './exit-codes.js';

/** Loaded on demand so `clawbench --version` and the sidecar start fast. */
const COMMANDS: Record<string, () => Promise<{ command: Command }>> = {
  run: () => import('./commands/run.js'),
  tasks: () => import('./commands/tasks.js'),
  report: () => import('./commands/report.js'),
  compare: () => import('./commands/compare.js'),
  'log-mlflow': () => import('./commands/log-mlflow.js'),
  sidecar: () => import('./commands/sidecar.js'),
};

export function runnerVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V') {
    process.stdout.write(`clawbench ${runnerVersion()}\n`);
    return ExitCode.ok;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const lines = [`usage: clawbench <command> [options]`, ``, `commands:`];
    for (const [commandName, load] of Object.entries(COMMANDS)) {
      const { command } = await load();
      lines.push(`  ${commandName.padEnd(12)} ${command.summary}`);
    }
    lines.push(``, `clawbench <command> --help shows a command's options.`);
    process.stdout.write(lines.join('\n') + '\n');
    return name === undefined ? ExitCode.usage : ExitCode.ok;
  }
  const load = COMMANDS[name];
  if (!load) {
    throw new UsageError(`unknown command "${name}": expected one of ${Object.keys(COMMANDS).join(', ')}`);
  }
  const { command } = await load();
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`clawbench: ${error.message}\n`);
      process.exitCode = ExitCode.usage;
      return;
    }
    process.stderr.write(`clawbench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = ExitCode.failed;
  },
);
