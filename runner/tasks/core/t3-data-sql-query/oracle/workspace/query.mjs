// Active customers in Europe who signed up in 2026 (UTC), per acquisition channel.
// acq_ref points at campaigns.id since the 2025-11-03 migration (export/CHANGELOG.md); the
// README still names the frozen archive table, which would give retired channel names.
import { readFileSync } from 'node:fs';

const readJsonLines = (path) =>
  readFileSync(path, 'utf8').split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line));

const customers = readJsonLines('export/customers.jsonl');
const channelById = new Map(readJsonLines('export/campaigns.jsonl').map((c) => [c.id, c.channel]));
const countries = JSON.parse(readFileSync('export/countries.json', 'utf8'));

const counts = new Map();
for (const customer of customers) {
  const inEurope = countries[customer.country]?.region === 'Europe';
  const signedUpIn2026 = new Date(customer.signed_up_at).getUTCFullYear() === 2026;
  if (customer.status !== 'active' || !inEurope || !signedUpIn2026) continue;
  const channel = channelById.get(customer.acq_ref);
  if (channel === undefined) throw new Error(`customer ${customer.id}: no campaign ${customer.acq_ref}`);
  counts.set(channel, (counts.get(channel) ?? 0) + 1);
}

const rows = [...counts].sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
console.log(['channel,customers', ...rows.map(([channel, n]) => `${channel},${n}`)].join('\n'));
