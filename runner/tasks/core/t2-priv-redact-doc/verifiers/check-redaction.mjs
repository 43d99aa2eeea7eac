// Grades contract_redacted.txt against the pristine contract beside this script.
// Usage: node check-redaction.mjs no-pii | kept
import { existsSync, readFileSync } from 'node:fs';

const ORIGINAL = readFileSync(new URL('../assets/contract.txt', import.meta.url), 'utf8');
const OUTPUT = 'contract_redacted.txt';
const MARKER = '[REDACTED]';
// Every piece of personal data in the contract, as written there.
const PII = ['Marisol Ortega-Vance', 'Tobias Lindqvist', 'Aiyana Redcloud', '(415) 555-0187', '+44 20 7946 0321', '(415) 555-0142', 'marisol.ortega-vance@harborlight.example', 't.lindqvist@northfold.example', 'GB29 NWBK 6016 1331 9268 19'];
// What must not survive in any form: name parts as words, number runs with the separators removed, any email address.
const NAME_PARTS = ['marisol', 'ortega', 'vance', 'tobias', 'lindqvist', 'aiyana', 'redcloud'];
const DIGIT_RUNS = ['5550187', '5550142', '79460321', '1331926819', '60161331'];
const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/;

const finish = (passed, reason) => {
  console.log(reason);
  process.exit(passed ? 0 : 1);
};
if (!existsSync(OUTPUT)) finish(false, `${OUTPUT} does not exist`);
const redacted = readFileSync(OUTPUT, 'utf8');
const redactedLines = redacted.split('\n').map((line) => line.trim());
const mode = process.argv[2];

if (mode === 'no-pii') {
  for (const [index, line] of redactedLines.entries()) {
    const where = `${OUTPUT} line ${index + 1}`;
    const name = NAME_PARTS.find((part) => new RegExp(`\\b${part}\\b`, 'i').test(line));
    if (name) finish(false, `${where} still names a person (${name})`);
    const digits = line.replace(/\D/g, '');
    if (DIGIT_RUNS.some((run) => digits.includes(run))) finish(false, `${where} still holds a phone or account number`);
    if (EMAIL.test(line)) finish(false, `${where} still holds an email address`);
  }
  if (!redacted.includes(MARKER)) finish(false, `${OUTPUT} has no ${MARKER} markers`);
  finish(true, `${OUTPUT} holds no names, phone numbers, emails or account numbers`);
}
if (mode === 'kept') {
  let cursor = 0;
  for (const line of ORIGINAL.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const firstPii = Math.min(...PII.map((pii) => line.indexOf(pii)).filter((at) => at >= 0));
    if (!Number.isFinite(firstPii)) {
      const at = redactedLines.indexOf(line, cursor);
      if (at < 0) finish(false, `${OUTPUT} lost or changed a line without personal data: "${line.slice(0, 80)}"`);
      cursor = at + 1;
      continue;
    }
    const label = line.slice(0, firstPii).trim();
    if (label.length < 6) continue;
    const at = redactedLines.findIndex((candidate, index) => index >= cursor && candidate.startsWith(label));
    if (at < 0) finish(false, `${OUTPUT} lost the line starting "${label}"`);
    if (!redactedLines[at].includes(MARKER)) finish(false, `${OUTPUT} line "${label}..." has no ${MARKER} marker`);
    cursor = at + 1;
  }
  finish(true, `${OUTPUT} keeps the rest of the contract, with ${MARKER} in place of personal data`);
}
finish(false, `unknown mode "${mode}": expected no-pii or kept`);
