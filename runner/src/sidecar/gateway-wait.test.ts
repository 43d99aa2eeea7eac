import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { GatewayNotReadyError, gatewayEndpoint, waitForGateway } from './gateway-wait.js';

/** A loopback port nothing listens on (yet): bound once by the OS, then released. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const servers: Server[] = [];
after(() => {
  for (const server of servers) server.close();
});

/** A stand-in for a booting gateway: its /readyz answers the given bodies in turn, the last one forever. */
function listenWithReadyzSequence(port: number, answers: ReadonlyArray<{ status: number; type: string; body: string }>): Promise<{ readyzHits: () => number }> {
  let hits = 0;
  const server = createServer((request, response) => {
    if (request.url !== '/readyz') {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<html>control ui</html>');
      return;
    }
    const answer = answers[Math.min(hits, answers.length - 1)]!;
    hits += 1;
    response.writeHead(answer.status, { 'content-type': answer.type }).end(answer.body);
  });
  servers.push(server);
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({ readyzHits: () => hits })));
}

const html = { status: 200, type: 'text/html; charset=utf-8', body: '<!doctype html><html></html>' };
const notReady = { status: 503, type: 'application/json', body: JSON.stringify({ ready: false, failing: ['channels'] }) };
const ready = { status: 200, type: 'application/json', body: JSON.stringify({ ready: true, failing: [] }) };

describe('waiting for the gateway', () => {
  it('waits through a refused port, an HTML answer and ready:false, and returns on ready:true', async () => {
    const port = await freePort();
    const lines: string[] = [];
    const waiting = waitForGateway({
      url: new URL(`ws://127.0.0.1:${port}`),
      timeoutMs: 20_000,
      timeoutSetting: 'CLAWBENCH_CONNECT_TIMEOUT=20',
      log: (line) => lines.push(line),
      pollIntervalMs: 200,
    });
    await sleep(800);
    assert.ok(lines.some((line) => line.includes('connection refused')), `a refused port is reported: ${lines.join(' | ')}`);
    const gateway = await listenWithReadyzSequence(port, [html, html, notReady, notReady, ready]);
    const elapsed = await waiting;
    assert.ok(elapsed >= 800, `returned only after the server came up (${elapsed} ms)`);
    assert.equal(gateway.readyzHits(), 5, 'it kept polling until the JSON said ready:true');
    const log = lines.join('\n');
    assert.match(log, /text\/html/);
    assert.match(log, /ready:false, failing: \["channels"\]/);
    assert.match(lines.at(-1)!, /^gateway ready after \d+\.\ds$/);
    // A line per change of state, not per poll.
    assert.equal(lines.filter((line) => line.includes('text/html')).length, 1);
  });

  it('gives up at the timeout with one message naming the setting and what it last saw', async () => {
    const port = await freePort();
    const started = Date.now();
    await assert.rejects(
      waitForGateway({
        url: new URL(`ws://127.0.0.1:${port}`),
        timeoutMs: 1500,
        timeoutSetting: 'CLAWBENCH_CONNECT_TIMEOUT=1.5',
        log: () => undefined,
        pollIntervalMs: 200,
      }),
      (error: unknown) => {
        assert.ok(error instanceof GatewayNotReadyError);
        assert.match(error.message, /not ready after 2s \(CLAWBENCH_CONNECT_TIMEOUT=1\.5\); last check: connection refused; expected tcp to connect and \/readyz to answer \{"ready":true\}/);
        return true;
      },
    );
    const waited = Date.now() - started;
    assert.ok(waited >= 1200 && waited < 5000, `stopped near the timeout (${waited} ms)`);
  });

  it('does not take an HTML 200 for readiness', async () => {
    const port = await freePort();
    await listenWithReadyzSequence(port, [html]);
    await assert.rejects(
      waitForGateway({ url: new URL(`ws://127.0.0.1:${port}`), timeoutMs: 1000, timeoutSetting: 'CLAWBENCH_CONNECT_TIMEOUT=1', log: () => undefined, pollIntervalMs: 200 }),
      /last check: \/readyz answered 200 text\/html; charset=utf-8, not the readiness JSON/,
    );
  });

  it('stops waiting when the shutdown signal aborts', async () => {
    const port = await freePort();
    const controller = new AbortController();
    const waiting = waitForGateway({ url: new URL(`ws://127.0.0.1:${port}`), timeoutMs: 60_000, timeoutSetting: 'x', log: () => undefined, signal: controller.signal, pollIntervalMs: 200 });
    setTimeout(() => controller.abort('SIGTERM'), 300);
    await assert.rejects(waiting, (error: unknown) => error === 'SIGTERM' || (error instanceof Error && error.name === 'AbortError'));
  });

  it('derives the tcp target and the readyz url from ws and wss urls, and refuses others', () => {
    assert.deepEqual(gatewayEndpoint(new URL('ws://localhost:18789')), { host: 'localhost', port: 18789, readyzUrl: new URL('http://localhost:18789/readyz') });
    assert.equal(gatewayEndpoint(new URL('wss://gw.example')).port, 443);
    assert.equal(gatewayEndpoint(new URL('ws://[::1]:18789')).host, '::1');
    assert.throws(() => gatewayEndpoint(new URL('http://localhost:18789')), /gateway url "http:\/\/localhost:18789\/" is not a websocket url: expected ws:\/\/host:port/);
  });
});
