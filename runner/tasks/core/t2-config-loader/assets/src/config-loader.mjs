import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULTS } from './defaults.mjs';
import { configFromEnv } from './env.mjs';

/** The config.json values, or {} when there is no file. */
export function configFromFile(dir) {
  const file = path.join(dir, 'config.json');
  if (!existsSync(file)) return {};
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** The effective configuration: see "Configuration" in README.md for the precedence. */
export function loadConfig({ env = process.env, dir = process.cwd() } = {}) {
  return { ...DEFAULTS, ...configFromEnv(env), ...configFromFile(dir) };
}
