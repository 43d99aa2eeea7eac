import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../src/config-loader.mjs';

function dirWithConfig(values) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'config-test-'));
  if (values) writeFileSync(path.join(dir, 'config.json'), JSON.stringify(values));
  return dir;
}

test('defaults apply when nothing is set', () => {
  const config = loadConfig({ env: {}, dir: dirWithConfig(null) });
  assert.deepEqual(config, { port: 8080, host: '127.0.0.1', debug: false, logLevel: 'info' });
});

test('config.json overrides the defaults', () => {
  const config = loadConfig({ env: {}, dir: dirWithConfig({ port: 9000 }) });
  assert.equal(config.port, 9000);
});

test('an environment variable overrides config.json', () => {
  const config = loadConfig({ env: { APP_PORT: '7000' }, dir: dirWithConfig({ port: 9000 }) });
  assert.equal(config.port, 7000);
});

test('APP_DEBUG=false turns debug off', () => {
  const config = loadConfig({ env: { APP_DEBUG: 'false' }, dir: dirWithConfig({ debug: true }) });
  assert.equal(config.debug, false);
});

test('APP_DEBUG=1 turns debug on', () => {
  const config = loadConfig({ env: { APP_DEBUG: '1' }, dir: dirWithConfig(null) });
  assert.equal(config.debug, true);
});
