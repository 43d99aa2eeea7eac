import { validateRecord } from '../../ledger-schema/src/index.mjs';

/** An invoice for `record` with the given line items ({ description, cents }). */
export function buildInvoice(record, lines) {
  const problems = validateRecord(record);
  if (problems.length > 0) throw new Error(`cannot invoice record ${record.id}: ${problems.join('; ')}`);
  const totalCents = lines.reduce((sum, line) => sum + line.cents, 0);
  return {
    recordId: record.id,
    customerName: record.customerName,
    currency: record.currency,
    lines,
    totalCents,
  };
}

export function renderInvoiceText(invoice) {
  const amount = (cents) => `${(cents / 100).toFixed(2)} ${invoice.currency}`;
  return [
    `Invoice for record ${invoice.recordId}`,
    `Customer: ${invoice.customerName}`,
    ...invoice.lines.map((line) => `  ${line.description}: ${amount(line.cents)}`),
    `Total: ${amount(invoice.totalCents)}`,
  ].join('\n');
}
