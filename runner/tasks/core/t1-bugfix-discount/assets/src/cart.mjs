import { applyDiscount, lineTotal } from './pricing.mjs';

/** Total of a cart in cents: the lines summed, then the cart-wide discount applied once. */
export function cartTotal(cart) {
  const subtotal = cart.lines.reduce((sum, line) => sum + lineTotal(line), 0);
  return applyDiscount(subtotal, cart.discount);
}

/** Formats cents as a dollar string, e.g. 1999 -> "$19.99". */
export function formatCents(cents) {
  return `$${(cents / 100).toFixed(2)}`;
}
