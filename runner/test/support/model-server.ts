import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

/**
 * The scripted OpenAI-compatible model the real gateway talks to in tests: the only fake in the
 * suite. It speaks `POST /v1/chat/completions` with SSE streaming (the gateway always asks for
 * `stream:true`).
 *
 * A script is chosen by the conversation's first user message (substring or RegExp), so many
 * sessions can run at once, each with its own script. The step is chosen statelessly from the
 * request itself: the number of assistant replies already in the history. The gateway's extra
 * internal-context `user` messages (after tool results, "Active exec sessions", ...) therefore do
 * not shift the step.
 */

export interface ScriptedUsage {
  /** `prompt_tokens`, cached ones included (OpenAI's convention). */
  readonly promptTokens: number;
  /** `completion_tokens`, reasoning ones included. */
  readonly completionTokens: number;
  readonly cachedTokens?: number;
  readonly reasoningTokens?: number;
}

export interface ScriptedToolCall {
  readonly name: string;
  readonly arguments: Record<string, unknown>;
}

export interface ScriptedReply {
  readonly toolCalls?: readonly ScriptedToolCall[];
  readonly text?: string;
  readonly usage?: ScriptedUsage;
  /**
   * Answer the first N requests for this step with HTTP 500 before replying (a transient provider
   * error). Counted per step object, so scripts shared by parallel sessions share the count.
   */
  readonly failTimes?: number;
}

export type ScriptStep =
  | ScriptedReply
  /** HTTP 500 on every request (the gateway retries ~9 times over ~85 s, then errors the run). */
  | { readonly fault: 'http500' }
  /** Accept the request and send nothing: for `ms` milliseconds, or until the gateway gives up. */
  | { readonly fault: 'stall'; readonly ms?: number }
  /** A chunk that is not JSON, then the stream ends. */
  | { readonly fault: 'malformed' };

export interface Script {
  /** Matched against the text of the conversation's first user message. */
  readonly match: string | RegExp;
  readonly steps: readonly ScriptStep[];
  /** The reply once the steps are used up; default a short text. */
  readonly after?: ScriptStep;
}

export interface RecordedRequest {
  readonly at: number;
  /** The script that answered, or null when unscripted. */
  readonly script: Script | null;
  readonly step: number;
  readonly firstUserText: string;
  readonly toolNames: readonly string[];
  readonly body: ChatCompletionRequest;
}

export interface ChatCompletionRequest {
  readonly model: string;
  readonly stream?: boolean;
  readonly messages: ReadonlyArray<{ role: string; content?: unknown; tool_calls?: unknown }>;
  readonly tools?: ReadonlyArray<{ function?: { name?: string } }>;
}

export interface ModelServer {
  /** The provider base URL, `http://127.0.0.1:<port>/v1`. */
  readonly baseUrl: string;
  /** Registers a script; the returned function removes it. */
  script(script: Script): () => void;
  /** Every request received so far, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** The requests a given script answered. */
  requestsFor(script: Script): RecordedRequest[];
  /** Forgets the recorded requests (long benches). */
  clearRequests(): void;
  close(): Promise<void>;
}

export const DEFAULT_USAGE: ScriptedUsage = { promptTokens: 1000, completionTokens: 50 };
export const UNSCRIPTED_REPLY = 'OK.';

export interface ModelServerOptions {
  /** Keep request bodies (each ~100 KB: system prompt + tool schemas); off for benches. */
  readonly recordBodies?: boolean;
}

/** Turns a planned trajectory into a script: one tool call per reply, then the final text. */
export function oracleScript(
  match: string | RegExp,
  toolCalls: readonly ScriptedToolCall[],
  finalText: string,
  usage?: ScriptedUsage,
): Script {
  const steps: ScriptStep[] = toolCalls.map((call) => ({ toolCalls: [call], ...(usage ? { usage } : {}) }));
  steps.push({ text: finalText, ...(usage ? { usage } : {}) });
  return { match, steps };
}

