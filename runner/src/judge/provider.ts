import { z } from 'zod';
import type { JudgeUsage } from '../scoring/judge-verdict.js';
import type { JudgePrompt } from './prompt.js';
import type { JudgeSettings } from './settings.js';

export interface ProviderAnswer {
  readonly text: string;
  readonly usage: JudgeUsage;
}

export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

const MAX_TOKENS = 1024;

const OpenAiResponseSchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable() }) })).min(1),
  usage: z
    .object({ prompt_tokens: z.number().int().nonnegative().default(0), completion_tokens: z.number().int().nonnegative().default(0), cost: z.number().nonnegative().optional() })
    .optional(),
});

const AnthropicResponseSchema = z.object({
  content: z.array(z.object({ type: z.string(), text: z.string().optional() })),
  usage: z.object({ input_tokens: z.number().int().nonnegative().default(0), output_tokens: z.number().int().nonnegative().default(0) }).optional(),
});

interface ProviderRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: unknown;
  readonly read: (json: unknown) => ProviderAnswer;
}

function openAiRequest(settings: JudgeSettings, prompt: JudgePrompt): ProviderRequest {
  return {
    url: `${settings.baseUrl}/chat/completions`,
    headers: { authorization: `Bearer ${settings.apiKey}` },
    body: {
      model: settings.providerModel,
      temperature: 0,
      max_tokens: MAX_TOKENS,
      messages: [
        { role: 'system', content: prompt.system },
        { role: 'user', content: prompt.user },
      ],
    },
    read: (json) => {
      const response = OpenAiResponseSchema.parse(json);
      const cost = response.usage?.cost;
      return {
        text: response.choices[0]?.message.content ?? '',
        usage: {
          input: response.usage?.prompt_tokens ?? 0,
          output: response.usage?.completion_tokens ?? 0,
          costUsd: cost ?? 0,
          costReported: cost !== undefined,
        },
      };
    },
  };
}

function anthropicRequest(settings: JudgeSettings, prompt: JudgePrompt): ProviderRequest {
  return {
    url: `${settings.baseUrl}/v1/messages`,
    headers: { 'x-api-key': settings.apiKey, 'anthropic-version': '2023-06-01' },
    body: {
      model: settings.providerModel,
      temperature: 0,
      max_tokens: MAX_TOKENS,
      system: prompt.system,
      messages: [{ role: 'user', content: prompt.user }],
    },
    read: (json) => {
      const response = AnthropicResponseSchema.parse(json);
      return {
        text: response.content.filter((part) => part.type === 'text').map((part) => part.text ?? '').join(''),
        usage: { input: response.usage?.input_tokens ?? 0, output: response.usage?.output_tokens ?? 0, costUsd: 0, costReported: false },
      };
    },
  };
}

/** One tool-free completion from the judge's provider; the API key never appears in an error. */
export async function askProvider(settings: JudgeSettings, prompt: JudgePrompt): Promise<ProviderAnswer> {
  const request = settings.api === 'anthropic' ? anthropicRequest(settings, prompt) : openAiRequest(settings, prompt);
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...request.headers },
      body: JSON.stringify(request.body),
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw new ProviderError(`judge provider at ${request.url} could not be reached: ${cause.toLowerCase()}`, true);
  }
  const body = await response.text();
  if (!response.ok) {
    const retryable = response.status === 429 || response.status >= 500;
    throw new ProviderError(`judge provider answered HTTP ${response.status}: ${body.slice(0, 200)}`, retryable);
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new ProviderError(`judge provider sent a response that is not JSON: ${body.slice(0, 120)}`, false);
  }
  try {
    return request.read(json);
  } catch {
    throw new ProviderError(`judge provider sent a ${settings.api} response of an unexpected shape: ${body.slice(0, 200)}`, false);
  }
}
