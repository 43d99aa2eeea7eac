import { spawn } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CheckResult } from './check-result.js';
import { resolveInside } from './paths.js';
import { fillPlaceholders, fillShellPlaceholders, splitCommand, type PlaceholderValues } from './placeholders.js';
import type { MemoryHit } from './prepared-task.js';
import type { ExecutionCheck, FileState, MemoryState } from './schema.js';

/** Where a check runs: the finished workspace, the task folder it came from, the filled placeholders. */
export interface CheckContext {
  readonly workspace: string;
  readonly taskDir: string;
  readonly values: PlaceholderValues;
}

const MAX_CAPTURED_BYTES = 1 << 20;
const DETAIL_MAX_CHARS = 300;
/** Provider keys and gateway tokens stay out of check processes, whose output lands in results. */
const SECRET_ENV_NAME = /KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL/i;
/**
 * The runner's own Node settings must not reach a check: under `node --test` (the runner's CI),
 * NODE_TEST_CONTEXT makes a nested `node --test` report to its parent and exit 0 whatever failed.
 */
const RUNNER_ONLY_ENV = new Set(['NODE_OPTIONS', 'NODE_TEST_CONTEXT']);

interface ProcessOutcome {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  spawnError: string | null;
}

function checkEnv(extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!SECRET_ENV_NAME.test(name) && !RUNNER_ONLY_ENV.has(name)) env[name] = value;
  }
  Object.assign(env, extra);
  // `node` in a check is the runner's own Node, whatever the machine's PATH says.
  env.PATH = [path.dirname(process.execPath), env.PATH ?? ''].filter(Boolean).join(path.delimiter);
  return env;
}

function runProcess(argv: readonly string[], cwd: string, env: NodeJS.ProcessEnv, timeoutSeconds: number): Promise<ProcessOutcome> {
  return new Promise((resolve) => {
    const [file, ...args] = argv;
    const child = spawn(file ?? '', args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const captured = { stdout: '', stderr: '' };
    for (const stream of ['stdout', 'stderr'] as const) {
      child[stream].setEncoding('utf8');
      child[stream].on('data', (chunk: string) => {
        if (captured[stream].length < MAX_CAPTURED_BYTES) captured[stream] += chunk;
      });
    }
    let timedOut = false;
    const killGroup = (): void => {
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // The group is already gone.
        }
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutSeconds * 1000);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ exitCode: null, ...captured, timedOut, spawnError: error.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      // Background children a check left behind must not outlive it.
      killGroup();
      resolve({ exitCode: code, ...captured, timedOut, spawnError: null });
    });
  });
}

function oneLine(text: string): string {
  const lines = text.split('\n').map((line) => line.trim()).filter(Boolean);
  const last = lines[lines.length - 1] ?? '';
  return last.length > DETAIL_MAX_CHARS ? `${last.slice(0, DETAIL_MAX_CHARS)}…` : last;
}

/** A file a check compares against: in the workspace (ClawBench's way) or, via {task_dir}, in the task folder. */
async function readReferenceFile(reference: string, context: CheckContext, what: string): Promise<string> {
  const filled = fillPlaceholders(reference, context.values);
  const absolute = path.isAbsolute(filled)
    ? resolveInside(context.taskDir, path.relative(context.taskDir, filled), what)
    : resolveInside(context.workspace, filled, what);
  return readFile(absolute, 'utf8');
}

