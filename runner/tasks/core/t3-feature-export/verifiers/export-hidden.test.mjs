// Hidden edge cases for the CSV export, run with cwd = the agent's workspace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const { getExporter } = await import(pathToFileURL(path.resolve('src/exporters/index.mjs')).href);
const toCsv = (issues) => {
  const exporter = getExporter('csv');
  assert.equal(typeof exporter, 'function', 'getExporter("csv") must return the exporter');
  return exporter(issues);
};
const issue = (overrides) => ({ id: 9, title: 't', status: 'open', labels: [], assignee: null, created_at: '2026-07-01T10:00:00Z', ...overrides });

test('quotes and line breaks inside a title are escaped per RFC 4180', () => {
  const csv = toCsv([issue({ title: 'Say "hi"\nthen leave' })]);
  assert.equal(csv.split('\n').slice(1).join('\n'), '9,"Say ""hi""\nthen leave",open,,,2026-07-01\n');
});

test('a carriage return also forces quoting', () => {
  const csv = toCsv([issue({ title: 'a\rb' })]);
  assert.ok(csv.includes('"a\rb"'), 'a field holding CR must be quoted');
});

test('an assignee or label holding a comma is quoted too', () => {
  const csv = toCsv([issue({ labels: ['x,y', 'z'], assignee: 'Doe, J.' })]);
  assert.equal(csv.split('\n')[1], '9,t,open,"x,y|z","Doe, J.",2026-07-01');
});

test('the created column is the UTC date', () => {
  const csv = toCsv([issue({ created_at: '2026-12-31T23:30:00-02:00' })]);
  assert.equal(csv.split('\n')[1], '9,t,open,,,2027-01-01');
});

test('non-ASCII text is kept as is, and the output ends with exactly one newline', () => {
  const csv = toCsv([issue({ title: 'Größe ändern — ok' })]);
  assert.equal(csv, 'id,title,status,labels,assignee,created\n9,Größe ändern — ok,open,,,2026-07-01\n');
});

test('an empty list still prints the header', () => {
  assert.equal(toCsv([]), 'id,title,status,labels,assignee,created\n');
});

test('the cli filters by status and reads --input', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'export-hidden-'));
  const input = path.join(dir, 'issues.json');
  writeFileSync(input, JSON.stringify([issue({ id: 3, status: 'closed' }), issue({ id: 2, title: 'kept, open' }), issue({ id: 1 })]));
  const run = spawnSync(process.execPath, ['src/cli.mjs', 'export', '--format', 'csv', '--status', 'open', '--input', input], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, 'id,title,status,labels,assignee,created\n1,t,open,,,2026-07-01\n2,"kept, open",open,,,2026-07-01\n');
});

test('an unknown format names the supported ones, csv included', () => {
  const run = spawnSync(process.execPath, ['src/cli.mjs', 'export', '--format', 'yaml'], { encoding: 'utf8' });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /csv/);
  assert.match(run.stderr, /json/);
});
