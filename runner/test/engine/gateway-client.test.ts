import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { WebSocketServer, type WebSocket } from 'ws';
import { GatewayClient, GatewayError } from '../../src/gateway/client.js';
import { InboundFrameSchema } from '../../src/gateway/frames.js';
import { createIdentity, IDENTITY_FILE, loadOrCreateIdentity, signDevice } from '../../src/gateway/identity.js';
import { freeLoopbackPort } from '../../src/engine/services.js';
import { recordingLogger } from './harness.js';

/**
 * The client's protocol handling against a tiny loopback WebSocket peer that plays the gateway's
 * side of the handshake and then misbehaves on purpose (bad frames, refusals, out-of-order
 * answers): cases the real gateway cannot be made to produce on demand.
 */

interface PeerOptions {
  readonly scopes?: readonly string[];
  /** Answers the first N connects with a retryable UNAVAILABLE. */
  readonly unavailableTimes?: number;
  readonly onRequest?: (socket: WebSocket, frame: { id: string; method: string; params: unknown }) => void;
}

const servers: WebSocketServer[] = [];
after(() => {
  for (const server of servers) server.close();
});

async function startPeer(options: PeerOptions = {}, port = 0) {
  const server = new WebSocketServer({ host: '127.0.0.1', port });
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  const connects: Array<Record<string, unknown>> = [];
  let unavailable = options.unavailableTimes ?? 0;
  server.on('connection', (socket) => {
    socket.send(JSON.stringify({ type: 'event', event: 'connect.challenge', payload: { nonce: 'nonce-1', ts: Date.now() } }));
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { id: string; method: string; params: Record<string, unknown> };
      if (frame.method === 'connect') {
        connects.push(frame.params);
        if (unavailable-- > 0) {
          socket.send(JSON.stringify({ type: 'res', id: frame.id, ok: false, error: { code: 'UNAVAILABLE', message: 'starting', retryable: true, retryAfterMs: 100 } }));
          return;
        }
        const payload = { type: 'hello-ok', protocol: 4, server: { version: '9.9.9-peer' }, auth: { role: 'operator', scopes: options.scopes ?? ['operator.read', 'operator.write', 'operator.admin'] } };
        socket.send(JSON.stringify({ type: 'res', id: frame.id, ok: true, payload }));
        return;
      }
      if (frame.method === 'sessions.subscribe') {
        socket.send(JSON.stringify({ type: 'res', id: frame.id, ok: true, payload: { subscribed: true } }));
        return;
      }
      options.onRequest?.(socket, frame);
    });
  });
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, url, connects };
}

function connect(url: string, logger = recordingLogger(), connectTimeoutMs = 10_000) {
  return GatewayClient.connect({ url, token: 'peer-token', identity: createIdentity(), connectTimeoutMs, requestTimeoutMs: 2_000, clientVersion: '0.0.0-test', logger });
}

