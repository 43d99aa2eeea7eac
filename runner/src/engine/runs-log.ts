import { appendFile, mkdir, readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { RunRecordSchema, type RunRecord } from './run-record.js';

/**
 * runs.jsonl beside the output: one finished run per line, appended as it finishes, so an
 * interrupted eval loses nothing and `--resume` continues it.
 */

export const RUNS_FILE = 'runs.jsonl';

export function runsLogPath(output: string): string {
  return path.join(path.dirname(output), RUNS_FILE);
}

export class RunsLog {
  private chain: Promise<void> = Promise.resolve();

  private constructor(readonly file: string) {}

  /**
   * Opens the log. Without `resume`, an existing non-empty log is moved aside (never deleted) to
   * `runs-<timestamp>.jsonl`, and the eval starts a new one.
   */
  static async open(file: string, resume: boolean): Promise<{ log: RunsLog; previous: RunRecord[]; skippedLines: number; movedTo: string | null }> {
    await mkdir(path.dirname(file), { recursive: true });
    const size = await stat(file).then((info) => info.size, () => 0);
    if (size > 0 && !resume) {
      const movedTo = path.join(path.dirname(file), `runs-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`);
      await rename(file, movedTo);
      return { log: new RunsLog(file), previous: [], skippedLines: 0, movedTo };
    }
    const { records, skippedLines } = size > 0 ? await readRunsLog(file) : { records: [], skippedLines: 0 };
    return { log: new RunsLog(file), previous: records, skippedLines, movedTo: null };
  }

  /** One line per record, in one write; appends are serialised so lines never interleave. */
  append(record: RunRecord): Promise<void> {
    const line = `${JSON.stringify(record)}\n`;
    this.chain = this.chain.then(() => appendFile(this.file, line, 'utf8'));
    return this.chain;
  }

  flush(): Promise<void> {
    return this.chain;
  }
}

/**
 * Every valid record of a runs.jsonl. A line that does not parse (a run cut off mid-write) is
 * counted and skipped; that run is simply run again on resume.
 */
export async function readRunsLog(file: string): Promise<{ records: RunRecord[]; skippedLines: number }> {
  const text = await readFile(file, 'utf8');
  const records: RunRecord[] = [];
  let skippedLines = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const parsed = RunRecordSchema.safeParse(JSON.parse(line));
      if (parsed.success) records.push(parsed.data);
      else skippedLines++;
    } catch {
      skippedLines++;
    }
  }
  return { records, skippedLines };
}

export function runKey(taskId: string, run: number): string {
  return `${taskId}#${run}`;
}

/** The last record of each (task, run): a resumed eval may have re-run an earlier error. */
export function latestRecords(records: readonly RunRecord[]): RunRecord[] {
  const latest = new Map<string, RunRecord>();
  for (const record of records) latest.set(runKey(record.task.id, record.run), record);
  return [...latest.values()];
}
