// Grades catchup.json, the structured summary the prompt asks for. Only the agent's file is read;
// the thread itself is never searched, so nothing here passes without the agent's work.
// Usage: node check-catchup.mjs decisions | open_items | my_commitments
import { readFileSync } from 'node:fs';

const finish = (passed, reason) => {
  console.log(reason);
  process.exit(passed ? 0 : 1);
};
let summary;
try {
  summary = JSON.parse(readFileSync('catchup.json', 'utf8'));
} catch (error) {
  finish(false, error.code === 'ENOENT' ? 'catchup.json does not exist' : `catchup.json is not JSON: ${error.message}`);
}
const section = process.argv[2];
const entries = summary?.[section];
if (!Array.isArray(entries)) finish(false, `catchup.json has no "${section}" list`);
const text = (entry) => (typeof entry === 'string' ? entry : JSON.stringify(entry ?? '')).toLowerCase();
const lines = entries.map(text);
const some = (...patterns) => lines.some((line) => patterns.every((pattern) => pattern.test(line)));

if (section === 'decisions') {
  if (!some(/option b|two[- ]column|filter sidebar|sidebar/)) finish(false, 'decisions miss the layout choice (Option B, two columns with a filter sidebar)');
  if (!some(/flag/)) finish(false, 'decisions miss the feature-flag rollout');
  const overruled = lines.find((line) => /option a|single[- ]column/.test(line) && !/option b|two[- ]column|sidebar|drop|overrul|rever|replac|instead|off the table|not /.test(line));
  if (overruled) finish(false, `decisions still state the overruled Option A: ${overruled.slice(0, 120)}`);
  const chartChoice = lines.find((line) => /recharts|echarts|chart librar/.test(line) && !/not|undecided|open|later|pending|postpon|defer/.test(line));
  if (chartChoice) finish(false, `decisions claim a chart library was chosen: ${chartChoice.slice(0, 120)}`);
  finish(true, `decisions: layout B and the feature flag (${entries.length} entries)`);
}
if (section === 'open_items') {
  if (!some(/chart|recharts|echarts/)) finish(false, 'open items miss the chart library question');
  if (!some(/empty[- ]state/)) finish(false, 'open items miss the unowned empty-state copy');
  if (!some(/translat|german|japanese|locali/)) finish(false, 'open items miss the translations question');
  const settled = lines.find((line) => /option [ab]\b|two[- ]column|single[- ]column/.test(line));
  if (settled) finish(false, `open items list the layout, which was settled: ${settled.slice(0, 120)}`);
  finish(true, `open items: charts, empty-state copy and translations (${entries.length} entries)`);
}
if (section === 'my_commitments') {
  if (!some(/rollout/, /fri/)) finish(false, 'commitments miss the rollout plan due Friday');
  if (!some(/legal/)) finish(false, 'commitments miss the check with Legal');
  const notMine = lines.find((line) => /benchmark|empty[- ]state|translat/.test(line));
  if (notMine) finish(false, `commitments include someone else's item: ${notMine.slice(0, 120)}`);
  finish(true, 'commitments: rollout plan by Friday and the Legal check');
}
finish(false, `unknown section "${section}": expected decisions, open_items or my_commitments`);