export async function startModelServer(options: ModelServerOptions = {}): Promise<ModelServer> {
  const scripts: Script[] = [];
  const requests: RecordedRequest[] = [];
  const failuresServed = new Map<ScriptStep, number>();
  const openResponses = new Set<http.ServerResponse>();
  let completionCounter = 0;

  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let body: ChatCompletionRequest;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatCompletionRequest;
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'bad json' } }));
        return;
      }
      const firstUserText = textOf(body.messages.find((message) => message.role === 'user')?.content);
      const script = scripts.find((candidate) => matches(candidate.match, firstUserText)) ?? null;
      const step = body.messages.filter((message) => message.role === 'assistant').length;
      requests.push({
        at: Date.now(),
        script,
        step,
        firstUserText,
        toolNames: (body.tools ?? []).map((tool) => tool.function?.name ?? ''),
        body: options.recordBodies === false ? { model: body.model, messages: [] } : body,
      });
      const planned = script ? (script.steps[step] ?? script.after ?? { text: UNSCRIPTED_REPLY }) : { text: UNSCRIPTED_REPLY };
      openResponses.add(res);
      res.on('close', () => openResponses.delete(res));
      answer(planned, body, res);
    });
  });

  function answer(planned: ScriptStep, body: ChatCompletionRequest, res: http.ServerResponse): void {
    if ('fault' in planned) {
      if (planned.fault === 'http500') {
        serverError(res);
        return;
      }
      if (planned.fault === 'stall') {
        res.writeHead(200, sseHeaders());
        res.flushHeaders();
        if (planned.ms !== undefined) {
          const timer = setTimeout(() => streamReply({ text: 'Stalled reply.' }, body, res), planned.ms);
          res.on('close', () => clearTimeout(timer));
        }
        return;
      }
      res.writeHead(200, sseHeaders());
      res.write('data: {"id": "broken", "choices": [ {"delta": \n\n');
      res.end('data: [DONE]\n\n');
      return;
    }
    if (planned.failTimes !== undefined) {
      const served = failuresServed.get(planned) ?? 0;
      if (served < planned.failTimes) {
        failuresServed.set(planned, served + 1);
        serverError(res);
        return;
      }
    }
    res.writeHead(200, sseHeaders());
    streamReply(planned, body, res);
  }

  function streamReply(planned: ScriptedReply, body: ChatCompletionRequest, res: http.ServerResponse): void {
    const id = `chatcmpl-${++completionCounter}`;
    const created = Math.floor(Date.now() / 1000);
    const send = (choices: unknown[], extra: Record<string, unknown> = {}) =>
      res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: body.model, choices, ...extra })}\n\n`);
    send([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]);
    if (planned.text) {
      send([{ index: 0, delta: { content: planned.text }, finish_reason: null }]);
    }
    const toolCalls = planned.toolCalls ?? [];
    toolCalls.forEach((call, index) => {
      send([
        {
          index: 0,
          delta: {
            tool_calls: [
              { index, id: `call_${randomBytes(6).toString('hex')}`, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.arguments) } },
            ],
          },
          finish_reason: null,
        },
      ]);
    });
    send([{ index: 0, delta: {}, finish_reason: toolCalls.length > 0 ? 'tool_calls' : 'stop' }]);
    const usage = planned.usage ?? DEFAULT_USAGE;
    send([], {
      usage: {
        prompt_tokens: usage.promptTokens,
        completion_tokens: usage.completionTokens,
        total_tokens: usage.promptTokens + usage.completionTokens,
        prompt_tokens_details: { cached_tokens: usage.cachedTokens ?? 0 },
        completion_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
      },
    });
    res.end('data: [DONE]\n\n');
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    script(script) {
      scripts.push(script);
      return () => {
        const index = scripts.indexOf(script);
        if (index >= 0) scripts.splice(index, 1);
      };
    },
    get requests() {
      return requests;
    },
    requestsFor(script) {
      return requests.filter((request) => request.script === script);
    },
    clearRequests() {
      requests.length = 0;
    },
    async close() {
      for (const res of openResponses) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function serverError(res: http.ServerResponse): void {
  res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'scripted server error', type: 'server_error' } }));
}

function sseHeaders(): http.OutgoingHttpHeaders {
  return { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' };
}

function matches(match: string | RegExp, text: string): boolean {
  return typeof match === 'string' ? text.includes(match) : match.test(text);
}

/** Message content is a string or a list of parts; only text parts matter here. */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part: unknown) => (part && typeof part === 'object' && 'text' in part && typeof part.text === 'string' ? part.text : ''))
      .join('');
  }
  return '';
}
