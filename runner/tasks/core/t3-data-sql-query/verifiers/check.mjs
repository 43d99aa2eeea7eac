// Completion checks for t3-data-sql-query. Run with cwd = the agent's workspace:
//   node check.mjs format        answer.csv has the requested header, row shape and order
//   node check.mjs answer        answer.csv holds exactly the reference channel counts
//   node check.mjs reproducible  `node query.mjs` gives the right CSV on an unseen export
// Prints one line and exits 0 when the check passes, 1 otherwise.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNamedCheck } from '../../_kit/run-check.mjs';

const HEADER = 'channel,customers';
const RETIRED_NAMES = ['Display Banners', 'Affiliate Network', 'Print Mailers'];
const here = (relative) => fileURLToPath(new URL(relative, import.meta.url));

/** Parses the two-column CSV; returns [rows, problem]. */
function parseAnswer(text) {
  const lines = text.replace(/\r\n/g, '\n').trim().split('\n');
  if (lines[0]?.trim() !== HEADER) return [[], `the header must be ${HEADER}, got ${JSON.stringify(lines[0] ?? '')}`];
  const rows = [];
  for (const line of lines.slice(1)) {
    const match = /^\s*(?:"([^"]*)"|([^,"]*)),\s*(\d+)\s*$/.exec(line);
    if (!match) return [[], `row ${JSON.stringify(line)} is not <channel>,<count>`];
    rows.push({ channel: (match[1] ?? match[2]).trim(), customers: Number(match[3]) });
  }
  if (rows.length === 0) return [[], 'there are no data rows'];
  return [rows, null];
}

function orderProblem(rows) {
  const seen = new Set();
  for (const [i, row] of rows.entries()) {
    if (seen.has(row.channel)) return `channel ${row.channel} appears twice`;
    seen.add(row.channel);
    const next = rows[i + 1];
    if (next && (next.customers > row.customers || (next.customers === row.customers && next.channel.localeCompare(row.channel) < 0))) {
      return `rows are not sorted by customers (descending) then channel: ${row.channel} comes before ${next.channel}`;
    }
  }
  return null;
}

function contentProblem(rows, expectedRows) {
  const expected = new Map(expectedRows.map((row) => [row.channel, row.customers]));
  for (const row of rows) {
    if (RETIRED_NAMES.includes(row.channel)) return `channel ${row.channel} is a retired archive campaign: wrong join`;
    if (!expected.has(row.channel)) return `unexpected channel ${row.channel}`;
    if (expected.get(row.channel) !== row.customers) {
      return `channel ${row.channel}: expected ${expected.get(row.channel)} customers, got ${row.customers}`;
    }
  }
  const missing = expectedRows.find((row) => !rows.some((r) => r.channel === row.channel));
  return missing ? `channel ${missing.channel} is missing` : null;
}

const expectedFrom = (file) => parseAnswer(readFileSync(file, 'utf8'))[0];

function readWorkspaceAnswer() {
  if (!existsSync('answer.csv')) return [[], 'the file was not written'];
  return parseAnswer(readFileSync('answer.csv', 'utf8'));
}

const checks = {
  format: () => {
    const [rows, problem] = readWorkspaceAnswer();
    const issue = problem ?? orderProblem(rows);
    return issue ? [false, `answer.csv: ${issue}`] : [true, `answer.csv: ${rows.length} well-formed rows in the requested order`];
  },
  answer: () => {
    const [rows, problem] = readWorkspaceAnswer();
    const issue = problem ?? contentProblem(rows, expectedFrom(here('./expected/answer.csv')));
    return issue ? [false, `answer.csv: ${issue}`] : [true, 'answer.csv: channel counts match the reference'];
  },
  reproducible: () => {
    if (!existsSync('query.mjs')) return [false, 'query.mjs was not written'];
    // Same workspace, different data: a hand-typed answer cannot pass this.
    const scratch = mkdtempSync(join(tmpdir(), 'sql-query-holdout-'));
    try {
      cpSync('.', scratch, { recursive: true, filter: (src) => !/(^|[\\/])(export|\.git|node_modules)$/.test(src) });
      cpSync(here('./holdout/export'), join(scratch, 'export'), { recursive: true });
      const run = spawnSync(process.execPath, ['query.mjs'], { cwd: scratch, encoding: 'utf8', timeout: 30_000 });
      if (run.status !== 0) return [false, `query.mjs on an unseen export exited ${run.status}: ${run.stderr.trim().split('\n')[0] ?? ''}`];
      const [rows, problem] = parseAnswer(run.stdout);
      const issue = problem ?? orderProblem(rows) ?? contentProblem(rows, expectedFrom(here('./holdout/expected.csv')));
      return issue ? [false, `query.mjs on an unseen export: ${issue}`] : [true, 'query.mjs gives the right counts on an unseen export'];
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};

await runNamedCheck(checks);
