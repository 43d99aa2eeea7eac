/** Reads the APP_* variables into config keys; a variable that is not set is left out. */
export function configFromEnv(env) {
  const config = {};
  if (env.APP_PORT !== undefined) {
    const port = Number(env.APP_PORT);
    if (!Number.isInteger(port)) throw new Error(`APP_PORT must be a whole number, got "${env.APP_PORT}"`);
    config.port = port;
  }
  if (env.APP_HOST !== undefined) config.host = env.APP_HOST;
  if (env.APP_DEBUG !== undefined) config.debug = Boolean(env.APP_DEBUG);
  if (env.APP_LOG_LEVEL !== undefined) config.logLevel = env.APP_LOG_LEVEL;
  return config;
}
