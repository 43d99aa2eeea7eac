import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { assembleBenchmark } from '../results/assemble.js';
import { check, runRecord, taskSnapshot } from '../scoring/synthetic-runs.js';
import { testContext } from '../results/test-context.js';
import { judgeRun, judgeRuns } from './judge.js';
import { parseJudgeReply } from './reply.js';
import { judgeSettingsFromEnv, JudgeSettingsError, type JudgeSettings } from './settings.js';

// A scripted loopback provider stands in for the paid one: it answers each request with the next
// scripted reply and keeps what it was sent.
interface Seen {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}
const seen: Seen[] = [];
const script: Array<{ status: number; body: unknown }> = [];
let server: Server;
let baseUrl = '';

before(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      seen.push({ path: request.url ?? '', headers: request.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> });
      const next = script.shift() ?? { status: 500, body: { error: 'nothing scripted' } };
      response.writeHead(next.status, { 'content-type': 'application/json' });
      response.end(typeof next.body === 'string' ? next.body : JSON.stringify(next.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const task = taskSnapshot({
  id: 'summarise-incident',
  family: 'tools',
  judge: {
    rubric: 'The summary names the root cause (an expired certificate) and the fix.',
    artifact_paths: ['summary.md'],
    include_transcript: true,
    include_completion_feedback: true,
    max_artifact_chars: 4000,
    max_transcript_chars: 4000,
    passing_threshold: 0.7,
  },
});
const record = {
  ...runRecord({
    task,
    assistant: ['Let me read the incident log first.', 'Wrote summary.md.'],
    calls: [{ name: 'read', args: { path: 'incident.log' } }, { name: 'write', args: { path: 'summary.md', content: '…' } }],
    checks: [check('file:summary.md', true), check('exec:lint', false, { detail: 'summary.md has no "Fix" heading' })],
  }),
  artifacts: { 'summary.md': '# Incident\nRoot cause: the TLS certificate expired.' },
};
const reply = { score: 0.8, confidence: 0.9, reason: 'Names the cause, the fix is vague.', rubric_hits: ['root cause'], rubric_misses: ['fix'] };

const openAi = (): JudgeSettings => {
  const settings = judgeSettingsFromEnv({ CLAWBENCH_JUDGE_MODEL: 'openai/judge-small', OPENAI_API_BASE: `${baseUrl}/v1`, OPENAI_API_KEY: 'test-key-openai' });
  assert.ok(settings);
  return settings;
};
const anthropic = (): JudgeSettings => {
  const settings = judgeSettingsFromEnv({ CLAWBENCH_JUDGE_MODEL: 'anthropic/claude-judge', ANTHROPIC_BASE_URL: baseUrl, ANTHROPIC_API_KEY: 'test-key-anthropic' });
  assert.ok(settings);
  return settings;
};

describe('judge over an OpenAI-compatible API', () => {
  it('sends a tool-free, temperature-0 request with the rubric, checks, artifacts and transcript', async () => {
    seen.length = 0;
    script.push({ status: 200, body: { choices: [{ message: { content: JSON.stringify(reply) } }], usage: { prompt_tokens: 812, completion_tokens: 41, cost: 0.0009 } } });
    const verdict = await judgeRun(record, openAi());
    assert.equal(verdict.status, 'judged');
    assert.equal(verdict.score, 0.8);
    assert.deepEqual(verdict.rubricMisses, ['fix']);
    assert.deepEqual(verdict.usage, { input: 812, output: 41, costUsd: 0.0009, costReported: true });
    const [request] = seen;
    assert.ok(request);
    assert.equal(request.path, '/v1/chat/completions');
    assert.equal(request.headers.authorization, 'Bearer test-key-openai');
    assert.equal(request.body['model'], 'judge-small');
    assert.equal(request.body['temperature'], 0);
    assert.equal('tools' in request.body, false);
    const user = JSON.stringify(request.body['messages']);
    for (const expected of ['expired certificate', '1 of 2 passed', 'summary.md has no \\"Fix\\" heading', 'Root cause: the TLS certificate expired', '[tool read]', 'Let me read the incident log']) {
      assert.ok(user.includes(expected), `prompt lacks ${expected}`);
    }
  });

  it('counts an unparseable reply as a judge error, not a score of 0', async () => {
    script.push({ status: 200, body: { choices: [{ message: { content: 'Score: 0.9 — looks great!' } }], usage: { prompt_tokens: 10, completion_tokens: 5 } } });
    const verdict = await judgeRun(record, openAi());
    assert.equal(verdict.status, 'error');
    assert.equal(verdict.score, null);
    assert.match(verdict.error ?? '', /judge reply is not JSON/);
    const benchmark = assembleBenchmark([record], testContext({ judgeModel: 'openai/judge-small', judgements: [verdict] }));
    assert.equal(benchmark.judge_error_count, 1);
    assert.equal(benchmark.task_results[0]?.mean_judge_score, null);
    assert.equal(benchmark.judge.usage.input, 10);
  });

  it('retries a 503 and gives up on a 401 without echoing the key', async () => {
    script.push({ status: 503, body: { error: 'busy' } }, { status: 200, body: { choices: [{ message: { content: JSON.stringify(reply) } }] } });
    const retried = await judgeRun(record, openAi(), { retryDelayMs: 1 });
    assert.equal(retried.status, 'judged');
    assert.equal(retried.usage.costReported, false);
    seen.length = 0;
    script.push({ status: 401, body: { error: 'bad key' } });
    const refused = await judgeRun(record, openAi(), { retryDelayMs: 1 });
    assert.equal(seen.length, 1);
    assert.equal(refused.status, 'error');
    assert.match(refused.error ?? '', /HTTP 401/);
    assert.ok(!(refused.error ?? '').includes('test-key-openai'));
  });
});

describe('judge over the Anthropic messages API', () => {
  it('uses x-api-key, the version header and a system prompt, and accepts one code fence', async () => {
    seen.length = 0;
    script.push({ status: 200, body: { content: [{ type: 'text', text: '```json\n' + JSON.stringify(reply) + '\n```' }], usage: { input_tokens: 700, output_tokens: 30 } } });
    const verdict = await judgeRun(record, anthropic());
    assert.equal(verdict.status, 'judged');
    assert.equal(verdict.confidence, 0.9);
    assert.deepEqual(verdict.usage, { input: 700, output: 30, costUsd: 0, costReported: false });
    const [request] = seen;
    assert.ok(request);
    assert.equal(request.path, '/v1/messages');
    assert.equal(request.headers['x-api-key'], 'test-key-anthropic');
    assert.equal(request.headers['anthropic-version'], '2023-06-01');
    assert.equal(request.body['model'], 'claude-judge');
    assert.equal(request.body['temperature'], 0);
    assert.equal(typeof request.body['system'], 'string');
  });

  it('judges only scored runs of tasks with a judge block', async () => {
    seen.length = 0;
    const plain = runRecord({ task: taskSnapshot({ id: 'no-judge' }) });
    const errored = runRecord({ task, run: 2, status: 'error', error: { kind: 'gateway', code: null, message: 'closed' } });
    script.push({ status: 200, body: { content: [{ type: 'text', text: JSON.stringify(reply) }] } });
    const verdicts = await judgeRuns([plain, record, errored], anthropic());
    assert.deepEqual(verdicts.map((v) => [v.taskId, v.run, v.status]), [['summarise-incident', 1, 'judged']]);
    assert.equal(seen.length, 1);
  });
});

describe('judge settings and replies', () => {
  it('is off without CLAWBENCH_JUDGE_MODEL and explains a wrong setting', () => {
    assert.equal(judgeSettingsFromEnv({}), null);
    assert.throws(() => judgeSettingsFromEnv({ CLAWBENCH_JUDGE_MODEL: 'gemini-pro' }), (error: unknown) => {
      assert.ok(error instanceof JudgeSettingsError);
      assert.match(error.message, /CLAWBENCH_JUDGE_MODEL is "gemini-pro": expected anthropic\/<model>/);
      return true;
    });
    assert.throws(() => judgeSettingsFromEnv({ CLAWBENCH_JUDGE_MODEL: 'anthropic/claude-x' }), /ANTHROPIC_API_KEY is not set/);
    assert.throws(() => judgeSettingsFromEnv({ CLAWBENCH_JUDGE_MODEL: 'openai/x', OPENAI_API_KEY: 'k', OPENAI_API_BASE: 'not a url' }), /OPENAI_API_BASE is "not a url"/);
  });

  it('parses strictly', () => {
    assert.equal(parseJudgeReply(JSON.stringify(reply)).ok, true);
    assert.equal(parseJudgeReply(`Here you go: ${JSON.stringify(reply)}`).ok, false);
    assert.equal(parseJudgeReply(JSON.stringify({ ...reply, score: 1.5 })).ok, false);
    assert.equal(parseJudgeReply(JSON.stringify({ ...reply, extra: true })).ok, false);
    assert.equal(parseJudgeReply(JSON.stringify({ score: 0.5 })).ok, false);
  });
});
