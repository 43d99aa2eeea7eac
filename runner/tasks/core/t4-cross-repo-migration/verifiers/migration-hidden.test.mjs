// Hidden checks of the rename across both repositories (cwd = the agent's workspace). The agent's
// functions run in a child process (returnedValues); its CLI runs as a program.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { returnedValues } from '../../_kit/returned-values.mjs';

const SCHEMA = 'ledger-schema/src/index.mjs';
const INVOICES = 'billing-service/src/invoice.mjs';
const legacy = { id: 'x', customerName: 'Legacy Co', currency: 'GBP' };

test('a record holding both keys keeps the new accountName', () => {
  const [record] = returnedValues(SCHEMA, 'normalizeRecord', [[{ id: 'x', accountName: 'New Name', customerName: 'Old Name', currency: 'EUR' }]]);
  assert.equal(record.accountName, 'New Name');
});

test('a legacy record round-trips to storage under accountName only', () => {
  const [record] = returnedValues(SCHEMA, 'normalizeRecord', [[legacy]]);
  const [stored] = returnedValues(SCHEMA, 'serializeRecord', [[record]]);
  assert.equal(JSON.parse(stored).accountName, 'Legacy Co');
  assert.equal(Object.hasOwn(JSON.parse(stored), 'customerName'), false);
});

test('a normalised record never exposes customerName', () => {
  const [record] = returnedValues(SCHEMA, 'normalizeRecord', [[legacy]]);
  assert.equal(Object.hasOwn(record, 'customerName'), false);
});

test('invoices no longer carry customerName', () => {
  const [invoice] = returnedValues(INVOICES, 'buildInvoice', [[{ id: 'x', accountName: 'Fjord Labs AS', currency: 'USD' }, [{ description: 'a', cents: 1 }]]]);
  assert.equal(Object.hasOwn(invoice, 'customerName'), false);
  const [text] = returnedValues(INVOICES, 'renderInvoiceText', [[invoice]]);
  assert.doesNotMatch(text, /Customer/);
});

test('the cli reads a store mixing legacy and migrated records', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'migration-hidden-'));
  const store = path.join(dir, 'records.json');
  writeFileSync(store, JSON.stringify([
    { id: 'a-1', customerName: 'Legacy Person', currency: 'EUR' },
    { id: 'a-2', accountName: 'Migrated Org', currency: 'USD' },
  ]));
  const cli = (id, ...flags) => spawnSync(process.execPath, ['billing-service/bin/invoice.mjs', store, id, ...flags], { encoding: 'utf8' });
  const legacyRun = cli('a-1', '--json');
  assert.equal(legacyRun.status, 0, legacyRun.stderr);
  assert.equal(JSON.parse(legacyRun.stdout).accountName, 'Legacy Person');
  const migrated = cli('a-2');
  assert.equal(migrated.status, 0, migrated.stderr);
  assert.match(migrated.stdout, /^Account: Migrated Org$/m);
});
