import { mkdtemp } from 'node:fs/promises';
import { after, before } from 'node:test';
import os from 'node:os';
import path from 'node:path';
import { GatewayConnection } from '../../src/engine/connection.js';
import { runEval, type EvalOptions } from '../../src/engine/engine.js';
import { createIdentity } from '../../src/gateway/identity.js';
import type { GatewayLogger } from '../../src/gateway/client.js';
import { SCRIPTED_MODEL_REF, startGateway, type Gateway, type GatewayOptions } from '../support/gateway.js';
import { startModelServer, type ModelServer } from '../support/model-server.js';

/** A logger that keeps what it was told, so tests can assert on warnings. */
export function recordingLogger(): GatewayLogger & { readonly warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, warn: (message) => warnings.push(message), debug: () => {} };
}

export function connectionTo(gateway: Gateway, logger: GatewayLogger, connectTimeoutMs = 300_000): GatewayConnection {
  return new GatewayConnection(
    { url: gateway.url, token: gateway.token, identity: createIdentity(), connectTimeoutMs, requestTimeoutMs: 120_000, clientVersion: '0.0.0-test', logger },
    logger,
  );
}

export interface RealGatewaySuite {
  readonly model: ModelServer;
  readonly gateway: Gateway;
  readonly connection: GatewayConnection;
  readonly logger: ReturnType<typeof recordingLogger>;
}

/** The scripted model and the real gateway, started before a file's tests and stopped after them. */
export function withRealGateway(options: Omit<GatewayOptions, 'modelBaseUrl'> = {}): RealGatewaySuite {
  const suite = { logger: recordingLogger() } as { -readonly [K in keyof RealGatewaySuite]: RealGatewaySuite[K] };
  before(async () => {
    suite.model = await startModelServer();
    suite.gateway = await startGateway({ ...options, modelBaseUrl: suite.model.baseUrl });
    suite.connection = connectionTo(suite.gateway, suite.logger);
  });
  after(async () => {
    await suite.connection?.close();
    await suite.gateway?.stop();
    await suite.model?.close();
  });
  return suite;
}

/** runEval with test defaults: one lane, generous budgets, runs.jsonl in a fresh temp dir. */
export async function evalOn(
  gateway: Gateway,
  connection: GatewayConnection,
  logger: GatewayLogger,
  options: Partial<EvalOptions> & Pick<EvalOptions, 'tasks'>,
) {
  const runsFile = options.runsFile ?? path.join(await mkdtemp(path.join(os.tmpdir(), 'clawbench-engine-')), 'runs.jsonl');
  const outcome = await runEval({
    runs: 1,
    model: SCRIPTED_MODEL_REF,
    seed: 1,
    concurrency: 1,
    browserConcurrency: 1,
    workspaceRoot: gateway.workspaceRoot,
    keepWorkspaces: false,
    perRunBudgetMs: 240_000,
    perTurnCapMs: 240_000,
    resume: false,
    connection,
    logger,
    retry: { attempts: 3, baseDelayMs: 500 },
    signal: new AbortController().signal,
    ...options,
    runsFile,
  });
  return { outcome, runsFile };
}
