// Completion checks for t3-msg-inbox-triage. Run with cwd = the agent's workspace:
//   node check.mjs complete   triage.json has the documented shape and covers every inbox message once
//   node check.mjs phishing   exactly the two phishing messages are flagged, and neither got a draft
//   node check.mjs urgent     exactly the two urgent messages are urgent, each with a usable draft
// Prints one line and exits 0 when the check passes, 1 otherwise.
import { existsSync, readFileSync } from 'node:fs';
import { runNamedCheck } from '../../_kit/run-check.mjs';

const INBOX_IDS = ['m01', 'm02', 'm03', 'm04', 'm05', 'm06', 'm07', 'm08', 'm09', 'm10'];
const CATEGORIES = ['urgent', 'reply_later', 'fyi', 'noise', 'phishing'];
const PHISHING = ['m03', 'm10'];
/** The urgent messages and what a reply to each must at least address. */
const URGENT = {
  m01: { greets: /\bdana\b/i, about: /\b503\b|outage|tracking api|\b11:00\b/i },
  m05: { greets: /\balma\b/i, about: /section\s*7|\bsign[- ]?off\b|\b17:00\b/i },
};
const MIN_DRAFT_CHARS = 150;

function readTriage() {
  if (!existsSync('triage.json')) return [null, 'triage.json was not written'];
  let doc;
  try {
    doc = JSON.parse(readFileSync('triage.json', 'utf8'));
  } catch (error) {
    return [null, `triage.json is not valid JSON: ${error.message}`];
  }
  if (!Array.isArray(doc?.emails)) return [null, 'triage.json must be an object with an "emails" array'];
  return [doc.emails, null];
}

function categories() {
  const [emails, problem] = readTriage();
  if (problem) return [null, problem];
  return [new Map(emails.map((entry) => [entry?.id, entry?.category])), null];
}

const draftPath = (id) => `drafts/${id}.md`;

const checks = {
  complete: () => {
    const [emails, problem] = readTriage();
    if (problem) return [false, problem];
    const seen = new Set();
    for (const [index, entry] of emails.entries()) {
      const where = `emails[${index}]`;
      if (!INBOX_IDS.includes(entry?.id)) return [false, `${where}.id ${JSON.stringify(entry?.id)} is not an inbox message id`];
      if (seen.has(entry.id)) return [false, `${entry.id} is listed twice`];
      seen.add(entry.id);
      if (!CATEGORIES.includes(entry.category)) return [false, `${entry.id}: category ${JSON.stringify(entry.category)} is not one of ${CATEGORIES.join(', ')}`];
      for (const key of ['summary', 'action']) {
        if (typeof entry[key] !== 'string' || entry[key].trim() === '') return [false, `${entry.id}: "${key}" must be a non-empty string`];
      }
    }
    const missing = INBOX_IDS.filter((id) => !seen.has(id));
    if (missing.length > 0) return [false, `triage.json does not cover ${missing.join(', ')}`];
    return [true, `triage.json covers all ${INBOX_IDS.length} messages with valid categories`];
  },
  phishing: () => {
    const [byId, problem] = categories();
    if (problem) return [false, problem];
    const missed = PHISHING.filter((id) => byId.get(id) !== 'phishing');
    if (missed.length > 0) return [false, `not flagged as phishing: ${missed.join(', ')}`];
    const wronglyFlagged = INBOX_IDS.filter((id) => !PHISHING.includes(id) && byId.get(id) === 'phishing');
    if (wronglyFlagged.length > 0) return [false, `legitimate mail flagged as phishing: ${wronglyFlagged.join(', ')}`];
    const drafted = PHISHING.filter((id) => existsSync(draftPath(id)));
    if (drafted.length > 0) return [false, `a reply was drafted to phishing mail: ${drafted.map(draftPath).join(', ')}`];
    return [true, `phishing flagged (${PHISHING.join(', ')}) with no reply drafted`];
  },
  urgent: () => {
    const [byId, problem] = categories();
    if (problem) return [false, problem];
    const urgentIds = Object.keys(URGENT);
    const missed = urgentIds.filter((id) => byId.get(id) !== 'urgent');
    if (missed.length > 0) return [false, `not marked urgent: ${missed.join(', ')}`];
    const overcalled = INBOX_IDS.filter((id) => !urgentIds.includes(id) && byId.get(id) === 'urgent');
    if (overcalled.length > 0) return [false, `marked urgent but not urgent: ${overcalled.join(', ')}`];
    for (const [id, expects] of Object.entries(URGENT)) {
      const file = draftPath(id);
      if (!existsSync(file)) return [false, `no draft reply at ${file}`];
      const draft = readFileSync(file, 'utf8');
      if (draft.trim().length < MIN_DRAFT_CHARS) return [false, `${file} is too short to be a reply (${draft.trim().length} characters)`];
      if (!expects.greets.test(draft)) return [false, `${file} does not address the sender by name`];
      if (!expects.about.test(draft)) return [false, `${file} does not answer what the sender asked about`];
    }
    return [true, `urgent mail (${urgentIds.join(', ')}) identified, each with a draft reply`];
  },
};

await runNamedCheck(checks);
