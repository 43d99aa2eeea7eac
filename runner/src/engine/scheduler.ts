import type { PreparedTask } from '../tasks/prepared-task.js';

/**
 * The order and the lanes of an eval. Items are (task, run) pairs; the longest expected go first so
 * the makespan is not decided by a long task started last; ties are broken by a seeded shuffle
 * (the seed is recorded, so an order can be replayed). Browser tasks also take a browser slot.
 */

export interface WorkItem {
  readonly task: PreparedTask;
  /** 1-based. */
  readonly run: number;
}

/** mulberry32: small, fast, and good enough to shuffle a work list reproducibly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The expected length of a task's run, for ordering: its time allowance. */
export function expectedSeconds(task: PreparedTask): number {
  const phases = task.phases.reduce((sum, phase) => sum + (phase.timeoutSeconds ?? 0), 0);
  return Math.max(task.timeoutSeconds, phases);
}

export function planWork(tasks: readonly PreparedTask[], runs: number, seed: number, skip: (item: WorkItem) => boolean = () => false): WorkItem[] {
  const random = seededRandom(seed);
  const items: Array<WorkItem & { tiebreak: number }> = [];
  for (const task of tasks) {
    for (let run = 1; run <= runs; run++) {
      const item = { task, run };
      if (!skip(item)) items.push({ ...item, tiebreak: random() });
    }
  }
  items.sort((a, b) => expectedSeconds(b.task) - expectedSeconds(a.task) || a.tiebreak - b.tiebreak);
  return items.map(({ task, run }) => ({ task, run }));
}

export interface LaneLimits {
  readonly concurrency: number;
  readonly browserConcurrency: number;
}

/**
 * Runs `work` over the items with at most `concurrency` in flight, of which at most
 * `browserConcurrency` browser tasks. A lane that cannot take the next browser item because the
 * browser slots are full takes the next non-browser item instead. Stops handing out items once
 * `signal` aborts; resolves when every started item has finished.
 */
export async function runLanes(items: readonly WorkItem[], limits: LaneLimits, work: (item: WorkItem) => Promise<void>, signal: AbortSignal): Promise<void> {
  const queue = [...items];
  let browsersInFlight = 0;
  const inFlight = new Set<Promise<void>>();
  let wake: () => void = () => {};
  const onAbort = () => wake();
  signal.addEventListener('abort', onAbort, { once: true });
  const next = (): WorkItem | undefined => {
    const index = queue.findIndex((item) => !item.task.needsBrowser || browsersInFlight < limits.browserConcurrency);
    return index < 0 ? undefined : queue.splice(index, 1)[0];
  };
  while (!signal.aborted && (queue.length > 0 || inFlight.size > 0)) {
    while (!signal.aborted && inFlight.size < limits.concurrency) {
      const item = next();
      if (!item) break;
      if (item.task.needsBrowser) browsersInFlight++;
      const running: Promise<void> = work(item).finally(() => {
        if (item.task.needsBrowser) browsersInFlight--;
        inFlight.delete(running);
        wake();
      });
      inFlight.add(running);
    }
    if (inFlight.size === 0) break;
    await new Promise<void>((resolve) => {
      wake = resolve;
      if (signal.aborted) resolve();
    });
  }
  signal.removeEventListener('abort', onAbort);
  await Promise.allSettled(inFlight);
}
