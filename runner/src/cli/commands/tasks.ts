import type { Command } from '../command.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import { DEFAULT_TASKS_DIR, loadTasks, TaskLoadError } from '../../tasks/loader.js';
import { taskJsonSchema } from '../../tasks/schema.js';

const USAGE = `usage: clawbench tasks [--tasks-dir DIR] [--json] [--json-schema]

Lists the tasks a tasks dir holds: id, tier, family, whether it needs a browser, timeout.

  --tasks-dir DIR  a folder of <id>/task.yaml tasks or a ClawBench task pack (default: the core suite)
  --json           one JSON array for scripts
  --json-schema    print the JSON Schema of a task file instead
`;

interface TasksOptions {
  tasksDir: string;
  json: boolean;
  jsonSchema: boolean;
  help: boolean;
}

function parseOptions(argv: readonly string[]): TasksOptions {
  const options: TasksOptions = { tasksDir: DEFAULT_TASKS_DIR, json: false, jsonSchema: false, help: false };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === '--json') options.json = true;
    else if (arg === '--json-schema') options.jsonSchema = true;
    else if (arg === '--help' || arg === '-h') options.help = true;
    else if (arg === '--tasks-dir' || arg?.startsWith('--tasks-dir=')) {
      const value = arg === '--tasks-dir' ? argv[++index] : arg.slice('--tasks-dir='.length);
      if (!value) throw new UsageError('--tasks-dir needs a value: expected a folder path');
      options.tasksDir = value;
    } else {
      throw new UsageError(`tasks: unknown option "${arg}": expected --tasks-dir DIR, --json or --json-schema`);
    }
  }
  return options;
}

export const command: Command = {
  name: 'tasks',
  summary: 'list the tasks of a tasks dir (id, tier, family, browser, timeout)',
  async run(argv) {
    const options = parseOptions(argv);
    if (options.help) {
      process.stdout.write(USAGE);
      return ExitCode.ok;
    }
    if (options.jsonSchema) {
      process.stdout.write(`${JSON.stringify(taskJsonSchema(), null, 2)}\n`);
      return ExitCode.ok;
    }
    let tasks;
    try {
      tasks = await loadTasks(options.tasksDir);
    } catch (error) {
      if (error instanceof TaskLoadError) throw new UsageError(error.message);
      throw error;
    }
    const rows = tasks.map((task) => ({
      id: task.id,
      tier: task.snapshot.tier,
      family: task.snapshot.family,
      needs_browser: task.needsBrowser,
      timeout_seconds: task.timeoutSeconds,
    }));
    if (options.json) {
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return ExitCode.ok;
    }
    const header = ['ID', 'TIER', 'FAMILY', 'BROWSER', 'TIMEOUT'];
    const table = [header, ...rows.map((row) => [row.id, row.tier, row.family, row.needs_browser ? 'yes' : 'no', `${row.timeout_seconds}s`])];
    const widths = header.map((_, column) => Math.max(...table.map((line) => line[column]!.length)));
    const text = table.map((line) => line.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
    process.stdout.write(`${text}\n${rows.length} tasks\n`);
    return ExitCode.ok;
  },
};
