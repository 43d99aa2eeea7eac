import { oracleScript, type ModelServer } from '../../runner/test/support/model-server.js';
import { loadTasks } from '../../runner/src/tasks/loader.js';
import { liveOracle } from '../../runner/src/tasks/oracle.js';

/**
 * Teaches the scripted model each task's reference solution (the task's live oracle), so a run
 * of those tasks through a real gateway can pass. Only single-turn tasks without background
 * services qualify (their oracle needs no runtime placeholders); returns the ids scripted.
 */
export async function scriptOracles(model: ModelServer, taskIds: readonly string[]): Promise<string[]> {
  const tasks = (await loadTasks()).filter((task) => taskIds.includes(task.snapshot.id));
  const scripted: string[] = [];
  for (const task of tasks) {
    const [phase] = task.phases;
    const turn = phase?.turns[0];
    if (task.phases.length !== 1 || phase?.turns.length !== 1 || turn === undefined || task.services.length > 0) {
      throw new Error(`task ${task.snapshot.id} is not a single-turn task without services: expected one the scripted oracle can replay`);
    }
    const [replay] = await liveOracle(task);
    const oracleTurn = replay?.turns[0];
    if (oracleTurn === undefined) throw new Error(`task ${task.snapshot.id} has no oracle turn`);
    // The first user message starts with the task's own words (the gateway may append context).
    model.script(oracleScript(turn.message.slice(0, 60), oracleTurn.calls, oracleTurn.reply));
    scripted.push(task.snapshot.id);
  }
  return scripted;
}
