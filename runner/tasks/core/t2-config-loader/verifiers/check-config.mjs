// Hidden cases for the config loader, from the rules in the workspace README. The agent's code
// runs in child processes only.
// Usage: node check-config.mjs precedence | debug | cli
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import os from 'node:os';
import path from 'node:path';
import { callIsolated } from '../../_kit/call-isolated.mjs';

const workspace = process.cwd();
const DEFAULTS = { port: 8080, host: '127.0.0.1', debug: false, logLevel: 'info' };
const temps = [];
const finish = (passed, reason) => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  console.log(reason);
  process.exit(passed ? 0 : 1);
};
const tempDir = (config) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'config-check-'));
  temps.push(dir);
  if (config) writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  return dir;
};

/** Runs loadConfig from the workspace in a child process for each [env, config.json] case. */
function loadAll(cases) {
  return callIsolated('src/config-loader.mjs', 'loadConfig', cases.map(([env, file]) => [{ env, dir: tempDir(file) }]), { cwd: workspace });
}

function expectConfigs(cases) {
  for (const [index, result] of loadAll(cases).entries()) {
    const [env, file, want] = cases[index];
    const given = `env ${JSON.stringify(env)} + config.json ${JSON.stringify(file)}`;
    if (!result.ok) finish(false, `loadConfig threw for ${given}: ${result.error}`);
    if (!isDeepStrictEqual(result.value, want)) finish(false, `${given} gave ${JSON.stringify(result.value)}, expected ${JSON.stringify(want)}`);
  }
}

const mode = process.argv[2];
if (mode === 'precedence') {
  expectConfigs([
    [{}, { port: 9100, logLevel: 'warn' }, { ...DEFAULTS, port: 9100, logLevel: 'warn' }],
    [{ APP_HOST: '0.0.0.0', APP_LOG_LEVEL: 'debug' }, { host: '10.0.0.5', logLevel: 'warn', port: 9100 }, { ...DEFAULTS, host: '0.0.0.0', logLevel: 'debug', port: 9100 }],
    [{ APP_PORT: '7001' }, null, { ...DEFAULTS, port: 7001 }],
    [{ APP_LOG_LEVEL: 'error' }, { debug: true }, { ...DEFAULTS, debug: true, logLevel: 'error' }],
  ]);
  finish(true, 'environment over config.json over defaults, unset variables override nothing');
} else if (mode === 'debug') {
  const spellings = [['true', true], ['TRUE', true], ['1', true], ['yes', true], ['On', true], ['false', false], ['False', false], ['0', false], ['NO', false], ['off', false]];
  expectConfigs(spellings.map(([value, want]) => [{ APP_DEBUG: value }, { debug: !want }, { ...DEFAULTS, debug: want }]));
  const [invalid] = loadAll([[{ APP_DEBUG: 'maybe' }, null]]);
  if (invalid.ok) finish(false, 'APP_DEBUG=maybe was accepted; expected an error naming APP_DEBUG');
  if (!/APP_DEBUG/.test(invalid.error)) finish(false, `APP_DEBUG=maybe failed without naming the variable: ${invalid.error}`);
  finish(true, 'APP_DEBUG parses every documented spelling and rejects others by name');
} else if (mode === 'cli') {
  const copy = tempDir(null);
  cpSync(workspace, copy, { recursive: true, filter: (source) => !/[\\/](node_modules|\.git)$/.test(source) });
  writeFileSync(path.join(copy, 'config.json'), JSON.stringify({ port: 9300, logLevel: 'warn', debug: true }));
  const run = spawnSync(process.execPath, ['src/server.mjs', '--print-config'], {
    cwd: copy,
    encoding: 'utf8',
    timeout: 20_000,
    env: { PATH: process.env.PATH, APP_DEBUG: 'off', APP_HOST: '0.0.0.0' },
  });
  const want = { port: 9300, host: '0.0.0.0', debug: false, logLevel: 'warn' };
  let got;
  try {
    got = JSON.parse(run.stdout);
  } catch {
    finish(false, `server.mjs --print-config did not print JSON (exit ${run.status}): ${(run.stderr || run.stdout).trim().split('\n')[0]}`);
  }
  if (!isDeepStrictEqual(got, want)) finish(false, `server.mjs --print-config printed ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
  finish(true, 'the server starts with the configuration the README describes');
} else {
  finish(false, `unknown mode "${mode}": expected precedence, debug or cli`);
}
