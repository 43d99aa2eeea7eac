import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { LoadedTask } from './loader.js';
import { TaskLoadError } from './loader.js';
import { listFiles, resolveInside } from './paths.js';

/**
 * The live oracle: how a scripted model replays a task's reference solution through a real
 * gateway, as tool calls. Read from `oracle/live.yaml`; without it, the first turn writes every
 * file of `oracle/workspace/` and every turn answers briefly.
 */

const WriteOracleFilesStepSchema = z.strictObject({
  tool: z.literal('write_oracle_files'),
  /** Only these files of oracle/workspace/ (default: all of them). */
  paths: z.array(z.string().min(1)).optional(),
});
const ToolStepSchema = z.strictObject({
  tool: z.string().min(1).refine((tool) => tool !== 'write_oracle_files', 'write_oracle_files takes `paths`, not `args`'),
  args: z.record(z.string(), z.unknown()).default({}),
});
const OracleTurnSchema = z.strictObject({
  steps: z.array(z.union([WriteOracleFilesStepSchema, ToolStepSchema])).default([]),
  reply: z.string().min(1),
});
export const OracleScriptSchema = z.strictObject({
  phases: z.array(z.strictObject({ turns: z.array(OracleTurnSchema).min(1) })).min(1),
});

export interface OracleToolCall {
  readonly name: string;
  /** May hold `{<service>_url}` / `{<service>_port}` placeholders, known only once the run started. */
  readonly arguments: Record<string, unknown>;
}
export interface OracleTurn {
  readonly calls: readonly OracleToolCall[];
  readonly reply: string;
}
/** One entry per task phase, one turn per user turn of that phase. */
export type OracleReplay = ReadonlyArray<{ readonly turns: readonly OracleTurn[] }>;

async function readScript(task: LoadedTask): Promise<z.infer<typeof OracleScriptSchema>> {
  const file = path.join(task.oracleDir, 'live.yaml');
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (text === null) {
    return {
      phases: task.phases.map((phase, phaseIndex) => ({
        turns: phase.turns.map((_, turnIndex) => ({
          steps: phaseIndex === 0 && turnIndex === 0 ? [{ tool: 'write_oracle_files' as const }] : [],
          reply: 'Done.',
        })),
      })),
    };
  }
  const parsed = OracleScriptSchema.safeParse(parseYaml(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TaskLoadError(`${file}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  if (parsed.data.phases.length !== task.phases.length) {
    throw new TaskLoadError(`${file}: phases: ${parsed.data.phases.length} given, expected one per task phase (${task.phases.length})`);
  }
  return parsed.data;
}

/** The reference solution as tool calls, `write_oracle_files` expanded into `write` calls. */
export async function liveOracle(task: LoadedTask): Promise<OracleReplay> {
  const filesDir = path.join(task.oracleDir, 'workspace');
  const allFiles = await listFiles(filesDir);
  const script = await readScript(task);
  return Promise.all(
    script.phases.map(async (phase) => ({
      turns: await Promise.all(
        phase.turns.map(async (turn) => {
          const calls: OracleToolCall[] = [];
          for (const step of turn.steps) {
            if ('args' in step) {
              calls.push({ name: step.tool, arguments: step.args });
              continue;
            }
            for (const file of step.paths ?? allFiles) {
              const content = await readFile(resolveInside(filesDir, file, 'oracle file'), 'utf8');
              calls.push({ name: 'write', arguments: { path: file, content } });
            }
          }
          return { calls, reply: turn.reply };
        }),
      ),
    })),
  );
}
