import type { Log } from './gateway-wait.js';

export interface Shutdown {
  /** Aborted on the first SIGTERM or SIGINT; its reason is the signal name. */
  readonly signal: AbortSignal;
  dispose(): void;
}

/** Turns SIGTERM/SIGINT into an abort, so each phase of the sidecar can stop at a clean point. */
export function onShutdownSignal(log: Log): Shutdown {
  const controller = new AbortController();
  const handler = (name: NodeJS.Signals): void => {
    if (controller.signal.aborted) return;
    log(`received ${name}: stopping cleanly`);
    controller.abort(name);
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGTERM', handler);
      process.off('SIGINT', handler);
    },
  };
}

/**
 * Keeps the process (and so the container) alive until the signal aborts, so `kubectl cp` and
 * `kubectl logs` still work after the eval.
 */
export function stayUp(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    // An abort listener alone does not keep Node's event loop alive; a long timer does.
    const keepAlive = setInterval(() => undefined, 2 ** 30);
    signal.addEventListener(
      'abort',
      () => {
        clearInterval(keepAlive);
        resolve();
      },
      { once: true },
    );
  });
}
