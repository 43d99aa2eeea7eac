export const DEFAULTS = Object.freeze({
  port: 8080,
  host: '127.0.0.1',
  debug: false,
  logLevel: 'info',
});
