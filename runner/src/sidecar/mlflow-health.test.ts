import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { mlflowHealthProblem } from './mlflow-health.js';

describe('the MLflow health check', () => {
  it('reports a refused connection as a problem naming the url', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const problem = await mlflowHealthProblem(`http://user:pa55word@127.0.0.1:${port}`);
    assert.doesNotMatch(problem ?? '', /pa55word/, 'credentials in the uri stay out of the log');
    assert.match(problem ?? '', new RegExp(`^GET http://127\\.0\\.0\\.1:${port}/health failed: fetch failed \\(.*ECONNREFUSED.*\\)$`));
  });

  it('does not take a page that is not MLflow for a healthy server', async () => {
    const server = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const problem = await mlflowHealthProblem(`http://127.0.0.1:${port}/mlflow/`);
      assert.equal(problem, `GET http://127.0.0.1:${port}/mlflow/health answered 200 "<html>login</html>", expected 200 "OK"`);
    } finally {
      server.close();
    }
  });

  it('names a tracking uri that is not a url', async () => {
    assert.match((await mlflowHealthProblem('mlflow-service:5000')) ?? '', /^MLFLOW_TRACKING_URI "mlflow-service:5000" is not an http\(s\) url/);
    assert.match((await mlflowHealthProblem('not a url')) ?? '', /^MLFLOW_TRACKING_URI "not a url" is not an http\(s\) url: expected http\(s\):\/\/host:port$/);
  });
});
