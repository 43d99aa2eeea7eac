import { access, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BehaviorExpectationsSchema, TaskSnapshotSchema, TrajectoryExpectationsSchema } from '../../src/tasks/expectations.js';
import type { CheckResult } from '../../src/tasks/check-result.js';
import type { PhaseSpec, PreparedTask, ServiceSpec, VerifyContext } from '../../src/tasks/prepared-task.js';

/**
 * Small PreparedTasks for engine tests: a prompt per phase, fixture files, an optional expected
 * file, and a log of what verify() saw (the workspace's files at check time).
 */

export interface ScriptedTaskOptions {
  readonly id: string;
  /** One prompt per phase (each phase one turn), or explicit phases. */
  readonly prompts?: readonly string[];
  readonly phases?: readonly PhaseSpec[];
  readonly fixtures?: Readonly<Record<string, string>>;
  /** A file the agent must create for the completion check to pass. */
  readonly expectFile?: string;
  readonly timeoutSeconds?: number;
  readonly fingerprint?: string;
  readonly services?: readonly ServiceSpec[];
  readonly needsBrowser?: boolean;
  readonly needsOwnAgent?: boolean;
  /** Searched in the agent's memory at verify time; hits land in the observation. */
  readonly memoryQuery?: string;
}

export interface VerifyObservation {
  readonly workspace: string;
  readonly files: string[];
  readonly ports: Readonly<Record<string, number>>;
  readonly agentId: string;
  readonly memoryHits: ReadonlyArray<{ path: string; snippet: string }>;
}

export type ObservedTask = PreparedTask & { readonly verified: VerifyObservation[] };

export function scriptedTask(options: ScriptedTaskOptions): ObservedTask {
  const verified: VerifyObservation[] = [];
  const timeoutSeconds = options.timeoutSeconds ?? 120;
  const phases: readonly PhaseSpec[] =
    options.phases ??
    (options.prompts ?? [`${options.id}: do the task`]).map((message, index) => ({
      name: `phase-${index + 1}`,
      maxTurns: 5,
      timeoutSeconds: null,
      turns: [{ message, afterAssistantTurns: null, whenAssistantContains: null }],
    }));
  return {
    snapshot: TaskSnapshotSchema.parse({
      id: options.id,
      tier: 'tier1',
      family: 'coding',
      fingerprint: options.fingerprint ?? `fp-${options.id}`,
      trajectory: TrajectoryExpectationsSchema.parse({}),
      behavior: BehaviorExpectationsSchema.parse({}),
    }),
    name: options.id,
    timeoutSeconds,
    needsBrowser: options.needsBrowser ?? false,
    needsOwnAgent: options.needsOwnAgent ?? false,
    services: options.services ?? [],
    phases,
    verified,
    async prepareWorkspace(workspace) {
      for (const [file, content] of Object.entries(options.fixtures ?? {})) {
        await writeFile(path.join(workspace, file), content);
      }
    },
    async verify(context: VerifyContext): Promise<CheckResult[]> {
      verified.push({
        workspace: context.workspace,
        files: (await readdir(context.workspace)).sort(),
        ports: context.ports,
        agentId: context.agentId,
        memoryHits: options.memoryQuery ? await context.memorySearch(options.memoryQuery) : [],
      });
      if (!options.expectFile) return [];
      const present = await access(path.join(context.workspace, options.expectFile)).then(
        () => true,
        () => false,
      );
      return [{ id: `file:${options.expectFile}`, kind: 'file', passed: present, detail: present ? 'present' : 'missing', tamper: false }];
    },
    async collectArtifacts(workspace) {
      if (!options.expectFile) return {};
      const text = await readFile(path.join(workspace, options.expectFile), 'utf8').catch(() => null);
      return text === null ? {} : { [options.expectFile]: text };
    },
  };
}
