#!/usr/bin/env node
// node bin/invoice.mjs <records.json> <record id> [--json]: prints the invoice of one record.
import { loadRecords } from '../src/store.mjs';
import { buildInvoice, renderInvoiceText } from '../src/invoice.mjs';

const [file, id, flag] = process.argv.slice(2);
const record = loadRecords(file).find((candidate) => candidate.id === id);
if (!record) {
  console.error(`no record ${id} in ${file}`);
  process.exit(1);
}
const invoice = buildInvoice(record, [{ description: 'Monthly plan', cents: 4900 }]);
console.log(flag === '--json' ? JSON.stringify(invoice, null, 2) : renderInvoiceText(invoice));
