// Smart retry: which regions get it, how retries back off, and the kill switch.
// The values below are placeholders until the rollout decisions are in.

/** Regions where smart retry is switched on. */
export const SMART_RETRY_REGIONS = [];
/** Total attempts, the first one included. */
export const MAX_ATTEMPTS = 1;
/** Delay before the first retry; each later retry doubles it, up to the cap. */
export const BACKOFF_BASE_MS = 0;
export const BACKOFF_CAP_MS = 0;
/** Environment variable that turns smart retry off everywhere when set to "1". */
export const KILL_SWITCH_ENV = 'TODO';

/** Whether smart retry applies to `region` under the environment `env`. */
export function isSmartRetryEnabled(region, env = process.env) {
  throw new Error('isSmartRetryEnabled is not implemented yet');
}

/** The delays, in ms, before each retry: MAX_ATTEMPTS - 1 of them. */
export function backoffDelays() {
  throw new Error('backoffDelays is not implemented yet');
}
