import { mean, sampleStddev } from './numbers.js';
import { passAtK, passHatK } from './stats.js';

/** A task whose run scores spread more than this is flagged (ClawBench's threshold). */
export const HIGH_VARIANCE_STDDEV = 0.15;
/** The stddev at which ClawBench's variance score reaches 0. */
const VARIANCE_SCALE = 0.2;

export interface TaskReliability {
  readonly runs: number;
  readonly passes: number;
  readonly meanScore: number;
  readonly stddev: number;
  readonly minScore: number;
  readonly maxScore: number;
  /** The first run's pass flag (ClawBench's pass_at_1). */
  readonly passAt1: boolean;
  readonly passRate: number;
  /** Every run passed (ClawBench's boolean pass_hat_k; equals the estimator at k = n). */
  readonly allPassed: boolean;
  /** pass^k for k = 1..n, C(c,k)/C(n,k). */
  readonly passHatKCurve: readonly number[];
  /** pass@k for k = 1..n, 1 − C(n−c,k)/C(n,k). */
  readonly passAtKCurve: readonly number[];
  readonly worstOfN: number;
  readonly varianceScore: number;
  readonly reliability: number;
  /** 0.9 · mean + 0.1 · reliability: the number the benchmark averages. */
  readonly taskScore: number;
  readonly highVariance: boolean;
}

/**
 * ClawBench's per-task reliability, from the runs in run order: 0.5·[all passed] + 0.3·pass rate
 * + 0.2·max(0, 1 − stddev/0.2), and the task score 0.9·mean + 0.1·reliability.
 */
export function taskReliability(runs: ReadonlyArray<{ readonly score: number; readonly passed: boolean }>): TaskReliability {
  const n = runs.length;
  if (n === 0) throw new Error('a task needs at least one scored run to be summarised');
  const scores = runs.map((run) => run.score);
  const passes = runs.filter((run) => run.passed).length;
  const meanScore = mean(scores);
  const stddev = sampleStddev(scores);
  const allPassed = passes === n;
  const passRate = passes / n;
  const varianceScore = Math.max(0, 1 - stddev / VARIANCE_SCALE);
  const reliability = 0.5 * (allPassed ? 1 : 0) + 0.3 * passRate + 0.2 * varianceScore;
  const ks = Array.from({ length: n }, (_, index) => index + 1);
  return {
    runs: n,
    passes,
    meanScore,
    stddev,
    minScore: Math.min(...scores),
    maxScore: Math.max(...scores),
    passAt1: runs[0]?.passed ?? false,
    passRate,
    allPassed,
    passHatKCurve: ks.map((k) => passHatK(n, passes, k)),
    passAtKCurve: ks.map((k) => passAtK(n, passes, k)),
    worstOfN: Math.min(...scores),
    varianceScore,
    reliability,
    taskScore: 0.9 * meanScore + 0.1 * reliability,
    highVariance: stddev > HIGH_VARIANCE_STDDEV,
  };
}

/**
 * The benchmark's pass^k curve: for each k, the mean over tasks with at least k runs of their
 * pass^k estimate.
 */
export function benchmarkPassHatKCurve(tasks: readonly TaskReliability[]): number[] {
  const longest = Math.max(0, ...tasks.map((task) => task.runs));
  return Array.from({ length: longest }, (_, index) =>
    mean(tasks.filter((task) => task.runs > index).map((task) => task.passHatKCurve[index] ?? 0)),
  );
}
