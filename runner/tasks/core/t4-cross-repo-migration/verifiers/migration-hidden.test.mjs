// Hidden checks of the rename across both repositories (cwd = the agent's workspace).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const load = (relative) => import(pathToFileURL(path.resolve(relative)).href);
const schema = await load('ledger-schema/src/index.mjs');
const invoices = await load('billing-service/src/invoice.mjs');

test('a record holding both keys keeps the new accountName', () => {
  const record = schema.normalizeRecord({ id: 'x', accountName: 'New Name', customerName: 'Old Name', currency: 'EUR' });
  assert.equal(record.accountName, 'New Name');
});

test('a legacy record round-trips to storage under accountName only', () => {
  const stored = JSON.parse(schema.serializeRecord(schema.normalizeRecord({ id: 'x', customerName: 'Legacy Co', currency: 'GBP' })));
  assert.equal(stored.accountName, 'Legacy Co');
  assert.equal(Object.hasOwn(stored, 'customerName'), false);
});

test('a normalised record never exposes customerName', () => {
  const record = schema.normalizeRecord({ id: 'x', customerName: 'Legacy Co', currency: 'GBP' });
  assert.equal(Object.hasOwn(record, 'customerName'), false);
});

test('invoices no longer carry customerName', () => {
  const invoice = invoices.buildInvoice({ id: 'x', accountName: 'Fjord Labs AS', currency: 'USD' }, [{ description: 'a', cents: 1 }]);
  assert.equal(Object.hasOwn(invoice, 'customerName'), false);
  assert.doesNotMatch(invoices.renderInvoiceText(invoice), /Customer/);
});

test('the cli reads a store mixing legacy and migrated records', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'migration-hidden-'));
  const store = path.join(dir, 'records.json');
  writeFileSync(store, JSON.stringify([
    { id: 'a-1', customerName: 'Legacy Person', currency: 'EUR' },
    { id: 'a-2', accountName: 'Migrated Org', currency: 'USD' },
  ]));
  const cli = (id, ...flags) => spawnSync(process.execPath, ['billing-service/bin/invoice.mjs', store, id, ...flags], { encoding: 'utf8' });
  const legacy = cli('a-1', '--json');
  assert.equal(legacy.status, 0, legacy.stderr);
  assert.equal(JSON.parse(legacy.stdout).accountName, 'Legacy Person');
  const migrated = cli('a-2');
  assert.equal(migrated.status, 0, migrated.stderr);
  assert.match(migrated.stdout, /^Account: Migrated Org$/m);
});
