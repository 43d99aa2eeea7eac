import { cp, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import type { CheckResult } from './check-result.js';
import { runExecutionCheck, runFileCheck, runMemoryCheck, type CheckContext } from './checks.js';
import type { TaskSnapshot } from './expectations.js';
import { hashTree, resolveInside, sha256 } from './paths.js';
import { fillPlaceholders, runPlaceholders, splitCommand } from './placeholders.js';
import type { PhaseSpec, PreparedTask, ServiceSpec, VerifyContext } from './prepared-task.js';
import { TaskFileSchema, type TaskFile } from './schema.js';

/** The bundled core suite. Resolves the same from src/ (tsx) and lib/ (built). */
export const DEFAULT_TASKS_DIR = fileURLToPath(new URL('../../tasks/core/', import.meta.url));

/** Verifier helpers shared by the tasks of a suite (`{task_dir}/../_kit/...`); part of every task's fingerprint. */
const SHARED_KIT_DIR = '_kit';

/** A task file that cannot be used, named with the field path and what was expected. */
export class TaskLoadError extends Error {
  override readonly name = 'TaskLoadError';
}

export type TaskLayout = 'suite' | 'clawbench';

/** A loaded task: what the engine needs, plus where it came from (for listing, tests and oracles). */
export class LoadedTask implements PreparedTask {
  readonly snapshot: TaskSnapshot;
  readonly name: string;
  readonly timeoutSeconds: number;
  readonly needsBrowser: boolean;
  readonly needsOwnAgent: boolean;
  readonly services: readonly ServiceSpec[];
  readonly phases: readonly PhaseSpec[];

  constructor(
    readonly definition: TaskFile,
    /** The task's YAML file. */
    readonly file: string,
    readonly layout: TaskLayout,
    /** `{task_dir}`: the task folder (ClawBench layout: the YAML's folder). */
    readonly taskDir: string,
    /** Folders whose contents make up the initial workspace, in copy order. */
    readonly assetDirs: readonly string[],
    fingerprint: string,
  ) {
    const task = definition;
    this.snapshot = {
      id: task.id,
      tier: task.tier,
      family: task.family,
      subsets: task.subsets,
      capabilities: task.capabilities,
      fingerprint,
      pass_threshold: task.pass_threshold,
      trajectory: task.trajectory,
      behavior: task.behavior,
      judge: task.judge,
    };
    this.name = task.name;
    this.timeoutSeconds = task.timeout_seconds;
    this.needsBrowser = task.family === 'browser' || task.requires.includes('browser');
    this.needsOwnAgent = task.own_agent ?? task.completion.memory.length > 0;
    // Services start before any port is known: only {task_dir} can be filled now.
    const atLoad = { task_dir: taskDir };
    this.services = task.setup.background_services.map((service) => ({
      name: service.name,
      command: splitCommand(service.command).map((word) => fillPlaceholders(word, atLoad)),
      cwd: service.cwd,
      env: Object.fromEntries(Object.entries(service.env).map(([k, v]) => [k, fillPlaceholders(v, atLoad)])),
      portEnv: service.port_env,
      readyPath: service.ready_path ?? '/',
      readyStatus: service.ready_status,
      startupTimeoutSeconds: service.startup_timeout_seconds,
    }));
    const phases = task.phases.length > 0 ? task.phases : [{ name: 'main', user: task.user!, timeout_seconds: task.timeout_seconds }];
    this.phases = phases.map((phase) => ({
      name: phase.name,
      maxTurns: phase.user.max_turns,
      timeoutSeconds: phase.timeout_seconds,
      turns: phase.user.turns.map((turn) => ({
        message: turn.message,
        afterAssistantTurns: turn.after_assistant_turns,
        whenAssistantContains: turn.when_assistant_contains,
      })),
    }));
  }

  get id(): string {
    return this.definition.id;
  }

  /** The reference solution's folder (our layout only). */
  get oracleDir(): string {
    return path.join(this.taskDir, this.definition.oracle);
  }

  async prepareWorkspace(workspace: string): Promise<void> {
    for (const dir of this.assetDirs) {
      await cp(dir, workspace, { recursive: true, force: true, errorOnExist: false });
    }
  }

  async verify(context: VerifyContext): Promise<CheckResult[]> {
    const checkContext: CheckContext = {
      workspace: context.workspace,
      taskDir: this.taskDir,
      values: runPlaceholders(this.taskDir, context.workspace, context.ports),
    };
    const completion = this.definition.completion;
    const results: CheckResult[] = [];
    for (const check of completion.execution_checks) results.push(await runExecutionCheck(check, checkContext));
    for (const file of completion.files) results.push(await runFileCheck(file, checkContext));
    for (const memory of completion.memory) results.push(await runMemoryCheck(memory, context.workspace, (query) => context.memorySearch(query)));
    results.push(...(await this.integrityViolations(context.workspace)));
    return results;
  }

  /** One failed, tamper-flagged check per protected file the agent changed or removed; nothing when all are intact. */
  async integrityViolations(workspace: string): Promise<CheckResult[]> {
    const violations: CheckResult[] = [];
    for (const file of this.definition.protected_files) {
      const content = await readFile(path.join(workspace, file.path)).catch(() => null);
      if (content === null) {
        violations.push({ id: `integrity:${file.path}`, kind: 'integrity', passed: false, detail: `given file ${file.path} was removed`, tamper: true });
      } else if (sha256(content) !== file.sha256) {
        violations.push({ id: `integrity:${file.path}`, kind: 'integrity', passed: false, detail: `given file ${file.path} was changed`, tamper: true });
      }
    }
    return violations;
  }

  async collectArtifacts(workspace: string): Promise<Record<string, string>> {
    const judge = this.definition.judge;
    if (!judge) return {};
    const artifacts: Record<string, string> = {};
    for (const relative of judge.artifact_paths) {
      let absolute: string;
      try {
        absolute = resolveInside(workspace, relative, 'judge artifact path');
      } catch {
        continue;
      }
      const text = await readFile(absolute, 'utf8').catch(() => null);
      if (text !== null) artifacts[relative] = text.length > judge.max_artifact_chars ? text.slice(0, judge.max_artifact_chars) : text;
    }
    return artifacts;
  }
}

function describeIssues(file: string, error: z.ZodError): string {
  const lines = error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    return `  ${where}: ${issue.message}`;
  });
  return `${file}: invalid task file\n${lines.join('\n')}`;
}

