import { z } from 'zod';
import {
  BehaviorExpectationsSchema,
  FamilySchema,
  JudgeExpectationsSchema,
  SubsetSchema,
  TierSchema,
  TrajectoryExpectationsSchema,
} from './expectations.js';
import { splitCommand } from './placeholders.js';

/**
 * A task file: ClawBench's task YAML with the same field names and defaults, so a ClawBench task
 * pack loads unchanged, plus our optional additions (`requires`, `own_agent`, `protected_files`,
 * `oracle`). Nested blocks are strict so a typo in a check is reported instead of ignored; the
 * top level is loose because ClawBench tasks carry a long tail of catalogue metadata.
 */

const stringMap = z.record(z.string(), z.string());

/** A command run without a shell: split into argv like a shell would, so quotes must balance. */
const commandLine = z.string().min(1).refine((command) => {
  try {
    return splitCommand(command).length > 0;
  } catch {
    return false;
  }
}, 'a command line with balanced quotes');

export const BackgroundServiceSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a name usable in a {name_port} placeholder'),
  command: commandLine,
  cwd: z.string().default('.'),
  env: stringMap.default({}),
  /** ClawBench accepts a fixed port; the runner always picks a free one and ignores this. */
  port: z.number().int().positive().nullable().optional(),
  port_env: z.string().default('PORT'),
  url_template: z.string().nullable().optional(),
  ready_path: z.string().nullable().default('/'),
  ready_status: z.number().int().default(200),
  ready_contains: z.string().nullable().optional(),
  ready_file: z.string().nullable().optional(),
  startup_timeout_seconds: z.number().int().positive().default(20),
});

const GatewayAssertionSchema = z.strictObject({
  method: z.string(),
  params: z.record(z.string(), z.unknown()).default({}),
  assert_path: z.string(),
  assert_equals: z.unknown().optional(),
  assert_contains: z.string().nullable().optional(),
  assert_exists: z.boolean().default(true),
});

export const TaskSetupSchema = z.strictObject({
  asset_packs: z.array(z.string()).default([]),
  workspace_files: z.array(z.string()).default([]),
  background_services: z.array(BackgroundServiceSchema).default([]),
  memory_seed: z.array(stringMap).default([]),
  config_overrides: z.record(z.string(), z.unknown()).default({}),
  pre_check_gateway: z.array(GatewayAssertionSchema).default([]),
});

export const UserTurnSchema = z.strictObject({
  message: z.string().min(1),
  variant_messages: stringMap.default({}),
  after_assistant_turns: z.number().int().nonnegative().nullable().default(null),
  when_tool_family: z.string().nullable().optional(),
  when_tool_name: z.string().nullable().optional(),
  when_assistant_contains: z.string().nullable().default(null),
  when_last_tool_failed: z.boolean().default(false),
});

export const SimulatedUserSchema = z.strictObject({
  turns: z.array(UserTurnSchema).min(1),
  max_turns: z.number().int().positive().default(20),
});

export const SessionPhaseSchema = z.strictObject({
  name: z.string().min(1),
  user: SimulatedUserSchema,
  timeout_seconds: z.number().int().positive().nullable().default(null),
});

export const ExecutionCheckSchema = z.strictObject({
  name: z.string().min(1),
  command: z.string().min(1),
  cwd: z.string().default('.'),
  env: stringMap.default({}),
  timeout_seconds: z.number().positive().default(60),
  shell: z.boolean().default(true),
  expected_exit_code: z.number().int().default(0),
  stdout_contains: z.array(z.string()).default([]),
  stdout_not_contains: z.array(z.string()).default([]),
  stderr_contains: z.array(z.string()).default([]),
  stdout_matches: z.string().nullable().default(null),
  stderr_matches: z.string().nullable().default(null),
  expected_stdout: z.string().nullable().default(null),
  expected_stdout_file: z.string().nullable().default(null),
  expected_json: z.unknown().optional(),
  expected_json_file: z.string().nullable().default(null),
});
export type ExecutionCheck = z.infer<typeof ExecutionCheckSchema>;

export const FileStateSchema = z.strictObject({
  path: z.string().min(1),
  exists: z.boolean().default(true),
  content_contains: z.array(z.string()).default([]),
  content_not_contains: z.array(z.string()).default([]),
  content_matches: z.string().nullable().default(null),
  min_size_bytes: z.number().int().nonnegative().default(0),
});
export type FileState = z.infer<typeof FileStateSchema>;

export const MemoryStateSchema = z.strictObject({
  key_pattern: z.string().min(1),
  exists: z.boolean().default(true),
  value_contains: z.array(z.string()).default([]),
});
export type MemoryState = z.infer<typeof MemoryStateSchema>;

export const CompletionSpecSchema = z.strictObject({
  files: z.array(FileStateSchema).default([]),
  memory: z.array(MemoryStateSchema).default([]),
  /** The next three are ClawBench assertion kinds the runner does not evaluate; the loader refuses a task that uses them. */
  session: z.unknown().optional(),
  cron: z.array(z.unknown()).default([]),
  gateway_assertions: z.array(GatewayAssertionSchema).default([]),
  execution_checks: z.array(ExecutionCheckSchema).default([]),
});

export const ProtectedFileSchema = z.strictObject({
  /** Workspace-relative path of a given file. */
  path: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 hex digest (64 lowercase hex characters)'),
});
export type ProtectedFile = z.infer<typeof ProtectedFileSchema>;

export const RequirementSchema = z.enum(['browser']);

export const TaskFileSchema = z
  .looseObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, ".", "_" or "-"'),
    name: z.string().min(1),
    tier: TierSchema,
    family: FamilySchema,
    surface: z.string().default(''),
    pool: z.string().default('public_dev'),
    subsets: z.array(SubsetSchema).default([]),
    capabilities: z.array(z.string()).default([]),
    timeout_seconds: z.number().int().positive().default(180),
    pass_threshold: z.number().min(0).max(1).default(0.7),
    setup: TaskSetupSchema.default(TaskSetupSchema.parse({})),
    user: SimulatedUserSchema.nullable().optional(),
    phases: z.array(SessionPhaseSchema).default([]),
    completion: CompletionSpecSchema.default(CompletionSpecSchema.parse({})),
    trajectory: TrajectoryExpectationsSchema.default(TrajectoryExpectationsSchema.parse({})),
    behavior: BehaviorExpectationsSchema.default(BehaviorExpectationsSchema.parse({})),
    judge: JudgeExpectationsSchema.nullable().default(null),
    requires: z.array(RequirementSchema).default([]),
    own_agent: z.boolean().optional(),
    protected_files: z.array(ProtectedFileSchema).default([]),
    oracle: z.string().default('oracle'),
  })
  .refine((task) => task.phases.length > 0 || task.user != null, {
    message: 'expected either `user` (one session) or `phases` (one session each)',
    path: ['user'],
  });
export type TaskFile = z.infer<typeof TaskFileSchema>;

/** The JSON Schema editors and other tools validate task files against (committed as schemas/task.schema.json). */
export function taskJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(TaskFileSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'ClawBench task',
  };
}
