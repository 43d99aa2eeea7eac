/**
 * Python's `round(x, 4)`, which ClawBench applies to every run-level score: the nearest 4-decimal
 * value of the exact binary number, ties to even. `toFixed` is exact too but breaks ties upwards,
 * so exact ties (such as 0.03125) are settled here first.
 */
export function round4(value: number): number {
  const scaled = value * 10_000;
  if (Number.isInteger(scaled * 2) && !Number.isInteger(scaled)) {
    const lower = Math.floor(scaled);
    return (lower % 2 === 0 ? lower : lower + 1) / 10_000;
  }
  return Number(value.toFixed(4));
}

export function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/** The plain mean; 0 for no values, so an empty group reads as "nothing", never NaN. */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : sum(values) / values.length;
}

/** Sample standard deviation (ddof = 1, like numpy's `std(ddof=1)`); 0 for fewer than 2 values. */
export function sampleStddev(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const average = mean(values);
  return Math.sqrt(sum(values.map((value) => (value - average) ** 2)) / (values.length - 1));
}

/** numpy's default ("linear") percentile: interpolates between the two nearest ranks. */
export function percentile(values: readonly number[], percent: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (percent / 100) * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] ?? 0;
  const high = sorted[upper] ?? low;
  return low + (high - low) * (position - lower);
}

export const median = (values: readonly number[]): number => percentile(values, 50);