async function isDirectory(dir: string): Promise<boolean> {
  return (await stat(dir).catch(() => null))?.isDirectory() ?? false;
}

/** Parses and validates one task file; throws TaskLoadError naming the file and field. */
export async function parseTaskFile(file: string): Promise<TaskFile> {
  let raw: unknown;
  try {
    raw = parseYaml(await readFile(file, 'utf8'));
  } catch (error) {
    throw new TaskLoadError(`${file}: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = TaskFileSchema.safeParse(raw);
  if (!parsed.success) throw new TaskLoadError(describeIssues(file, parsed.error));
  const completion = parsed.data.completion;
  const unsupported = [
    ...(completion.session !== undefined ? ['session'] : []),
    ...(completion.cron.length > 0 ? ['cron'] : []),
    ...(completion.gateway_assertions.length > 0 ? ['gateway_assertions'] : []),
  ];
  if (unsupported.length > 0) {
    throw new TaskLoadError(`${file}: completion.${unsupported[0]}: this runner does not evaluate ${unsupported.join(', ')} assertions; expected execution_checks, files or memory`);
  }
  return parsed.data;
}

async function buildTask(file: string, layout: TaskLayout, tasksDir: string): Promise<LoadedTask> {
  const definition = await parseTaskFile(file);
  const taskDir = path.dirname(file);
  if (layout === 'suite' && path.basename(taskDir) !== definition.id) {
    throw new TaskLoadError(`${file}: id: "${definition.id}" does not match its folder "${path.basename(taskDir)}"; expected the folder to be named after the id`);
  }
  const packRoot = layout === 'suite' ? taskDir : path.join(tasksDir, 'assets');
  const assetDirs: string[] = [];
  if (layout === 'suite' && (await isDirectory(path.join(taskDir, 'assets')))) assetDirs.push(path.join(taskDir, 'assets'));
  for (const [index, pack] of definition.setup.asset_packs.entries()) {
    let dir: string;
    try {
      dir = resolveInside(packRoot, pack, 'asset pack');
    } catch (error) {
      throw new TaskLoadError(`${file}: setup.asset_packs.${index}: ${(error as Error).message}`);
    }
    if (!(await isDirectory(dir))) {
      throw new TaskLoadError(`${file}: setup.asset_packs.${index}: "${pack}" is not a folder; expected ${path.relative(tasksDir, dir) || dir}/ to exist`);
    }
    assetDirs.push(dir);
  }
  for (const [index, service] of definition.setup.background_services.entries()) {
    try {
      // cwd is relative to a workspace that does not exist yet: check it against a stand-in root.
      resolveInside(path.resolve(path.sep, 'workspace'), service.cwd, 'service cwd');
    } catch (error) {
      throw new TaskLoadError(`${file}: setup.background_services.${index}.cwd: ${(error as Error).message}`);
    }
  }
  const assets = await Promise.all(assetDirs.map(async (dir) => new Map(await hashTree(dir))));
  for (const [index, protectedFile] of definition.protected_files.entries()) {
    const where = `${file}: protected_files.${index}`;
    try {
      resolveInside(taskDir, protectedFile.path, 'protected file');
    } catch (error) {
      throw new TaskLoadError(`${where}: ${(error as Error).message}`);
    }
    const actual = assets.map((tree) => tree.get(protectedFile.path)).filter((hash) => hash !== undefined).pop();
    if (actual === undefined) throw new TaskLoadError(`${where}: "${protectedFile.path}" is not among the task's assets; expected a given file`);
    if (actual !== protectedFile.sha256) {
      throw new TaskLoadError(`${where}: sha256 of "${protectedFile.path}" is ${actual}, not ${protectedFile.sha256}; update the hash if the fixture changed on purpose`);
    }
  }
  const verifiers = layout === 'suite' ? await hashTree(path.join(taskDir, 'verifiers')) : [];
  const sharedVerifierKit = layout === 'suite' ? await hashTree(path.join(tasksDir, SHARED_KIT_DIR)) : [];
  const fingerprint = sha256(
    JSON.stringify({
      definition: await readFile(file, 'utf8'),
      assets: assets.map((tree) => [...tree.entries()]),
      verifiers: [...verifiers, ...sharedVerifierKit.map(([name, hash]) => [`${SHARED_KIT_DIR}/${name}`, hash])],
    }),
  );
  return new LoadedTask(definition, file, layout, taskDir, assetDirs, fingerprint);
}

/** Task files under a tasks dir: `<id>/task.yaml` (ours) and `tier*\/**\/*.yaml` (ClawBench's). */
async function findTaskFiles(tasksDir: string): Promise<Array<{ file: string; layout: TaskLayout }>> {
  const entries = await readdir(tasksDir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    throw new TaskLoadError(`tasks dir "${tasksDir}": ${error.code === 'ENOENT' ? 'does not exist' : error.message}; expected a folder of tasks`);
  });
  const found: Array<{ file: string; layout: TaskLayout }> = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const dir = path.join(tasksDir, entry.name);
    if (/^tier/.test(entry.name)) {
      const nested = await readdir(dir, { recursive: true });
      for (const name of nested.filter((n) => /\.ya?ml$/.test(n)).sort()) found.push({ file: path.join(dir, name), layout: 'clawbench' });
    } else if ((await stat(path.join(dir, 'task.yaml')).catch(() => null))?.isFile()) {
      found.push({ file: path.join(dir, 'task.yaml'), layout: 'suite' });
    }
  }
  return found;
}

/** Loads every task of a tasks dir, in id order. Fails on the first unusable file; fails if there is none. */
export async function loadTasks(tasksDir: string = DEFAULT_TASKS_DIR): Promise<LoadedTask[]> {
  const root = path.resolve(tasksDir);
  const files = await findTaskFiles(root);
  if (files.length === 0) {
    throw new TaskLoadError(`tasks dir "${tasksDir}" holds no tasks; expected <id>/task.yaml folders or ClawBench tier*/ folders of YAML files`);
  }
  const tasks: LoadedTask[] = [];
  const seen = new Map<string, string>();
  for (const { file, layout } of files) {
    const task = await buildTask(file, layout, root);
    const earlier = seen.get(task.id);
    if (earlier !== undefined) throw new TaskLoadError(`${file}: id: "${task.id}" is already used by ${earlier}; expected unique ids`);
    seen.set(task.id, file);
    tasks.push(task);
  }
  return tasks.sort((a, b) => a.id.localeCompare(b.id));
}
