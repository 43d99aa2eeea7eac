// Billing helpers for subscriptions. Amounts are integer cents.

/**
 * The charge for the rest of the month when a plan starts on `startDay` (1-based; the start day
 * itself is billed). Rounds to the nearest cent, halves up. Throws RangeError when startDay is
 * not a day of the month.
 */
export function prorateCharge(monthlyCents, startDay, daysInMonth) {
  if (!Number.isInteger(startDay) || startDay < 1 || startDay > daysInMonth) {
    throw new RangeError(`start day ${startDay} is not a day of a ${daysInMonth}-day month`);
  }
  const remainingDays = daysInMonth - startDay + 1;
  return Math.round((monthlyCents * remainingDays) / daysInMonth);
}

/** Adds VAT at `ratePercent`, rounding to the nearest cent. */
export function withVat(cents, ratePercent) {
  return Math.round(cents * (1 + ratePercent / 100));
}