describe('gateway client', () => {
  it('connects with protocol 4, the operator scopes, tool events and a verifiable device signature', async () => {
    const peer = await startPeer();
    const client = await connect(peer.url);
    assert.equal(client.serverVersion, '9.9.9-peer');
    const params = peer.connects[0] as {
      minProtocol: number;
      maxProtocol: number;
      scopes: string[];
      caps: string[];
      client: { id: string; mode: string; platform: string };
      role: string;
      device: { id: string; publicKey: string; signature: string; signedAt: number; nonce: string };
    };
    assert.equal(params.minProtocol, 4);
    assert.equal(params.maxProtocol, 4);
    assert.deepEqual(params.caps, ['tool-events']);
    assert.ok(['operator.read', 'operator.write', 'operator.admin'].every((scope) => params.scopes.includes(scope)));
    const signed = ['v3', params.device.id, params.client.id, params.client.mode, params.role, params.scopes.join(','), String(params.device.signedAt), 'peer-token', 'nonce-1', 'linux', ''].join('|');
    const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: params.device.publicKey }, format: 'jwk' });
    assert.ok(verify(null, Buffer.from(signed), publicKey, Buffer.from(params.device.signature, 'base64url')), 'the v3 payload signature verifies');
    await client.close();
  });

  it('fails clearly when the gateway grants no scopes (a token without an accepted device)', async () => {
    const peer = await startPeer({ scopes: [] });
    await assert.rejects(connect(peer.url), (error: unknown) => {
      assert.ok(error instanceof GatewayError);
      assert.equal(error.kind, 'auth');
      assert.equal(error.detailsCode, 'MISSING_SCOPE');
      assert.match(error.message, /granted no scopes/);
      return true;
    });
  });

  it('retries refused connections and UNAVAILABLE until the gateway is up', async () => {
    const port = await freeLoopbackPort();
    const late = new Promise<Awaited<ReturnType<typeof startPeer>>>((resolve) => setTimeout(() => resolve(startPeer({ unavailableTimes: 2 }, port)), 800));
    const client = await connect(`ws://127.0.0.1:${port}`);
    const peer = await late;
    assert.equal(peer.connects.length, 3, 'two UNAVAILABLE answers, then hello');
    await client.close();
  });

  it('gives up on an unreachable gateway at the connect timeout', async () => {
    const port = await freeLoopbackPort();
    const started = Date.now();
    await assert.rejects(connect(`ws://127.0.0.1:${port}`, recordingLogger(), 1_500), (error: unknown) => {
      assert.ok(error instanceof GatewayError);
      assert.equal(error.kind, 'unreachable');
      assert.match(error.message, /could not connect to the gateway at ws:\/\/127\.0\.0\.1:\d+ within 2 s/);
      return true;
    });
    assert.ok(Date.now() - started < 5_000);
  });

  it('skips malformed and unknown frames, logs them, and still answers requests', async () => {
    const peer = await startPeer({
      onRequest(socket, frame) {
        socket.send('{not json');
        socket.send(JSON.stringify({ type: 'res', ok: true }));
        socket.send(JSON.stringify({ type: 'telepathy', id: frame.id }));
        socket.send(JSON.stringify({ type: 'event', event: 42 }));
        socket.send(Buffer.from([0xff, 0x00]), { binary: true });
        socket.send(JSON.stringify({ type: 'res', id: frame.id, ok: true, payload: { answer: 'still here' } }));
      },
    });
    const logger = recordingLogger();
    const client = await connect(peer.url, logger);
    assert.deepEqual(await client.request('echo.test', {}), { answer: 'still here' });
    assert.equal(logger.warnings.filter((warning) => warning.startsWith('skipped a')).length, 5, logger.warnings.join('\n'));
    await client.close();
  });

  it('correlates out-of-order answers by id and branches errors on code and details.code', async () => {
    const held: Array<{ socket: WebSocket; id: string; method: string }> = [];
    const peer = await startPeer({
      onRequest(socket, frame) {
        if (frame.method === 'refuse') {
          socket.send(JSON.stringify({ type: 'res', id: frame.id, ok: false, error: { code: 'FORBIDDEN', message: 'words may change', details: { code: 'MISSING_SCOPE' } } }));
          return;
        }
        if (frame.method === 'never') return;
        held.push({ socket, id: frame.id, method: frame.method });
        if (held.length === 2) for (const entry of held.reverse()) entry.socket.send(JSON.stringify({ type: 'res', id: entry.id, ok: true, payload: entry.method }));
      },
    });
    const client = await connect(peer.url);
    const [first, second] = await Promise.all([client.request('first', {}), client.request('second', {})]);
    assert.equal(first, 'first');
    assert.equal(second, 'second');
    await assert.rejects(client.request('refuse', {}), (error: unknown) => error instanceof GatewayError && error.code === 'FORBIDDEN' && error.detailsCode === 'MISSING_SCOPE' && error.kind === 'auth');
    await assert.rejects(client.request('never', {}, { timeoutMs: 300 }), (error: unknown) => error instanceof GatewayError && error.kind === 'timeout');
    await client.close();
  });

  it('fails pending requests with a retryable closed error when the gateway goes away', async () => {
    const peer = await startPeer({ onRequest: (socket) => socket.terminate() });
    const client = await connect(peer.url);
    let closedWith: GatewayError | undefined;
    client.onClose((error) => (closedWith = error));
    await assert.rejects(client.request('crash', {}), (error: unknown) => error instanceof GatewayError && error.kind === 'closed' && error.retryable);
    assert.equal(closedWith?.kind, 'closed');
    assert.equal(client.isOpen, false);
  });
});

describe('frames', () => {
  it('accepts the captured frame shapes and rejects frames without a type, id or event name', () => {
    assert.ok(InboundFrameSchema.safeParse({ type: 'res', id: '1', ok: true, payload: { type: 'hello-ok' } }).success);
    assert.ok(InboundFrameSchema.safeParse({ type: 'event', event: 'tick', payload: {}, seq: 3, stateVersion: { presence: 1 } }).success);
    assert.ok(!InboundFrameSchema.safeParse({ type: 'res', ok: true }).success);
    assert.ok(!InboundFrameSchema.safeParse({ type: 'event' }).success);
    assert.ok(!InboundFrameSchema.safeParse({ type: 'req', id: '1', method: 'x' }).success, 'the gateway never sends requests to an operator');
  });
});

describe('device identity', () => {
  it('is created once in the state dir (0600) and reloaded unchanged', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'clawbench-identity-'));
    const created = await loadOrCreateIdentity(dir);
    const again = await loadOrCreateIdentity(dir);
    assert.equal(again.deviceId, created.deviceId);
    assert.equal(again.publicKey, created.publicKey);
    assert.equal((await stat(path.join(dir, IDENTITY_FILE))).mode & 0o777, 0o600);
    assert.match(created.deviceId, /^[0-9a-f]{64}$/);
    const proof = signDevice(created, { clientId: 'c', clientMode: 'm', role: 'operator', scopes: ['a'], token: 't', platform: 'Linux', deviceFamily: '', nonce: 'n', signedAt: 1 });
    assert.equal(proof.id, created.deviceId);
    assert.ok(!(await readFile(path.join(dir, IDENTITY_FILE), 'utf8')).includes(proof.signature));
  });

  it('refuses a damaged identity file with a message that says how to fix it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'clawbench-identity-'));
    await writeFile(path.join(dir, IDENTITY_FILE), '{"version":1}');
    await assert.rejects(loadOrCreateIdentity(dir), /is not a valid identity file: delete it to create a new one/);
  });
});
