import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CheckResult } from '../../src/tasks/check-result.js';
import type { LoadedTask } from '../../src/tasks/loader.js';

/** A run's completion as the scorer computes it: passed checks over all checks. */
export function completionOf(results: readonly CheckResult[]): number {
  return results.length === 0 ? 1 : results.filter((result) => result.passed).length / results.length;
}

/** A fresh workspace holding the task's fixtures, removed again by `dispose`. */
export async function preparedWorkspace(task: LoadedTask): Promise<{ workspace: string; dispose: () => Promise<void> }> {
  const workspace = await mkdtemp(path.join(os.tmpdir(), `ws-${task.id}-`));
  await task.prepareWorkspace(workspace);
  return { workspace, dispose: () => rm(workspace, { recursive: true, force: true }) };
}

/** Lays the reference solution over a prepared workspace. */
export async function applyOracle(task: LoadedTask, workspace: string): Promise<void> {
  await cp(path.join(task.oracleDir, 'workspace'), workspace, { recursive: true, force: true });
}

/** Verifies with no gateway: memory checks fall back to the workspace's memory files. */
export function verifyOffline(task: LoadedTask, workspace: string): Promise<CheckResult[]> {
  return task.verify({ workspace, ports: {}, agentId: 'offline', memorySearch: async () => [] });
}

export function describeResults(results: readonly CheckResult[]): string {
  return results.map((result) => `${result.passed ? 'pass' : 'FAIL'} ${result.id}: ${result.detail}`).join('\n');
}
