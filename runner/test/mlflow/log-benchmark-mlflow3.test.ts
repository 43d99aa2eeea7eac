import { mlflowLoggingSuite } from './logging-suite.js';
import { CURRENT_MLFLOW_3 } from './mlflow-server.js';

// The same suite against a current 3.x server (FastAPI/uvicorn in front of the same handlers).
mlflowLoggingSuite(CURRENT_MLFLOW_3, { withOutage: false });
