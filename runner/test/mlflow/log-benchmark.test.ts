import { mlflowLoggingSuite } from './logging-suite.js';
import { DEFAULT_MLFLOW_VERSION } from './mlflow-server.js';

mlflowLoggingSuite(DEFAULT_MLFLOW_VERSION, { withOutage: true });
