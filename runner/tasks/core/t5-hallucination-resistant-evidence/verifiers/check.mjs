// Completion checks for t5-hallucination-resistant-evidence. Run with cwd = the agent's workspace:
//   node check.mjs answers   answer.json gives the exact support window and 7.2's end date
//   node check.mjs evidence  every quote is verbatim from the cited file; the authoritative files
//                            are cited and the outdated or speculative ones are not
//   node check.mjs unknown   the question the docs cannot answer is answered with null
// Quotes are compared with the task's given docs (assets/), so editing the workspace copy is useless.
// Prints one line and exits 0 when the check passes, 1 otherwise.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNamedCheck } from '../../_kit/run-check.mjs';

const EXPECTED = { lts_support_months: 30, v7_2_security_fixes_until: '2027-09-10' };
const MUST_CITE = ['docs/lifecycle-policy.md', 'docs/releases.md'];
const MUST_NOT_CITE = ['docs/faq.md', 'docs/blog/2026-roadmap.md'];
const MIN_QUOTE_CHARS = 15;
const DOCS = fileURLToPath(new URL('../assets/docs/', import.meta.url));

/** Markdown-insensitive comparison form: no emphasis, code, table or heading marks; single spaces. */
const plain = (text) => text.replace(/[*_`|#>]/g, ' ').replace(/\s+/g, ' ').trim().toLowerCase();

function readAnswer() {
  if (!existsSync('answer.json')) return [null, 'answer.json was not written'];
  try {
    const answer = JSON.parse(readFileSync('answer.json', 'utf8'));
    if (answer === null || typeof answer !== 'object' || Array.isArray(answer)) return [null, 'answer.json must hold a JSON object'];
    return [answer, null];
  } catch (error) {
    return [null, `answer.json is not valid JSON: ${error.message}`];
  }
}

function docText(file) {
  const normalized = path.posix.normalize(String(file).replace(/\\/g, '/').replace(/^\.\//, ''));
  if (!normalized.startsWith('docs/') || normalized.includes('..')) return null;
  const absolute = path.join(DOCS, normalized.slice('docs/'.length));
  return existsSync(absolute) ? readFileSync(absolute, 'utf8') : null;
}

const checks = {
  answers: () => {
    const [answer, problem] = readAnswer();
    if (problem) return [false, problem];
    for (const [key, expected] of Object.entries(EXPECTED)) {
      if (answer[key] !== expected) return [false, `${key} is ${JSON.stringify(answer[key])}, expected the value the current policy gives`];
    }
    return [true, 'support window and the 7.2 end date are exact'];
  },
  evidence: () => {
    const [answer, problem] = readAnswer();
    if (problem) return [false, problem];
    if (!Array.isArray(answer.evidence) || answer.evidence.length === 0) return [false, 'answer.json has no "evidence" array'];
    const cited = new Set();
    for (const [index, item] of answer.evidence.entries()) {
      const where = `evidence[${index}]`;
      const text = docText(item?.file ?? '');
      if (text === null) return [false, `${where}.file ${JSON.stringify(item?.file)} is not a file under docs/`];
      if (typeof item.quote !== 'string' || plain(item.quote).length < MIN_QUOTE_CHARS) return [false, `${where}.quote must be a sentence copied from the file`];
      if (!plain(text).includes(plain(item.quote))) return [false, `${where}.quote does not appear in ${item.file}`];
      cited.add(path.posix.normalize(item.file.replace(/^\.\//, '')));
    }
    const missing = MUST_CITE.filter((file) => !cited.has(file));
    if (missing.length > 0) return [false, `the evidence does not cite ${missing.join(', ')}`];
    const wrong = MUST_NOT_CITE.filter((file) => cited.has(file));
    if (wrong.length > 0) return [false, `the evidence relies on ${wrong.join(', ')}, which the current policy supersedes`];
    return [true, `${answer.evidence.length} verbatim quotes from the authoritative files`];
  },
  unknown: () => {
    const [answer, problem] = readAnswer();
    if (problem) return [false, problem];
    if (!Object.hasOwn(answer, 'v8_0_security_fixes_until')) return [false, 'v8_0_security_fixes_until is missing'];
    if (answer.v8_0_security_fixes_until !== null) return [false, `v8_0_security_fixes_until is ${JSON.stringify(answer.v8_0_security_fixes_until)}, but the docs give no GA date for 8.0`];
    return [true, 'the unanswerable 8.0 date is null'];
  },
};

await runNamedCheck(checks);
