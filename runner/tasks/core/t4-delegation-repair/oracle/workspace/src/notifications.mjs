// When to deliver push notifications, given a user's quiet hours.

/**
 * Whether `hour` (0-23) falls in the quiet hours [start, end). The window may wrap past
 * midnight (start 22, end 7 means 22:00 to 06:59). start === end means no quiet hours.
 */
export function isQuietHour(hour, { start, end }) {
  if (start === end) return false;
  return start < end ? hour >= start && hour < end : hour >= start || hour < end;
}

/** The first hour, from `hour` onwards (wrapping at midnight), that is not quiet. */
export function nextDeliveryHour(hour, quiet) {
  for (let offset = 0; offset < 24; offset += 1) {
    const candidate = (hour + offset) % 24;
    if (!isQuietHour(candidate, quiet)) return candidate;
  }
  throw new Error('every hour is quiet');
}
