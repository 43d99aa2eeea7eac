/**
 * The rules both the settings module and the constructs check, each with the wording of what is
 * expected, so a bad value gets the same explanation whichever way it came in.
 */

export interface Rule<T> {
  /** True when the value is acceptable. */
  readonly test: (value: T) => boolean;
  /** What an acceptable value looks like, for the error message. */
  readonly expected: string;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A Kubernetes object name that must be an RFC 1123 label (namespaces, services). */
export const dnsLabel: Rule<string> = {
  test: (value) => value.length <= 63 && DNS_LABEL.test(value),
  expected: 'a dns label: at most 63 lowercase letters, digits or "-", starting and ending with a letter or digit',
};

/** `provider/model`, the form OpenClaw routes by, e.g. `openai/gpt-5.5` or `openrouter/anthropic/claude-sonnet-4-6`. */
export const modelRef: Rule<string> = {
  test: (value) => /^[a-z0-9][a-z0-9-]*\/\S+$/.test(value),
  expected: 'a model with a provider prefix, "provider/model", e.g. "openai/gpt-5.5"',
};

/** A container image reference. */
export const imageRef: Rule<string> = {
  test: (value) => /^[A-Za-z0-9][^\s]*$/.test(value) && !value.endsWith(':') && !value.endsWith('@'),
  expected: 'an image reference such as "ghcr.io/openclaw/openclaw:2026.9.6-browser"',
};

/** An http(s) URL without credentials (it ends up in a ConfigMap, which is not secret). */
export const httpUrl: Rule<string> = {
  test: (value) => {
    if (!URL.canParse(value)) return false;
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '';
  },
  expected: 'an http(s) url without user or password, e.g. "http://mlflow.example.com:5000"',
};

/** A whole number of at least 1 (runs, lanes, seconds). */
export const positiveWholeNumber: Rule<number> = {
  test: (value) => Number.isSafeInteger(value) && value >= 1,
  expected: 'a whole number of at least 1',
};

/** A task id as ClawBench names them, e.g. `t1-bugfix-discount`. */
export const taskId: Rule<string> = {
  test: (value) => /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(value),
  expected: 'task ids made of letters, digits, ".", "_" or "-", separated by spaces',
};

/** Throws one lowercase, actionable error when a construct prop breaks its rule. */
export function check<T>(what: string, value: T, rule: Rule<T>): T {
  if (!rule.test(value)) {
    throw new Error(`${what} ${JSON.stringify(value)} is invalid: expected ${rule.expected}`);
  }
  return value;
}
