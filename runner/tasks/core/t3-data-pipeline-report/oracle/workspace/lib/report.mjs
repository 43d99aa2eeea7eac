// Reference solution: renders the aggregated totals as the text report.
import { UNMAPPED } from './aggregate.mjs';

export function formatReport(totals) {
  const sorted = [...totals].sort(
    (a, b) =>
      Number(a.region === UNMAPPED) - Number(b.region === UNMAPPED) ||
      b.cents - a.cents ||
      a.region.localeCompare(b.region),
  );
  const lines = ['Revenue by region (USD)'];
  for (const entry of sorted) lines.push(`${entry.region}: ${dollars(entry.cents)} (${entry.orders} orders)`);
  const cents = totals.reduce((sum, entry) => sum + entry.cents, 0);
  const orders = totals.reduce((sum, entry) => sum + entry.orders, 0);
  lines.push(`Total: ${dollars(cents)} (${orders} orders)`);
  return `${lines.join('\n')}\n`;
}

function dollars(cents) {
  return (cents / 100).toFixed(2);
}
