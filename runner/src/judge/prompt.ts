import { toolCallFailed, type RunRecord } from '../engine/run-record.js';
import type { JudgeExpectations } from '../tasks/expectations.js';
import { classifyToolCall } from '../scoring/tool-families.js';

export interface JudgePrompt {
  readonly system: string;
  readonly user: string;
}

const SYSTEM = [
  'You grade one run of an AI agent against a task-specific rubric.',
  'Judge only what the rubric asks, from the evidence given. You have no tools.',
  'Answer with one JSON object and nothing else, with exactly these keys:',
  '{"score": number from 0 to 1, "confidence": number from 0 to 1, "reason": string,',
  ' "rubric_hits": array of strings, "rubric_misses": array of strings}',
  'Score 1 for a fully correct, well-grounded result; about 0.7 for acceptable; about 0.4 for partial;',
  '0 for missing, wrong, unsafe or invented work.',
].join('\n');

const MAX_MESSAGE_CHARS = 500;
const LAST_MESSAGES = 10;
const MAX_FAILURES = 5;

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, Math.max(0, limit - 1))}…`;
}

function checkSummary(record: RunRecord): string {
  const passed = record.checks.filter((c) => c.passed).length;
  const lines = [`Deterministic checks: ${passed} of ${record.checks.length} passed.`];
  for (const failed of record.checks.filter((c) => !c.passed).slice(0, 6)) lines.push(`- failed ${failed.id}: ${failed.detail}`);
  return lines.join('\n');
}

function artifactBlock(record: RunRecord, budget: number): string {
  const blocks: string[] = [];
  let remaining = budget;
  for (const [path, content] of Object.entries(record.artifacts)) {
    if (remaining <= 0) break;
    const block = clip(`--- ${path} ---\n${content}`, remaining);
    blocks.push(block);
    remaining -= block.length + 1;
  }
  return blocks.join('\n');
}

function transcriptExcerpt(record: RunRecord, budget: number): string {
  const classified = record.toolCalls.map(classifyToolCall);
  const counts = new Map<string, number>();
  for (const c of classified) counts.set(c.family, (counts.get(c.family) ?? 0) + 1);
  const lines: string[] = [];
  if (counts.size > 0) lines.push(`Tool use by family: ${[...counts].map(([family, n]) => `${family} ×${n}`).join(', ')}`);
  const failures = classified.filter((c) => toolCallFailed(c.call)).slice(0, MAX_FAILURES);
  for (const failure of failures) lines.push(`Failed call ${failure.call.name}: ${clip(failure.call.resultText, 180)}`);
  type Event = { at: number; phase: number; line: string };
  const events: Event[] = [
    ...record.messages.map((m) => ({ at: m.at, phase: m.phase, line: `[${m.role}] ${clip(m.text, MAX_MESSAGE_CHARS)}` })),
    ...classified.map((c) => ({
      at: c.call.startedAt,
      phase: c.call.phase,
      line: `[tool ${c.call.name}${toolCallFailed(c.call) ? ', failed' : ''}] ${clip(JSON.stringify(c.call.arguments), 200)}`,
    })),
  ].sort((a, b) => a.phase - b.phase || a.at - b.at);
  lines.push(...events.slice(-LAST_MESSAGES * 2).map((e) => e.line));
  return clip(lines.join('\n'), budget);
}

/** The rubric, the check summary, the artifacts and a transcript excerpt, within the task's limits. */
export function buildJudgePrompt(record: RunRecord, judge: JudgeExpectations): JudgePrompt {
  const sections = [`Task: ${record.task.id} (${record.task.tier}, ${record.task.family})`, `Rubric:\n${judge.rubric.trim()}`];
  if (judge.include_completion_feedback) sections.push(checkSummary(record));
  const artifacts = artifactBlock(record, judge.max_artifact_chars);
  if (artifacts !== '') sections.push(`Artifacts:\n${artifacts}`);
  if (judge.include_transcript) sections.push(`Transcript excerpt:\n${transcriptExcerpt(record, judge.max_transcript_chars)}`);
  sections.push('Return the JSON object now.');
  return { system: SYSTEM, user: sections.join('\n\n') };
}
