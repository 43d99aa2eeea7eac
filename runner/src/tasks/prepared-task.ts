import type { TaskSnapshot } from './expectations.js';
import type { CheckResult } from './check-result.js';

/**
 * What the engine needs from a task, whatever file format it was loaded from. The tasks stage
 * builds these; the engine only calls them, so it never learns about YAML, asset packs or
 * verifiers.
 */
export interface PreparedTask {
  readonly snapshot: TaskSnapshot;
  readonly name: string;
  readonly timeoutSeconds: number;
  /** Runs go through the gateway's `browser` tool: scheduled under the browser lane limit. */
  readonly needsBrowser: boolean;
  /**
   * The task keeps agent-level state across sessions (memory): the engine gives the run its own
   * agent whose workspace is the run's workspace, instead of a fresh session on the shared agent.
   */
  readonly needsOwnAgent: boolean;
  readonly services: readonly ServiceSpec[];
  /** Each phase runs in a fresh session; its turns are sent in order. */
  readonly phases: readonly PhaseSpec[];
  /** Copies the fixtures into an empty workspace directory. */
  prepareWorkspace(workspace: string): Promise<void>;
  /** Runs the completion checks once the agent has finished, from outside the workspace. */
  verify(context: VerifyContext): Promise<CheckResult[]>;
  /** Reads the files the judge rubric names, bounded, before the workspace is removed. */
  collectArtifacts(workspace: string): Promise<Record<string, string>>;
}

export interface ServiceSpec {
  readonly name: string;
  /** argv; `node` means the runner's own Node binary. */
  readonly command: readonly string[];
  /** Relative to the workspace. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** The environment variable that carries the chosen port. */
  readonly portEnv: string;
  readonly readyPath: string;
  readonly readyStatus: number;
  readonly startupTimeoutSeconds: number;
}

export interface PhaseSpec {
  readonly name: string;
  readonly maxTurns: number;
  readonly timeoutSeconds: number | null;
  readonly turns: readonly TurnSpec[];
}

export interface TurnSpec {
  /** May hold `{<service>_port}` and `{<service>_url}` placeholders; the engine fills them. */
  readonly message: string;
  /** Send this turn only once the assistant has answered at least this many times. */
  readonly afterAssistantTurns: number | null;
  /** Send this turn only if the assistant's text so far contains this (case-insensitive). */
  readonly whenAssistantContains: string | null;
}

export interface VerifyContext {
  readonly workspace: string;
  /** Service name -> the loopback port it listened on. */
  readonly ports: Readonly<Record<string, number>>;
  /** The agent the run used, for memory checks. */
  readonly agentId: string;
  /** Searches the agent's memory through the gateway (`memory.search`), polling as needed. */
  memorySearch(query: string): Promise<MemoryHit[]>;
}

export interface MemoryHit {
  readonly path: string;
  readonly snippet: string;
}
