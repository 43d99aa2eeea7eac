// Checks api_notes.md (cwd = the agent's workspace): it must record each fact of the current API
// contract that the client change depends on. Prints one line; exits 0 when all are there.
import { existsSync, readFileSync } from 'node:fs';

const FACTS = [
  ['the v2 endpoint', /\/api\/v2\/reports\b/],
  ['the bearer scheme', /\bBearer\b/],
  ['the X-Workspace-Id header', /X-Workspace-Id/i],
  ['that X-Admin-Token must not be sent', /X-Admin-Token/i],
  ['the 120 requests per minute limit', /\b120\b/],
  ['the 10 MiB size limit', /\b10\s?(?:MiB|MB)\b|10,?485,?760/i],
];

if (!existsSync('api_notes.md')) {
  console.log('api_notes.md was not written');
  process.exit(1);
}
const notes = readFileSync('api_notes.md', 'utf8');
const missing = FACTS.filter(([, pattern]) => !pattern.test(notes)).map(([name]) => name);
console.log(missing.length === 0 ? `api_notes.md records all ${FACTS.length} contract facts` : `api_notes.md does not record ${missing.join(', ')}`);
process.exit(missing.length === 0 ? 0 : 1);
