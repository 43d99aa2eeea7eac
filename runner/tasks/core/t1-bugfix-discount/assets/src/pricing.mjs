// Money is handled in integer cents throughout the checkout.

/** Price of one line: unit price times quantity, in cents. */
export function lineTotal(line) {
  return line.unitCents * line.quantity;
}

/**
 * Applies a discount to an amount in cents.
 * `discount` is either { kind: 'percent', value: 0..100 } or { kind: 'fixed', cents }.
 * The result is rounded to whole cents and never goes below zero.
 */
export function applyDiscount(amountCents, discount) {
  if (!discount) return amountCents;
  if (discount.kind === 'fixed') {
    return Math.max(0, amountCents - discount.cents);
  }
  if (discount.kind === 'percent') {
    return Math.max(0, Math.round(amountCents - discount.value));
  }
  throw new Error(`unknown discount kind: ${discount.kind}`);
}
