import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { getExporter } from '../src/exporters/index.mjs';

const sample = [
  { id: 1, title: 'Plain', status: 'open', labels: ['a', 'b'], assignee: 'kim', created_at: '2026-05-04T23:10:00Z' },
  { id: 2, title: 'Has, comma', status: 'closed', labels: [], assignee: null, created_at: '2026-05-05T00:00:00Z' },
];

function cli(...args) {
  return spawnSync(process.execPath, ['src/cli.mjs', 'export', ...args], { encoding: 'utf8' });
}

test('json export is unchanged', () => {
  assert.deepEqual(JSON.parse(getExporter('json')(sample)), sample);
});

test('csv exporter is registered', () => {
  assert.equal(typeof getExporter('csv'), 'function');
});

test('csv starts with the documented header', () => {
  const [header] = getExporter('csv')(sample).split('\n');
  assert.equal(header, 'id,title,status,labels,assignee,created');
});

test('csv rows join labels, leave a missing assignee empty and keep the date only', () => {
  const lines = getExporter('csv')(sample).split('\n');
  assert.equal(lines[1], '1,Plain,open,a|b,kim,2026-05-04');
  assert.equal(lines[2], '2,"Has, comma",closed,,,2026-05-05');
});

test('cli accepts --format csv', () => {
  const run = cli('--format', 'csv');
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^id,title,status,labels,assignee,created\n/);
});

test('cli still rejects an unknown format with exit code 2', () => {
  const run = cli('--format', 'xml');
  assert.equal(run.status, 2);
  assert.match(run.stderr, /xml/);
});
