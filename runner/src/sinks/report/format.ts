/** Number formats shared by the terminal and HTML reports, so both show the same figures. */

export const score3 = (value: number | null): string => (value === null ? '—' : value.toFixed(3));

export const percent = (value: number): string => `${Math.round(value * 100)}%`;

export function usd(value: number | null): string {
  if (value === null) return '—';
  if (value === 0) return '$0';
  return value < 0.01 ? `$${value.toFixed(5)}` : `$${value.toFixed(4)}`;
}

export function tokens(value: number): string {
  if (value >= 1_000_000) return `${(value / 1_000_000).toFixed(2)}M`;
  if (value >= 10_000) return `${Math.round(value / 1000)}k`;
  if (value >= 1000) return `${(value / 1000).toFixed(1)}k`;
  return String(Math.round(value));
}

export function duration(ms: number): string {
  if (ms >= 60_000) return `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;
  return `${(ms / 1000).toFixed(1)}s`;
}

export const interval = (lower: number, upper: number): string => `[${lower.toFixed(3)}, ${upper.toFixed(3)}]`;

export function counts(record: Partial<Record<string, number>>): string {
  const entries = Object.entries(record).filter((entry): entry is [string, number] => (entry[1] ?? 0) > 0);
  return entries.length === 0 ? '—' : entries.sort((a, b) => b[1] - a[1]).map(([name, n]) => `${name} ×${n}`).join(', ');
}

export const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
