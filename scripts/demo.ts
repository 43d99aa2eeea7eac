/**
 * A first run with no API key: a scripted OpenAI-compatible model (the one the tests use) and a
 * real OpenClaw gateway on loopback, a few tasks through `clawbench sidecar --mode job`, the
 * report, and where to look. Run: bash scripts/demo.sh
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCRIPTED_MODEL_REF, startGateway, type Gateway } from '../runner/test/support/gateway.js';
import { startModelServer, type ModelServer } from '../runner/test/support/model-server.js';
import { scriptOracles } from '../test/e2e/oracle-scripts.js';
import { startSidecar, type SidecarProcess } from '../test/e2e/sidecar-process.js';

/** The scripted model is taught these tasks' reference solutions... */
const SOLVED = ['t1-fs-quick-note', 't1-bugfix-discount', 't2-config-loader'];
/** ...and not this one, so the report shows a failure too. */
const UNSOLVED = ['t2-msg-summarize-thread'];

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const resultsDir = path.join(repoRoot, 'results', 'demo');
const say = (line: string) => process.stdout.write(`[demo] ${line}\n`);

let model: ModelServer | undefined;
let gateway: Gateway | undefined;
let sidecar: SidecarProcess | undefined;

async function cleanUp(): Promise<void> {
  await sidecar?.kill();
  await gateway?.stop();
  await model?.close();
}

process.once('SIGINT', () => {
  say('interrupted: stopping the gateway and the model server');
  void cleanUp().then(() => process.exit(130));
});

try {
  await rm(resultsDir, { recursive: true, force: true });
  model = await startModelServer();
  await scriptOracles(model, SOLVED);
  say(`scripted model on ${model.baseUrl} (no API key needed; it replays the reference solutions of ${SOLVED.join(', ')})`);
  say('starting a real OpenClaw gateway on loopback (Node 24 and openclaw are installed once into ~/.cache/clawbench; ~10-30 s to get ready)');
  gateway = await startGateway({ modelBaseUrl: model.baseUrl, readyTimeoutMs: 300_000 });
  say(`gateway ${gateway.version} ready on ${gateway.url}`);
  say('running the eval the way a Job pod does: clawbench sidecar --mode job');
  const running = startSidecar(['--mode', 'job'], {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CLAWBENCH_MODEL: SCRIPTED_MODEL_REF,
    CLAWBENCH_TASKS: [...SOLVED, ...UNSOLVED].join(' '),
    CLAWBENCH_RUNS: '2',
    CLAWBENCH_CONCURRENCY: '2',
    CLAWBENCH_CONNECT_TIMEOUT: '180',
    CLAWBENCH_GATEWAY_URL: gateway.url,
    OPENCLAW_GATEWAY_TOKEN: gateway.token,
    CLAWBENCH_WORKSPACE_ROOT: gateway.workspaceRoot,
    CLAWBENCH_RESULTS_DIR: resultsDir,
  });
  sidecar = running;
  let shown = 0;
  const echo = setInterval(() => {
    const text = running.output();
    process.stdout.write(text.slice(shown));
    shown = text.length;
  }, 200);
  const code = await running.exited;
  clearInterval(echo);
  process.stdout.write(running.output().slice(shown));
  const relative = path.relative(process.cwd(), resultsDir) || '.';
  say(`done (exit ${code}). Where to look:`);
  say(`  ${relative}/report.html     the report: open it in a browser`);
  say(`  ${relative}/benchmark.json  scores, intervals, cost (what MLflow gets)`);
  say(`  ${relative}/runs.jsonl      one line per run, the full trajectory included`);
  say(`  cd runner && npm run clawbench -- report ${path.relative(path.join(repoRoot, 'runner'), resultsDir)}   the terminal report again`);
  say('next: a real provider key and the cluster, see docs/runtime.md ("The real thing")');
  process.exitCode = code ?? 1;
} finally {
  await cleanUp();
}
