// Smart retry: which regions get it, how retries back off, and the kill switch.
// Values from the rollout decisions recorded in memory (MEMORY.md).

/** Regions where smart retry is switched on. */
export const SMART_RETRY_REGIONS = ['eu-west-1', 'ap-south-1'];
/** Total attempts, the first one included. */
export const MAX_ATTEMPTS = 5;
/** Delay before the first retry; each later retry doubles it, up to the cap. */
export const BACKOFF_BASE_MS = 300;
export const BACKOFF_CAP_MS = 2000;
/** Environment variable that turns smart retry off everywhere when set to "1". */
export const KILL_SWITCH_ENV = 'SMART_RETRY_DISABLED';

/** Whether smart retry applies to `region` under the environment `env`. */
export function isSmartRetryEnabled(region, env = process.env) {
  if (env[KILL_SWITCH_ENV] === '1') return false;
  return SMART_RETRY_REGIONS.includes(region);
}

/** The delays, in ms, before each retry: MAX_ATTEMPTS - 1 of them. */
export function backoffDelays() {
  return Array.from({ length: MAX_ATTEMPTS - 1 }, (_, retry) => Math.min(BACKOFF_BASE_MS * 2 ** retry, BACKOFF_CAP_MS));
}
