import type { LoadedTask } from '../../src/tasks/loader.js';
import { liveOracle } from '../../src/tasks/oracle.js';
import { fillPlaceholders, type PlaceholderValues } from '../../src/tasks/placeholders.js';
import type { ModelServer, Script, ScriptStep } from '../support/model-server.js';

/**
 * Turns a task's live oracle into scripts for the scripted model: one script per phase (each phase
 * is a fresh session), matched by the phase's first message. Service ports are only known once
 * the run started, so tool arguments are filled when the model serialises them, from the values
 * the engine put into the first message.
 */

const PLACEHOLDER_IN_TEMPLATE = /\\\{([A-Za-z][A-Za-z0-9_]*)\\\}/g;

/** A pattern for the filled message, with a capture group per placeholder in it. */
function messagePattern(template: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const escaped = template.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const source = escaped.replace(PLACEHOLDER_IN_TEMPLATE, (_, name: string) => {
    names.push(name);
    if (name.endsWith('_url')) return '(http://127\\.0\\.0\\.1:\\d+)';
    if (name.endsWith('_port')) return '(\\d+)';
    return '(.+?)';
  });
  return { pattern: new RegExp(source), names };
}

function fillDeep(value: unknown, values: PlaceholderValues): unknown {
  if (typeof value === 'string') return fillPlaceholders(value, values);
  if (Array.isArray(value)) return value.map((item) => fillDeep(item, values));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillDeep(v, values)]));
  return value;
}

/** Arguments whose placeholders are filled when read (JSON.stringify reads enumerable getters). */
function lateFilled(args: Record<string, unknown>, values: () => PlaceholderValues): Record<string, unknown> {
  const filled: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args)) {
    Object.defineProperty(filled, key, { enumerable: true, get: () => fillDeep(value, values()) });
  }
  return filled;
}

/**
 * Registers the task's oracle with the model server; returns a function removing its scripts.
 * Throws on removal if a phase's script never answered (its message did not match what the
 * gateway sent the model), naming what the model saw instead.
 */
export async function scriptOracle(model: ModelServer, task: LoadedTask): Promise<() => void> {
  const replay = await liveOracle(task);
  const removers = replay.map((phase, index) => {
    const { pattern, names } = messagePattern(task.phases[index]!.turns[0]!.message);
    const steps: ScriptStep[] = [];
    const script: Script = { match: pattern, steps };
    const values = (): PlaceholderValues => {
      const seen = model.requestsFor(script).at(-1)?.firstUserText ?? '';
      const captured = pattern.exec(seen) ?? [];
      return Object.fromEntries(names.map((name, at) => [name, captured[at + 1] ?? `{${name}}`]));
    };
    for (const turn of phase.turns) {
      for (const call of turn.calls) steps.push({ toolCalls: [{ name: call.name, arguments: lateFilled(call.arguments, values) }] });
      steps.push({ text: turn.reply });
    }
    const remove = model.script(script);
    return () => {
      remove();
      if (model.requestsFor(script).length === 0) {
        const seen = model.requests.filter((request) => request.script === null).map((request) => request.firstUserText.slice(0, 400));
        throw new Error(`the oracle script of ${task.id} phase ${index + 1} never answered; unscripted first messages: ${JSON.stringify(seen.slice(-2))}`);
      }
    };
  });
  return () => removers.forEach((remove) => remove());
}
