// Hidden cases for the discount fix, run against the workspace's cart in a child process; never
// shown to the agent.
import { callIsolated } from '../../_kit/call-isolated.mjs';

const cases = [
  { lines: [{ unitCents: 4999, quantity: 3 }, { unitCents: 120, quantity: 10 }], discount: { kind: 'percent', value: 10 }, want: 14577 },
  { lines: [{ unitCents: 800, quantity: 5 }], discount: { kind: 'percent', value: 100 }, want: 0 },
  { lines: [{ unitCents: 333, quantity: 3 }, { unitCents: 1, quantity: 1 }], discount: { kind: 'percent', value: 33 }, want: 670 },
  { lines: [{ unitCents: 2500, quantity: 2 }], discount: { kind: 'percent', value: 0 }, want: 5000 },
  { lines: [{ unitCents: 700, quantity: 2 }], discount: { kind: 'fixed', cents: 2000 }, want: 0 },
  { lines: [{ unitCents: 1999, quantity: 4 }], want: 7996 },
];
const inputs = cases.map(({ want, ...cart }) => cart);
const results = callIsolated('src/cart.mjs', 'cartTotal', inputs.map((cart) => [cart]));
for (const [index, result] of results.entries()) {
  const input = JSON.stringify(inputs[index]);
  if (!result.ok) {
    console.log(`cartTotal failed for ${input}: ${result.error}`);
    process.exit(1);
  }
  if (result.value !== cases[index].want) {
    console.log(`cartTotal(${input}) = ${result.value}, expected ${cases[index].want}`);
    process.exit(1);
  }
}
console.log(`all ${cases.length} hidden cart totals are right`);
