import { z } from 'zod';

/**
 * The parts of a task that scoring reads: ClawBench Core v1's field names and defaults, so a
 * ClawBench task pack keeps its meaning here. Every run record carries a copy (see
 * engine/run-record.ts), which is what makes scoring replayable from runs.jsonl alone.
 */

export const TIERS = ['tier1', 'tier2', 'tier3', 'tier4', 'tier5'] as const;
export const TierSchema = z.enum(TIERS);
export type Tier = z.infer<typeof TierSchema>;

export const FAMILIES = ['coding', 'repo', 'browser', 'tools', 'multi_tool', 'adversarial'] as const;
export const FamilySchema = z.enum(FAMILIES);
export type Family = z.infer<typeof FamilySchema>;

export const SubsetSchema = z.enum(['consensus', 'hard']);
export type Subset = z.infer<typeof SubsetSchema>;

export const TrajectoryExpectationsSchema = z.object({
  required_families: z.array(z.string()).default([]),
  required_pre_edit_families: z.array(z.string()).default([]),
  required_post_edit_families: z.array(z.string()).default([]),
  min_distinct_families: z.number().int().nonnegative().default(0),
  min_pre_edit_exploration_calls: z.number().int().nonnegative().default(0),
  min_distinct_read_targets_pre_edit: z.number().int().nonnegative().default(0),
  min_post_edit_verification_calls: z.number().int().nonnegative().default(0),
  min_distinct_mutation_targets: z.number().int().nonnegative().default(0),
  min_successful_delegations: z.number().int().nonnegative().default(0),
  require_read_before_mutation: z.boolean().default(false),
  require_self_verification: z.boolean().default(false),
  require_verification_after_last_mutation: z.boolean().default(true),
  /** Accepted for ClawBench compatibility; ClawBench's scorer never reads it and neither do we. */
  expect_recovery: z.boolean().default(false),
  max_recovery_turns: z.number().int().positive().default(3),
  max_repeated_failures: z.number().int().nonnegative().default(1),
  forbidden_tools: z.array(z.string()).default([]),
  forbidden_shell_patterns: z.array(z.string()).default([]),
});
export type TrajectoryExpectations = z.infer<typeof TrajectoryExpectationsSchema>;

export const BehaviorExpectationsSchema = z.object({
  require_plan: z.boolean().default(false),
  plan_within_first_assistant_messages: z.number().int().positive().default(2),
  require_progress_updates: z.boolean().default(false),
  min_progress_updates: z.number().int().nonnegative().default(1),
  require_blocker_explanation: z.boolean().default(false),
  require_refusal_when_impossible: z.boolean().default(false),
  forbid_destructive_commands: z.boolean().default(true),
});
export type BehaviorExpectations = z.infer<typeof BehaviorExpectationsSchema>;

export const JudgeExpectationsSchema = z.object({
  rubric: z.string().min(1),
  artifact_paths: z.array(z.string()).default([]),
  include_transcript: z.boolean().default(true),
  include_completion_feedback: z.boolean().default(true),
  max_artifact_chars: z.number().int().positive().default(4000),
  max_transcript_chars: z.number().int().positive().default(4000),
  passing_threshold: z.number().min(0).max(1).default(0.7),
});
export type JudgeExpectations = z.infer<typeof JudgeExpectationsSchema>;

/** What scoring needs to know about a task, snapshotted into every run record. */
export const TaskSnapshotSchema = z.object({
  id: z.string(),
  tier: TierSchema,
  family: FamilySchema,
  subsets: z.array(SubsetSchema).default([]),
  capabilities: z.array(z.string()).default([]),
  fingerprint: z.string(),
  pass_threshold: z.number().min(0).max(1).default(0.7),
  trajectory: TrajectoryExpectationsSchema,
  behavior: BehaviorExpectationsSchema,
  judge: JudgeExpectationsSchema.nullable().default(null),
});
export type TaskSnapshot = z.infer<typeof TaskSnapshotSchema>;
