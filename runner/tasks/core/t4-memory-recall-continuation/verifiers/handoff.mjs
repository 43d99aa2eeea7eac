// Checks handoff.md (cwd = the agent's workspace): written in the second session, it must name
// the file changed and each remembered decision. Prints one line; exits 0 when all are there.
import { existsSync, readFileSync } from 'node:fs';

const MENTIONS = [
  ['the changed file', /retryPolicy\.mjs/],
  ['both rollout regions', /eu-west-1[\s\S]*ap-south-1|ap-south-1[\s\S]*eu-west-1/],
  ['the backoff base and cap', /\b300\s?ms\b[\s\S]*\b2,?000\s?ms\b|\b2,?000\s?ms\b[\s\S]*\b300\s?ms\b/],
  ['the attempt budget', /\b5\b[^\n]*attempt|attempt[^\n]*\b5\b/i],
  ['the kill switch', /SMART_RETRY_DISABLED/],
];

if (!existsSync('handoff.md')) {
  console.log('handoff.md was not written');
  process.exit(1);
}
const text = readFileSync('handoff.md', 'utf8');
const missing = MENTIONS.filter(([, pattern]) => !pattern.test(text)).map(([name]) => name);
console.log(missing.length === 0 ? 'handoff.md names the change and every remembered decision' : `handoff.md does not mention ${missing.join(', ')}`);
process.exit(missing.length === 0 ? 0 : 1);