function jsonEqual(left: unknown, right: unknown): boolean {
  return JSON.stringify(sortKeys(left)) === JSON.stringify(sortKeys(right));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

/** The first assertion of an execution check that its output fails, or null when all hold. */
async function executionFailure(check: ExecutionCheck, outcome: ProcessOutcome, context: CheckContext): Promise<string | null> {
  const fill = (text: string): string => fillPlaceholders(text, context.values);
  if (outcome.exitCode !== check.expected_exit_code) return `exit code ${outcome.exitCode} (expected ${check.expected_exit_code})`;
  for (const token of check.stdout_contains.map(fill)) if (!outcome.stdout.includes(token)) return `stdout lacks "${token}"`;
  for (const token of check.stdout_not_contains.map(fill)) if (outcome.stdout.includes(token)) return `stdout contains "${token}"`;
  for (const token of check.stderr_contains.map(fill)) if (!outcome.stderr.includes(token)) return `stderr lacks "${token}"`;
  if (check.stdout_matches !== null && !new RegExp(fill(check.stdout_matches), 'ms').test(outcome.stdout)) return `stdout does not match /${check.stdout_matches}/`;
  if (check.stderr_matches !== null && !new RegExp(fill(check.stderr_matches), 'ms').test(outcome.stderr)) return `stderr does not match /${check.stderr_matches}/`;
  if (check.expected_stdout !== null && outcome.stdout.trim() !== fill(check.expected_stdout).trim()) return 'stdout differs from the expected text';
  if (check.expected_stdout_file !== null) {
    const expected = await readReferenceFile(check.expected_stdout_file, context, 'expected_stdout_file');
    if (outcome.stdout.trim() !== expected.trim()) return `stdout differs from ${check.expected_stdout_file}`;
  }
  if (check.expected_json !== undefined || check.expected_json_file !== null) {
    const parsed = parseJson(outcome.stdout);
    if (!parsed.ok) return `stdout is not JSON: ${parsed.error}`;
    if (check.expected_json !== undefined && !jsonEqual(parsed.value, check.expected_json)) return 'stdout JSON differs from expected_json';
    if (check.expected_json_file !== null) {
      const expected = parseJson(await readReferenceFile(check.expected_json_file, context, 'expected_json_file'));
      if (!expected.ok || !jsonEqual(parsed.value, expected.value)) return `stdout JSON differs from ${check.expected_json_file}`;
    }
  }
  return null;
}

export async function runExecutionCheck(check: ExecutionCheck, context: CheckContext): Promise<CheckResult> {
  const id = `exec:${check.name}`;
  try {
    const cwd = resolveInside(context.workspace, fillPlaceholders(check.cwd, context.values), `execution check "${check.name}" cwd`);
    const argv = check.shell
      ? ['/bin/sh', '-c', fillShellPlaceholders(check.command, context.values)]
      : splitCommand(check.command).map((word) => fillPlaceholders(word, context.values));
    const env = checkEnv(Object.fromEntries(Object.entries(check.env).map(([k, v]) => [k, fillPlaceholders(v, context.values)])));
    const outcome = await runProcess(argv, cwd, env, check.timeout_seconds);
    if (outcome.spawnError !== null) return { id, kind: 'execution', passed: false, detail: `could not start: ${outcome.spawnError}`, tamper: false };
    if (outcome.timedOut) return { id, kind: 'execution', passed: false, detail: `timed out after ${check.timeout_seconds}s`, tamper: false };
    const failure = await executionFailure(check, outcome, context);
    const said = oneLine(outcome.stdout) || oneLine(outcome.stderr);
    const detail = failure === null ? said || 'ok' : [failure, said].filter(Boolean).join(': ');
    return { id, kind: 'execution', passed: failure === null, detail, tamper: false };
  } catch (error) {
    return { id, kind: 'execution', passed: false, detail: (error as Error).message, tamper: false };
  }
}

export async function runFileCheck(spec: FileState, context: CheckContext): Promise<CheckResult> {
  const id = `file:${spec.path}`;
  const verdict = (passed: boolean, detail: string): CheckResult => ({ id, kind: 'file', passed, detail, tamper: false });
  let absolute: string;
  try {
    absolute = resolveInside(context.workspace, fillPlaceholders(spec.path, context.values), 'completion file');
  } catch (error) {
    return verdict(false, (error as Error).message);
  }
  const info = await stat(absolute).catch(() => null);
  const exists = info?.isFile() ?? false;
  if (!spec.exists) return verdict(!exists, exists ? 'file exists but should not' : 'absent as expected');
  if (!info || !exists) return verdict(false, 'file does not exist');
  if (info.size < spec.min_size_bytes) return verdict(false, `file has ${info.size} bytes (expected at least ${spec.min_size_bytes})`);
  const content = await readFile(absolute, 'utf8');
  for (const token of spec.content_contains.map((t) => fillPlaceholders(t, context.values))) {
    if (!content.includes(token)) return verdict(false, `file lacks "${token}"`);
  }
  for (const token of spec.content_not_contains.map((t) => fillPlaceholders(t, context.values))) {
    if (content.includes(token)) return verdict(false, `file contains "${token}"`);
  }
  if (spec.content_matches !== null && !new RegExp(fillPlaceholders(spec.content_matches, context.values), 'ms').test(content)) {
    return verdict(false, `file does not match /${spec.content_matches}/`);
  }
  return verdict(true, 'ok');
}

/** The agent's memory files in its workspace: `MEMORY.md` and `memory/**.md`. */
async function workspaceMemoryTexts(workspace: string): Promise<Array<{ path: string; text: string }>> {
  const found: Array<{ path: string; text: string }> = [];
  const root = await readFile(path.join(workspace, 'MEMORY.md'), 'utf8').catch(() => null);
  if (root !== null) found.push({ path: 'MEMORY.md', text: root });
  const daily = await readdir(path.join(workspace, 'memory'), { recursive: true }).catch(() => [] as string[]);
  for (const name of daily.filter((file) => file.endsWith('.md')).sort()) {
    found.push({ path: `memory/${name}`, text: await readFile(path.join(workspace, 'memory', name), 'utf8') });
  }
  return found;
}

/** A memory entry holds when one paragraph names the key and every expected value. */
function paragraphMatches(text: string, spec: MemoryState): boolean {
  const key = spec.key_pattern.toLowerCase();
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.toLowerCase())
    .some((paragraph) => paragraph.includes(key) && spec.value_contains.every((value) => paragraph.includes(value.toLowerCase())));
}

export async function runMemoryCheck(
  spec: MemoryState,
  workspace: string,
  memorySearch: (query: string) => Promise<MemoryHit[]>,
): Promise<CheckResult> {
  const id = `memory:${spec.key_pattern}`;
  const hits = await memorySearch(spec.key_pattern).catch(() => [] as MemoryHit[]);
  const viaGateway = hits.find((hit) => paragraphMatches(hit.snippet, spec));
  const viaFiles = viaGateway ? undefined : (await workspaceMemoryTexts(workspace)).find((file) => paragraphMatches(file.text, spec));
  const where = viaGateway ? `memory search hit in ${viaGateway.path}` : viaFiles ? viaFiles.path : null;
  const wanted = [spec.key_pattern, ...spec.value_contains].map((token) => `"${token}"`).join(', ');
  if (!spec.exists) {
    return { id, kind: 'memory', passed: where === null, detail: where === null ? 'absent as expected' : `found in ${where} but should be absent`, tamper: false };
  }
  return {
    id,
    kind: 'memory',
    passed: where !== null,
    detail: where !== null ? `stored in ${where}` : `no memory entry holds ${wanted}`,
    tamper: false,
  };
}
