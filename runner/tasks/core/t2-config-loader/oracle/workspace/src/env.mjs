const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

function parseFlag(name, value) {
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  throw new Error(`${name} must be true/false, 1/0, yes/no or on/off, got "${value}"`);
}

/** Reads the APP_* variables into config keys; a variable that is not set is left out. */
export function configFromEnv(env) {
  const config = {};
  if (env.APP_PORT !== undefined) {
    const port = Number(env.APP_PORT);
    if (!Number.isInteger(port)) throw new Error(`APP_PORT must be a whole number, got "${env.APP_PORT}"`);
    config.port = port;
  }
  if (env.APP_HOST !== undefined) config.host = env.APP_HOST;
  if (env.APP_DEBUG !== undefined) config.debug = parseFlag('APP_DEBUG', env.APP_DEBUG);
  if (env.APP_LOG_LEVEL !== undefined) config.logLevel = env.APP_LOG_LEVEL;
  return config;
}
