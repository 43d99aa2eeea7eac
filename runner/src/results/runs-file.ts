import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { RunRecordSchema, type RunRecord } from '../engine/run-record.js';
import { JudgeVerdictSchema, type JudgeVerdict } from '../scoring/judge-verdict.js';

/** A line of a JSON Lines file that is not what it should be; names the file and the line. */
export class JsonLinesError extends Error {
  override readonly name = 'JsonLinesError';
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(line)'}: ${issue.message.toLowerCase()}`)
    .join('; ');
}

/**
 * Parses JSON Lines against a schema. Blank lines are skipped; any other bad line is one error
 * that names the source, the line number and what was expected there.
 */
export function parseJsonLines<T extends z.ZodType>(text: string, schema: T, source: string, expected: string): Array<z.infer<T>> {
  const rows: Array<z.infer<T>> = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `${source} line ${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new JsonLinesError(`${where} is not valid JSON (${(error as Error).message.toLowerCase()}): expected one ${expected} per line`);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new JsonLinesError(`${where} is not a valid ${expected}: ${describeIssues(parsed.error)}`);
    rows.push(parsed.data);
  });
  return rows;
}

export const parseRunRecords = (text: string, source: string): RunRecord[] => parseJsonLines(text, RunRecordSchema, source, 'run record');
export const parseJudgements = (text: string, source: string): JudgeVerdict[] =>
  parseJsonLines(text, JudgeVerdictSchema, source, 'judge verdict');

/** Reads runs.jsonl back (validated), e.g. for `clawbench report` to replay an eval. */
export async function readRunRecords(path: string): Promise<RunRecord[]> {
  return parseRunRecords(await readFile(path, 'utf8'), path);
}

export async function readJudgements(path: string): Promise<JudgeVerdict[]> {
  return parseJudgements(await readFile(path, 'utf8'), path);
}
