import type { RunRecord } from '../engine/run-record.js';
import { evaluateBehavior, type BehaviorResult } from './behavior.js';
import { classifyDelivery, classifyFailureMode, type DeliveryOutcome, type FailureMode } from './failure-mode.js';
import type { JudgeVerdict } from './judge-verdict.js';
import { round4 } from './numbers.js';
import { evaluateTrajectory, type TrajectoryResult } from './trajectory.js';

/** ClawBench's run-score weights; the judge is advisory and never enters the score. */
export const RUN_SCORE_WEIGHTS = { completion: 0.4, trajectory: 0.3, behavior: 0.2 } as const;
const WEIGHT_TOTAL = RUN_SCORE_WEIGHTS.completion + RUN_SCORE_WEIGHTS.trajectory + RUN_SCORE_WEIGHTS.behavior;
/** With no checks, ClawBench counts completion as met at this floor. */
const COMPLETION_FLOOR = 0.9999;

export interface JudgeOutcome {
  readonly status: 'judged' | 'error';
  readonly score: number | null;
  readonly confidence: number | null;
  /** Judge score at or above the task's judge threshold AND every completion check passed. */
  readonly passed: boolean;
}

export interface RunScore {
  readonly taskId: string;
  readonly run: number;
  readonly checksPassed: number;
  readonly checksTotal: number;
  readonly completion: number;
  readonly trajectory: TrajectoryResult;
  readonly behavior: BehaviorResult;
  readonly score: number;
  readonly passed: boolean;
  readonly deliveryOutcome: DeliveryOutcome;
  readonly failureMode: FailureMode | null;
  readonly judge: JudgeOutcome | null;
}

export function combineRunScore(completion: number, trajectory: number, behavior: number): number {
  const weighted =
    RUN_SCORE_WEIGHTS.completion * completion + RUN_SCORE_WEIGHTS.trajectory * trajectory + RUN_SCORE_WEIGHTS.behavior * behavior;
  return round4(Math.min(1, Math.max(0, weighted / WEIGHT_TOTAL)));
}

function judgeOutcome(record: RunRecord, verdict: JudgeVerdict | undefined, completionPassed: boolean): JudgeOutcome | null {
  if (verdict === undefined || record.task.judge === null) return null;
  const threshold = record.task.judge.passing_threshold;
  return {
    status: verdict.status,
    score: verdict.status === 'judged' ? verdict.score : null,
    confidence: verdict.status === 'judged' ? verdict.confidence : null,
    // Semantic quality never rescues a failed deterministic check.
    passed: verdict.status === 'judged' && completionPassed && (verdict.score ?? 0) >= threshold,
  };
}

/** Scores one run that the agent finished (status `scored`). */
export function scoreRun(record: RunRecord, verdict?: JudgeVerdict): RunScore {
  if (record.status !== 'scored') {
    throw new Error(`run ${record.task.id}#${record.run} has status "${record.status}": only scored runs can be scored`);
  }
  const checksTotal = record.checks.length;
  const checksPassed = record.checks.filter((check) => check.passed).length;
  const completion = checksTotal === 0 ? 1 : checksPassed / checksTotal;
  const completionPassed = checksTotal === 0 ? completion >= COMPLETION_FLOOR : checksPassed === checksTotal;
  const trajectory = evaluateTrajectory(record.toolCalls, record.task.trajectory);
  const behavior = evaluateBehavior(record);
  const score = combineRunScore(completion, trajectory.score, behavior.score);
  const passed = completionPassed && score >= record.task.pass_threshold;
  return {
    taskId: record.task.id,
    run: record.run,
    checksPassed,
    checksTotal,
    completion,
    trajectory,
    behavior,
    score,
    passed,
    deliveryOutcome: classifyDelivery(passed, checksPassed, completion, score),
    failureMode: classifyFailureMode({ record, completionPassed, trajectory, behavior }),
    judge: judgeOutcome(record, verdict, completionPassed),
  };
}
