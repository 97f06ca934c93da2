import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { localTls } from '../../test/helpers/tls-server.js';
import { configureHttpPool, sendRequest } from './http-client.js';

/**
 * An HTTPS upstream whose TLS handshakes start only `delayMs` after the TCP connection: a connection
 * attempt is in flight from its SYN until then, and the gate counts how many are in flight at once.
 */
interface SlowHandshakeUpstream {
  url: string;
  accepted: number;
  maxInFlight: number;
  close(): Promise<void>;
}

async function startSlowHandshakeUpstream(delayMs: number): Promise<SlowHandshakeUpstream> {
  const https = createHttpsServer(localTls, (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"ok":true}');
  });
  const sockets = new Set<Socket>();
  let inFlight = 0;
  const upstream: SlowHandshakeUpstream = { url: '', accepted: 0, maxInFlight: 0, close: async () => {} };
  const gate: Server = createNetServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    upstream.accepted += 1;
    inFlight += 1;
    upstream.maxInFlight = Math.max(upstream.maxInFlight, inFlight);
    setTimeout(() => {
      inFlight -= 1;
      https.emit('connection', socket);
    }, delayMs);
  });
  await new Promise<void>((resolve) => gate.listen(0, '127.0.0.1', resolve));
  const address = gate.address();
  upstream.url = `https://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/v1/x`;
  upstream.close = () =>
    new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      gate.close(() => resolve());
    });
  return upstream;
}

async function call(url: string, signal?: AbortSignal): Promise<number> {
  const response = await sendRequest({ url, method: 'GET', headers: {}, signal });
  await response.discard();
  return response.status;
}

describe('the pool caps connection attempts per origin', () => {
  let upstream: SlowHandshakeUpstream;
  beforeAll(() => configureHttpPool({ ca: localTls.cert }));
  afterEach(() => upstream.close());
  afterAll(() => configureHttpPool({}));

  it('a burst of 20 calls opens 20 connections, at most 4 attempts at a time', async () => {
    upstream = await startSlowHandshakeUpstream(30);
    configureHttpPool({ maxConnectsPerOrigin: 4, ca: localTls.cert });
    const statuses = await Promise.all(Array.from({ length: 20 }, () => call(upstream.url)));
    expect(statuses).toEqual(Array(20).fill(200));
    expect(upstream.accepted).toBe(20);
    expect(upstream.maxInFlight).toBeLessThanOrEqual(4);
    expect(upstream.maxInFlight).toBeGreaterThanOrEqual(2);
  });

  it('without the cap the same burst sends every attempt at once', async () => {
    upstream = await startSlowHandshakeUpstream(30);
    configureHttpPool({ maxConnectsPerOrigin: 0, ca: localTls.cert });
    await Promise.all(Array.from({ length: 20 }, () => call(upstream.url)));
    expect(upstream.maxInFlight).toBeGreaterThan(10);
  });

  it('the wait for a turn counts against the call deadline', async () => {
    upstream = await startSlowHandshakeUpstream(100);
    configureHttpPool({ maxConnectsPerOrigin: 1, ca: localTls.cert });
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () =>
        call(upstream.url, AbortSignal.timeout(1_000)).then(
          (status) => String(status),
          (error: Error) => error.name,
        ),
      ),
    );
    // One attempt at a time, 100 ms each: at most ten connect within the second, the rest time out waiting.
    expect(outcomes.filter((outcome) => outcome === '200').length).toBeGreaterThanOrEqual(1);
    expect(outcomes.filter((outcome) => outcome === '200').length).toBeLessThanOrEqual(10);
    expect(outcomes.filter((outcome) => outcome !== '200').every((name) => /Abort|Timeout/.test(name))).toBe(
      true,
    );
  });
});
