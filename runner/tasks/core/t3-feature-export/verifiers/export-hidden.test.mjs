// Hidden edge cases for the CSV export, run with cwd = the agent's workspace. The agent's code
// only runs as the CLI program; these tests compare what it prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const HEADER = 'id,title,status,labels,assignee,created\n';
const issue = (overrides) => ({ id: 9, title: 't', status: 'open', labels: [], assignee: null, created_at: '2026-07-01T10:00:00Z', ...overrides });

function cli(...args) {
  return spawnSync(process.execPath, ['src/cli.mjs', 'export', ...args], { encoding: 'utf8', timeout: 30_000 });
}

/** What `export --format csv` prints for these issues (plus any extra options). */
function csvFor(issues, ...options) {
  const input = path.join(mkdtempSync(path.join(tmpdir(), 'export-hidden-')), 'issues.json');
  writeFileSync(input, JSON.stringify(issues));
  const run = cli('--format', 'csv', '--input', input, ...options);
  assert.equal(run.status, 0, `the cli exited ${run.status}: ${run.stderr.trim()}`);
  return run.stdout;
}

test('quotes and line breaks inside a title are escaped per RFC 4180', () => {
  assert.equal(csvFor([issue({ title: 'Say "hi"\nthen leave' })]), `${HEADER}9,"Say ""hi""\nthen leave",open,,,2026-07-01\n`);
});

test('a carriage return also forces quoting', () => {
  assert.ok(csvFor([issue({ title: 'a\rb' })]).includes('"a\rb"'), 'a field holding CR must be quoted');
});

test('an assignee or label holding a comma is quoted too', () => {
  assert.equal(csvFor([issue({ labels: ['x,y', 'z'], assignee: 'Doe, J.' })]), `${HEADER}9,t,open,"x,y|z","Doe, J.",2026-07-01\n`);
});

test('the created column is the UTC date', () => {
  assert.equal(csvFor([issue({ created_at: '2026-12-31T23:30:00-02:00' })]), `${HEADER}9,t,open,,,2027-01-01\n`);
});

test('non-ASCII text is kept as is, and the output ends with exactly one newline', () => {
  assert.equal(csvFor([issue({ title: 'Größe ändern — ok' })]), `${HEADER}9,Größe ändern — ok,open,,,2026-07-01\n`);
});

test('an empty list still prints the header', () => {
  assert.equal(csvFor([]), HEADER);
});

test('the status filter and the id order apply to csv', () => {
  const issues = [issue({ id: 3, status: 'closed' }), issue({ id: 2, title: 'kept, open' }), issue({ id: 1 })];
  assert.equal(csvFor(issues, '--status', 'open'), `${HEADER}1,t,open,,,2026-07-01\n2,"kept, open",open,,,2026-07-01\n`);
});

test('an unknown format names the supported ones, csv included', () => {
  const run = cli('--format', 'yaml');
  assert.equal(run.status, 2);
  assert.match(run.stderr, /csv/);
  assert.match(run.stderr, /json/);
});
