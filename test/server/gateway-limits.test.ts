import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, logLineFor, startGatewayHarness } from './gateway-harness.js';

/** What a raw client saw: everything it was sent, and when (ms after it connected) the server closed. */
interface RawExchange {
  received: string;
  closedAfterMs: number;
}

/** Connects from `localAddress` and resolves once connected. */
function open(url: string, localAddress = '127.0.0.1'): Promise<Socket> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: Number(port), localAddress });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Collects what a socket receives until the server closes it (or `giveUpMs` passes). */
function exchange(socket: Socket, giveUpMs = 5_000): Promise<RawExchange> {
  const started = performance.now();
  let received = '';
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString('latin1');
  });
  socket.on('error', () => {});
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ received, closedAfterMs: Number.POSITIVE_INFINITY });
    }, giveUpMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve({ received, closedAfterMs: performance.now() - started });
    });
  });
}

/** Writes `text` one byte every `everyMs` until the socket closes. */
function trickle(socket: Socket, text: string, everyMs = 40): void {
  let at = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || at >= text.length) clearInterval(timer);
    else socket.write(text[at++]!);
  }, everyMs);
  socket.once('close', () => clearInterval(timer));
}

const limit = 300;
/** The limit, Node's check interval (a tenth of it) and scheduling on a shared machine. */
const withinLimit = limit + 400;

describe('gateway limits: time and size', () => {
  let harness: GatewayHarness;
  beforeAll(async () => {
    harness = await startGatewayHarness({
      server: `  limits: { headersTimeoutMs: ${limit}, bodyTimeoutMs: ${limit}, requestTimeoutMs: ${limit * 3}, headerLimit: 4kb, keepAliveTimeoutMs: ${limit} }`,
    });
  });
  afterAll(() => harness.close());

  const post = (length: number, extra = '') =>
    `POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nauthorization: Bearer gateway-key-for-tests\r\ncontent-type: application/json\r\ncontent-length: ${length}\r\n${extra}\r\n`;

  it('cuts headers that trickle in with 408 and closes the socket within the limit', async () => {
    const socket = await open(harness.url);
    const seen = exchange(socket);
    trickle(socket, post(100));
    const { received, closedAfterMs } = await seen;
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedAfterMs).toBeGreaterThanOrEqual(limit - 20);
    expect(closedAfterMs).toBeLessThan(withinLimit);
  });

  it('cuts a connection that never sends a byte at the header limit', async () => {
    const { received, closedAfterMs } = await exchange(await open(harness.url));
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedAfterMs).toBeLessThan(withinLimit);
  });

  it('cuts a body that trickles in with 408 in the route format, closes the socket and logs 408', async () => {
    const socket = await open(harness.url);
    const seen = exchange(socket);
    socket.write(post(1_000, 'x-request-id: slow-body-1\r\n'));
    trickle(socket, '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"', 40);
    const { received, closedAfterMs } = await seen;
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(received.toLowerCase()).toContain('connection: close');
    expect(received).toContain('"code":"request_timeout"');
    expect(closedAfterMs).toBeGreaterThanOrEqual(limit - 20);
    expect(closedAfterMs).toBeLessThan(withinLimit);
    expect(await logLineFor(harness, 'slow-body-1')).toMatchObject({ status: 408 });
    expect(harness.primary.requests).toHaveLength(0);
  });

  it('cuts the trickling body of a refused request too (the 401 went out; the socket is closed)', async () => {
    const socket = await open(harness.url);
    const seen = exchange(socket);
    socket.write(post(1_000).replace('gateway-key-for-tests', 'wrong'));
    trickle(socket, 'x'.repeat(100), 40);
    const { received, closedAfterMs } = await seen;
    expect(received).toMatch(/^HTTP\/1\.1 401 /);
    expect(closedAfterMs).toBeLessThan(withinLimit);
  });

  it('refuses headers past the size limit with 431', async () => {
    const socket = await open(harness.url);
    const seen = exchange(socket);
    socket.write(post(2, `x-padding: ${'a'.repeat(8 * 1024)}\r\n`));
    socket.write('{}');
    const { received } = await seen;
    expect(received).toMatch(/^HTTP\/1\.1 431 /);
  });

  it('answers a malformed request line 400, as Node does, and counts every cut in /metrics', async () => {
    const socket = await open(harness.url);
    const seen = exchange(socket);
    socket.write('NOT HTTP AT ALL\r\n\r\n');
    expect((await seen).received).toBe('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    const metrics = await (await fetch(`${harness.url}/metrics`)).text();
    const cut = (status: number) =>
      Number(
        new RegExp(`^llmrouter_connections_cut_total\\{status="${status}"\\} (\\d+)`, 'm').exec(metrics)?.[1],
      );
    // The two header cuts (trickled, silent) and the oversized headers earlier in this file, and this
    // one (bytes a client sent on after a cut also parse as malformed requests, as Node counts them).
    expect(cut(408)).toBeGreaterThanOrEqual(2);
    expect(cut(431)).toBeGreaterThanOrEqual(1);
    expect(cut(400)).toBeGreaterThanOrEqual(1);
  });

  it('refuses a body past the size limit with 413', async () => {
    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'a'.repeat(100_000) }],
      }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'request_too_large' } });
  });

  it('closes a keep-alive connection left idle past its timeout (Node adds a second to it)', async () => {
    const socket = await open(harness.url);
    const seen = exchange(socket);
    const started = performance.now();
    socket.write('GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n');
    const { received, closedAfterMs } = await seen;
    expect(received).toMatch(/^HTTP\/1\.1 200 /);
    expect(received.toLowerCase()).toContain('keep-alive');
    expect(closedAfterMs).toBeGreaterThanOrEqual(limit - 20);
    expect(performance.now() - started).toBeLessThan(withinLimit + 1_000);
  });

  it('serves a well-behaved request meanwhile', async () => {
    const answer = await harness.client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(answer.choices[0]?.message.content).toBeTruthy();
  });
});

