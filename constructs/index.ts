export * from './labels.js';
export * from './validation.js';
export * from './pod-security.js';
export * from './openclaw-config.js';
export * from './openclaw-gateway.js';
export * from './mlflow-server.js';
export * from './clawbench-sidecar.js';
export * from './secrets-from-env.js';
