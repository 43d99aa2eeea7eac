import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildInvoice, renderInvoiceText } from '../src/invoice.mjs';

const serviceDir = fileURLToPath(new URL('..', import.meta.url));
const record = { id: 'r9', accountName: 'Fjord Labs AS', currency: 'EUR', createdOn: null };
const lines = [{ description: 'Seats', cents: 12000 }, { description: 'Support', cents: 3050 }];

test('an invoice carries the account name', () => {
  const invoice = buildInvoice(record, lines);
  assert.equal(invoice.accountName, 'Fjord Labs AS');
  assert.equal(invoice.totalCents, 15050);
});

test('the text invoice labels the account', () => {
  const text = renderInvoiceText(buildInvoice(record, lines));
  assert.match(text, /^Account: Fjord Labs AS$/m);
});

test('the cli invoices a record stored before the migration', () => {
  const run = spawnSync(process.execPath, ['bin/invoice.mjs', 'data/records.json', 'r-100'], { cwd: serviceDir, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^Account: Northwind Freight$/m);
});
