/**
 * Which provider the optional judge calls, from the environment. The judge talks to the provider
 * directly (no gateway, no tools), so its verdict cannot be shaped by the agent's setup:
 * - `CLAWBENCH_JUDGE_MODEL=anthropic/<model>`: Anthropic's messages API with ANTHROPIC_API_KEY
 *   (base URL ANTHROPIC_BASE_URL, default https://api.anthropic.com);
 * - `CLAWBENCH_JUDGE_MODEL=openai/<model>`: an OpenAI-compatible chat completions API at
 *   OPENAI_API_BASE (default https://api.openai.com/v1) with OPENAI_API_KEY; `<model>` may itself
 *   hold a slash (an OpenRouter-style id).
 */
export interface JudgeSettings {
  /** As given in CLAWBENCH_JUDGE_MODEL; recorded in benchmark.json. */
  readonly model: string;
  readonly api: 'anthropic' | 'openai';
  /** The model id sent to the provider (without the `anthropic/` or `openai/` prefix). */
  readonly providerModel: string;
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly timeoutMs: number;
}

export class JudgeSettingsError extends Error {
  override readonly name = 'JudgeSettingsError';
}

const DEFAULT_TIMEOUT_MS = 120_000;

/** Null when no judge is configured; one clear error when it is configured wrongly. */
export function judgeSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): JudgeSettings | null {
  const model = env['CLAWBENCH_JUDGE_MODEL']?.trim() ?? '';
  if (model === '') return null;
  const slash = model.indexOf('/');
  const prefix = slash === -1 ? '' : model.slice(0, slash);
  const providerModel = model.slice(slash + 1);
  if ((prefix !== 'anthropic' && prefix !== 'openai') || providerModel === '') {
    throw new JudgeSettingsError(
      `CLAWBENCH_JUDGE_MODEL is "${model}": expected anthropic/<model> (Anthropic messages API) or openai/<model> (OpenAI-compatible API at OPENAI_API_BASE)`,
    );
  }
  const keyName = prefix === 'anthropic' ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY';
  const apiKey = env[keyName]?.trim() ?? '';
  if (apiKey === '') throw new JudgeSettingsError(`${keyName} is not set: the judge model "${model}" needs it`);
  const baseUrl =
    prefix === 'anthropic' ? env['ANTHROPIC_BASE_URL']?.trim() || 'https://api.anthropic.com' : env['OPENAI_API_BASE']?.trim() || 'https://api.openai.com/v1';
  try {
    new URL(baseUrl);
  } catch {
    throw new JudgeSettingsError(`${prefix === 'anthropic' ? 'ANTHROPIC_BASE_URL' : 'OPENAI_API_BASE'} is "${baseUrl}": expected an http(s) URL`);
  }
  return { model, api: prefix, providerModel, baseUrl: baseUrl.replace(/\/+$/, ''), apiKey, timeoutMs: DEFAULT_TIMEOUT_MS };
}
