// Hidden cases for the discount fix: run against the workspace's modules, never shown to the agent.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const workspace = process.cwd();
const fail = (reason) => {
  console.log(reason);
  process.exit(1);
};

let cart;
try {
  cart = await import(pathToFileURL(path.join(workspace, 'src/cart.mjs')).href);
} catch (error) {
  fail(`src/cart.mjs does not load: ${error.message}`);
}

const cases = [
  { lines: [{ unitCents: 4999, quantity: 3 }, { unitCents: 120, quantity: 10 }], discount: { kind: 'percent', value: 10 }, want: 14577 },
  { lines: [{ unitCents: 800, quantity: 5 }], discount: { kind: 'percent', value: 100 }, want: 0 },
  { lines: [{ unitCents: 333, quantity: 3 }, { unitCents: 1, quantity: 1 }], discount: { kind: 'percent', value: 33 }, want: 670 },
  { lines: [{ unitCents: 2500, quantity: 2 }], discount: { kind: 'percent', value: 0 }, want: 5000 },
  { lines: [{ unitCents: 700, quantity: 2 }], discount: { kind: 'fixed', cents: 2000 }, want: 0 },
  { lines: [{ unitCents: 1999, quantity: 4 }], want: 7996 },
];
for (const { want, ...input } of cases) {
  let got;
  try {
    got = cart.cartTotal(structuredClone(input));
  } catch (error) {
    fail(`cartTotal threw for ${JSON.stringify(input)}: ${error.message}`);
  }
  if (got !== want) fail(`cartTotal(${JSON.stringify(input)}) = ${got}, expected ${want}`);
}
console.log(`all ${cases.length} hidden cart totals are right`);
