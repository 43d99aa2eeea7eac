import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cartTotal, formatCents } from '../src/cart.mjs';

test('a cart without a discount is the sum of its lines', () => {
  const cart = { lines: [{ unitCents: 1250, quantity: 2 }, { unitCents: 399, quantity: 1 }] };
  assert.equal(cartTotal(cart), 2899);
});

test('a fixed discount comes off the subtotal', () => {
  const cart = { lines: [{ unitCents: 1000, quantity: 3 }], discount: { kind: 'fixed', cents: 500 } };
  assert.equal(cartTotal(cart), 2500);
});

test('a percentage discount on a multi-item cart', () => {
  const cart = {
    lines: [{ unitCents: 1500, quantity: 2 }, { unitCents: 2000, quantity: 1 }],
    discount: { kind: 'percent', value: 20 },
  };
  assert.equal(cartTotal(cart), 4000);
});

test('a percentage discount rounds to whole cents', () => {
  const cart = { lines: [{ unitCents: 999, quantity: 1 }], discount: { kind: 'percent', value: 15 } };
  assert.equal(cartTotal(cart), 849);
});

test('cents format as dollars', () => {
  assert.equal(formatCents(4000), '$40.00');
});
