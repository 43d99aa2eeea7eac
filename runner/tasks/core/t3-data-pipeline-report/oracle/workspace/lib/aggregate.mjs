// Reference solution: groups counted orders by sales region, in whole US cents.
const COUNTED_STATUS = 'completed';
export const UNMAPPED = 'Unmapped';

export function aggregateByRegion(orders, regionsConfig) {
  const regionOf = new Map(
    Object.entries(regionsConfig.regions ?? {}).map(([code, region]) => [normaliseStore(code), region]),
  );
  const rates = { USD: 1, ...(regionsConfig.usd_rates ?? {}) };
  const totals = new Map();
  for (const order of orders) {
    if (order.status.trim().toLowerCase() !== COUNTED_STATUS) continue;
    const currency = order.currency.trim().toUpperCase();
    const rate = rates[currency];
    if (rate === undefined) throw new Error(`order ${order.order_id}: no usd rate for currency ${currency}`);
    const cents = Math.round(Number(order.amount) * rate * 100);
    const region = regionOf.get(normaliseStore(order.store)) ?? UNMAPPED;
    const entry = totals.get(region) ?? { region, cents: 0, orders: 0 };
    entry.cents += cents;
    entry.orders += 1;
    totals.set(region, entry);
  }
  return [...totals.values()];
}

function normaliseStore(code) {
  return code.trim().toUpperCase();
}
