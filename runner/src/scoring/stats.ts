import { seededRandom } from '../engine/scheduler.js';
import { mean, percentile, sampleStddev } from './numbers.js';

/** C(n, k) as a float; exact for the small n of an eval (runs per task). */
export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let result = 1;
  for (let i = 1; i <= Math.min(k, n - k); i += 1) result = (result * (n - i + 1)) / i;
  return result;
}

/** pass^k (Yao et al.): the unbiased estimate that k fresh runs ALL pass, from c passes in n runs. */
export const passHatK = (n: number, c: number, k: number): number => binomial(c, k) / binomial(n, k);

/** pass@k (Chen et al.): the unbiased estimate that at least one of k fresh runs passes. */
export const passAtK = (n: number, c: number, k: number): number => 1 - binomial(n - c, k) / binomial(n, k);

/** Lanczos approximation of ln Γ(x) (g = 7, n = 9), accurate to ~1e-15 for x > 0. */
function logGamma(x: number): number {
  const coefficients = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const shifted = x - 1;
  let series = coefficients[0] ?? 0;
  for (let i = 1; i < coefficients.length; i += 1) series += (coefficients[i] ?? 0) / (shifted + i);
  const t = shifted + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (shifted + 0.5) * Math.log(t) - t + Math.log(series);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let result = d;
  for (let m = 1; m <= 300; m += 1) {
    const m2 = 2 * m;
    for (const numerator of [(m * (b - m) * x) / ((a + m2 - 1) * (a + m2)), -((a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1))]) {
      d = 1 + numerator * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + numerator / c;
      if (Math.abs(c) < tiny) c = tiny;
      result *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-15) break;
  }
  return result;
}

/** The regularized incomplete beta function I_x(a, b). */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(a, b, x)) / a : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T <= t) for Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The p-quantile of Student's t, found by bisection on the CDF (monotone, so this always converges). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) throw new RangeError(`t quantile needs 0 < p < 1 and df > 0, got p=${p}, df=${df}`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  let low = 0;
  let high = 1;
  while (studentTCdf(high, df) < p) high *= 2;
  for (let i = 0; i < 200 && high - low > 1e-13; i += 1) {
    const middle = (low + high) / 2;
    if (studentTCdf(middle, df) < p) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

export const CONFIDENCE_LEVEL = 0.95;

/** A t interval as benchmark.json records it: clipped to [0, 1], its method named. */
export type TInterval = Omit<TBounds, 'mean'> & { readonly method: 't_clustered_by_task' };

export interface BootstrapInterval {
  readonly method: 'percentile_bootstrap_over_tasks';
  readonly level: number;
  readonly lower: number;
  readonly upper: number;
  readonly tasks: number;
  readonly resamples: number;
  readonly seed: number;
  readonly prng: 'mulberry32';
}

const clamp01 = (value: number): number => Math.min(1, Math.max(0, value));

/**
 * A 95% interval for the mean of per-task values: runs are clustered within tasks, so the task
 * is the unit (mean of task means, s/√T, Student t with T − 1 df). Scores live in [0, 1], so the
 * interval is clipped to it. One task gives a zero-width interval at the mean.
 */
export function tInterval(taskValues: readonly number[], level = CONFIDENCE_LEVEL): TInterval {
  const { mean: _centre, ...bounds } = meanTBounds(taskValues, level);
  return { method: 't_clustered_by_task', ...bounds, lower: clamp01(bounds.lower), upper: clamp01(bounds.upper) };
}

export interface TBounds {
  readonly level: number;
  readonly mean: number;
  readonly lower: number;
  readonly upper: number;
  readonly tasks: number;
  readonly df: number | null;
  readonly t_critical: number | null;
  readonly standard_error: number;
}

/** mean ± t(n−1) · s/√n, unclipped (a paired difference may be negative). */
export function meanTBounds(values: readonly number[], level = CONFIDENCE_LEVEL): TBounds {
  const tasks = values.length;
  const centre = mean(values);
  if (tasks < 2) return { level, mean: centre, lower: centre, upper: centre, tasks, df: null, t_critical: null, standard_error: 0 };
  const standardError = sampleStddev(values) / Math.sqrt(tasks);
  const critical = studentTQuantile(1 - (1 - level) / 2, tasks - 1);
  return {
    level,
    mean: centre,
    lower: centre - critical * standardError,
    upper: centre + critical * standardError,
    tasks,
    df: tasks - 1,
    t_critical: critical,
    standard_error: standardError,
  };
}

/** A percentile bootstrap that resamples whole tasks (never runs) with the seeded PRNG. */
export function bootstrapInterval(taskValues: readonly number[], seed: number, resamples: number, level = CONFIDENCE_LEVEL): BootstrapInterval {
  const tasks = taskValues.length;
  const base = { method: 'percentile_bootstrap_over_tasks', level, tasks, resamples, seed, prng: 'mulberry32' } as const;
  if (tasks < 2) {
    const centre = mean(taskValues);
    return { ...base, lower: centre, upper: centre };
  }
  // The scheduler's mulberry32, so one recorded seed reproduces both the run order and the intervals.
  const random = seededRandom(seed);
  const means = new Array<number>(resamples);
  for (let r = 0; r < resamples; r += 1) {
    let total = 0;
    for (let i = 0; i < tasks; i += 1) total += taskValues[Math.floor(random() * tasks)] ?? 0;
    means[r] = total / tasks;
  }
  const alpha = 1 - level;
  return { ...base, lower: percentile(means, (100 * alpha) / 2), upper: percentile(means, 100 * (1 - alpha / 2)) };
}