describe('gateway limits: connections', () => {
  let harness: GatewayHarness;
  beforeAll(async () => {
    harness = await startGatewayHarness({
      server: '  limits: { headersTimeoutMs: 5000, maxConnections: 8, maxConnectionsPerAddress: 3 }',
    });
  });
  afterAll(() => harness.close());

  it('answers a connection past the per-address cap 503 and closes it; other addresses still get in', async () => {
    const held = await Promise.all([1, 2, 3].map(() => open(harness.url, '127.0.0.2')));
    const refused = await exchange(await open(harness.url, '127.0.0.2'));
    expect(refused.received).toMatch(/^HTTP\/1\.1 503 /);
    expect(refused.received).toContain('"code":"too_many_connections"');
    expect(refused.received.toLowerCase()).toContain('retry-after: 1');

    const other = await fetch(`${harness.url}/healthz`);
    expect(other.status).toBe(200);

    const first = held.shift()!;
    const closed = exchange(first);
    first.destroy();
    await closed;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const again = await open(harness.url, '127.0.0.2');
    const answered = exchange(again);
    again.write('GET /healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n');
    expect((await answered).received).toMatch(/^HTTP\/1\.1 200 /);
    for (const socket of held) socket.destroy();
  });

  it('counts open and refused connections in /metrics, and the open gauge falls back when they close', async () => {
    const scrape = async () => {
      const text = await (await fetch(`${harness.url}/metrics`, { headers: { connection: 'close' } })).text();
      const value = (series: string) =>
        Number(new RegExp(`^${series.replace(/[{}]/g, '\\$&')} (\\d+)`, 'm').exec(text)?.[1] ?? Number.NaN);
      return {
        open: value('llmrouter_connections_open'),
        address: value('llmrouter_connections_refused_total{limit="address"}'),
      };
    };
    await new Promise((resolve) => setTimeout(resolve, 50));
    const before = await scrape();
    const held = await Promise.all([1, 2, 3].map(() => open(harness.url, '127.0.0.8')));
    await exchange(await open(harness.url, '127.0.0.8'));
    await exchange(await open(harness.url, '127.0.0.8'));
    const during = await scrape();
    // The scrape's own connection is open while it is answered.
    expect(during.open).toBe(before.open + 3);
    expect(during.address).toBe((Number.isNaN(before.address) ? 0 : before.address) + 2);
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await scrape()).open).toBe(before.open);
  });

  it('answers a connection past the process cap 503', async () => {
    const addresses = ['127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6'];
    const held = await Promise.all(
      addresses.flatMap((address) => [open(harness.url, address), open(harness.url, address)]),
    );
    const refused = await exchange(await open(harness.url, '127.0.0.7'));
    expect(refused.received).toMatch(/^HTTP\/1\.1 503 /);
    expect(refused.received).toContain('as many connections open as it allows');
    for (const socket of held) socket.destroy();
  });
});
