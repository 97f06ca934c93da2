/**
 * Hostile clients against a real gateway on 127.0.0.1, each scenario bounded in time, with a
 * well-behaved client measuring its latency during and after each. Prints a Markdown table.
 *
 *   npx tsx bench/hostile/hostile-clients.ts            # every scenario
 *   npx tsx bench/hostile/hostile-clients.ts burst idle # only those whose name starts so
 *
 * Hostile connections come from 127.0.0.2 and up (all loopback), the well-behaved client from
 * 127.0.0.1, so the per-address cap is seen for what it is. The gateway runs in this process with
 * header and body limits shortened to 2 s and 3 s so the run stays short; every other limit is default.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import { Agent, request } from 'undici';
import { parseConfig } from '../../src/config/parse-config.js';
import { configureHttpPool, sendRequest } from '../../src/http/http-client.js';
import { type RunningGateway, startGateway } from '../../src/server/start-gateway.js';

const key = 'hostile-bench-gateway-key';
const limits = { headersTimeoutMs: 2_000, bodyTimeoutMs: 3_000 };
const wanted = process.argv.slice(2);

/** An OpenAI-shaped upstream: JSON at once, or a stream of 40 parts 100 ms apart. Counts open streams. */
interface Upstream {
  url: string;
  openStreams: number;
  server: Server;
}

function chunk(delta: Record<string, unknown>, finish: string | null): string {
  return `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
}

const completion = JSON.stringify({
  id: 'c',
  object: 'chat.completion',
  created: 0,
  model: 'm',
  choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
});

async function startUpstream(backlog: number): Promise<Upstream> {
  const upstream: Upstream = { url: '', openStreams: 0, server: undefined as unknown as Server };
  upstream.server = createServer((incoming: IncomingMessage, response: ServerResponse) => {
    let body = '';
    incoming.on('data', (data: Buffer) => {
      body += data;
    });
    incoming.on('end', () => {
      if (!body.includes('"stream":true')) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(completion);
        return;
      }
      upstream.openStreams += 1;
      response.once('close', () => {
        upstream.openStreams -= 1;
      });
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(chunk({ role: 'assistant', content: '' }, null));
      let parts = 0;
      const timer = setInterval(() => {
        if (++parts < 40) response.write(chunk({ content: 'x' }, null));
        else {
          clearInterval(timer);
          response.end(`${chunk({}, 'stop')}data: [DONE]\n\n`);
        }
      }, 100);
      response.once('close', () => clearInterval(timer));
    });
  });
  await new Promise<void>((resolve) =>
    upstream.server.listen({ host: '127.0.0.1', port: 0, backlog }, resolve),
  );
  const address = upstream.server.address();
  upstream.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/v1`;
  return upstream;
}

async function startTheGateway(upstreamUrl: string): Promise<RunningGateway> {
  const config = parseConfig(`
providers:
  local: { type: openai, apiKey: sk-upstream-key-0123456789, baseURL: "${upstreamUrl}", models: [m] }
timeout: { totalMs: 10000 }
server:
  keys: ['${key}']
  requestLog: false
  limits: { headersTimeoutMs: ${limits.headersTimeoutMs}, bodyTimeoutMs: ${limits.bodyTimeoutMs} }
`);
  return startGateway({ config, env: {}, host: '127.0.0.1', port: 0, output: { write() {} } });
}

/** The well-behaved client: one non-streaming call every 25 ms over keep-alive, latencies recorded. */
class NormalClient {
  private readonly agent = new Agent({ connections: 4, localAddress: '127.0.0.1' });
  private latencies: number[] = [];
  private failures = 0;
  private running = false;
  private loop: Promise<void> = Promise.resolve();

  constructor(private readonly url: string) {}

  start(): void {
    this.latencies = [];
    this.failures = 0;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        const started = performance.now();
        try {
          const answer = await request(`${this.url}/v1/chat/completions`, {
            method: 'POST',
            dispatcher: this.agent,
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
            signal: AbortSignal.timeout(5_000),
          });
          await answer.body.text();
          if (answer.statusCode === 200) this.latencies.push(performance.now() - started);
          else this.failures += 1;
        } catch {
          this.failures += 1;
        }
        await sleep(25);
      }
    })();
  }

  async stop(): Promise<string> {
    this.running = false;
    await this.loop;
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const at = (q: number) =>
      sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : Number.NaN;
    return `${sorted.length} ok, ${this.failures} failed; p50 ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms`;
  }
}

/** A raw socket from `localAddress`; resolves when connected, or with the error. */
function open(port: number, localAddress: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

interface Seen {
  status: string;
  closedAfterMs: number;
}

/** The status line a socket received first, and when it closed (ms after `since`). */
function watch(socket: Socket, since = performance.now()): Promise<Seen> {
  let received = '';
  socket.on('data', (data: Buffer) => {
    if (received.length < 64) received += data.toString('latin1');
  });
  socket.on('error', () => {});
  return new Promise((resolve) =>
    socket.once('close', () =>
      resolve({
        status: /^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 'none',
        closedAfterMs: performance.now() - since,
      }),
    ),
  );
}

function trickle(socket: Socket, text: string, everyMs: number): void {
  let at = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || at >= text.length) clearInterval(timer);
    else socket.write(text[at++]!);
  }, everyMs);
  socket.once('close', () => clearInterval(timer));
}

function tally(seen: Seen[]): string {
  const counts = new Map<string, number>();
  for (const one of seen) counts.set(one.status, (counts.get(one.status) ?? 0) + 1);
  const times = seen.map((one) => one.closedAfterMs).sort((a, b) => a - b);
  const statuses = [...counts].map(([status, count]) => `${count}× ${status}`).join(', ');
  return `${statuses}; closed after ${(times[0]! / 1000).toFixed(2)}–${(times.at(-1)! / 1000).toFixed(2)} s`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const post = (length: number) =>
  `POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${key}\r\ncontent-type: application/json\r\ncontent-length: ${length}\r\n\r\n`;

/** Spreads `count` sockets over 127.0.0.2, .3, ... with at most `perAddress` on each. */
const hostileAddress = (index: number, perAddress = 900) => `127.0.0.${2 + Math.floor(index / perAddress)}`;

interface Scenario {
  name: string;
  expected: string;
  run(gateway: RunningGateway, upstream: Upstream): Promise<string>;
}

const scenarios: Scenario[] = [
  {
    name: 'slow body (200 sockets, 1 byte / 500 ms)',
    expected: `408 at the body limit (${limits.bodyTimeoutMs / 1000} s), socket closed`,
    async run(gateway) {
      const sockets = await Promise.all(
        Array.from({ length: 200 }, (_, i) => open(gateway.port, hostileAddress(i))),
      );
      const seen = sockets.map((socket) => watch(socket));
      for (const socket of sockets) {
        socket.write(post(10_000));
        trickle(socket, `{"model":"m","messages":[{"role":"user","content":"${'x'.repeat(9_000)}`, 500);
      }
      return tally(await Promise.all(seen));
    },
  },
  {
    name: 'slow headers (200 sockets, 1 byte / 500 ms)',
    expected: `408 at the header limit (${limits.headersTimeoutMs / 1000} s), socket closed`,
    async run(gateway) {
      const sockets = await Promise.all(
        Array.from({ length: 200 }, (_, i) => open(gateway.port, hostileAddress(i))),
      );
      const seen = sockets.map((socket) => watch(socket));
      for (const socket of sockets) trickle(socket, post(100), 500);
      return tally(await Promise.all(seen));
    },
  },
  {
    name: '64 KB headers (500 requests)',
    expected: '431, socket closed',
    async run(gateway) {
      const seen: Seen[] = [];
      for (let batch = 0; batch < 5; batch++) {
        const sockets = await Promise.all(
          Array.from({ length: 100 }, (_, i) => open(gateway.port, hostileAddress(i))),
        );
        const watched = sockets.map((socket) => watch(socket));
        for (const socket of sockets)
          socket.write(`GET /v1/models HTTP/1.1\r\nhost: x\r\nx-pad: ${'a'.repeat(64 * 1024)}\r\n\r\n`);
        seen.push(...(await Promise.all(watched)));
      }
      return tally(seen);
    },
  },
  {
    name: '10,000 idle connections (all from 127.0.0.2)',
    expected:
      '1,000 held (per-address cap), 9,000 answered 503 at once; the held ones 408 at the header limit',
    async run(gateway) {
      const seen: Array<Promise<Seen>> = [];
      const started = performance.now();
      let failedToConnect = 0;
      for (let batch = 0; batch < 20; batch++) {
        const sockets = await Promise.allSettled(
          Array.from({ length: 500 }, () => open(gateway.port, '127.0.0.2')),
        );
        for (const socket of sockets) {
          if (socket.status === 'fulfilled') seen.push(watch(socket.value, started));
          else failedToConnect += 1;
        }
      }
      const all = await Promise.all(seen);
      return `${tally(all)}${failedToConnect ? `; ${failedToConnect} could not connect` : ''}`;
    },
  },
  {
    name: '2,000 unauthenticated requests (100 at a time)',
    expected: '401 for each, nothing routed',
    async run(gateway, upstream) {
      const agent = new Agent({ connections: 100, localAddress: '127.0.0.2' });
      const before = upstream.server.listenerCount('request');
      const counts = new Map<number, number>();
      const started = performance.now();
      for (let batch = 0; batch < 20; batch++) {
        await Promise.all(
          Array.from({ length: 100 }, async () => {
            const answer = await request(`${gateway.url}/v1/chat/completions`, {
              method: 'POST',
              dispatcher: agent,
              headers: { authorization: 'Bearer wrong', 'content-type': 'application/json' },
              body: '{"model":"m","messages":[]}',
            });
            await answer.body.dump();
            counts.set(answer.statusCode, (counts.get(answer.statusCode) ?? 0) + 1);
          }),
        );
      }
      await agent.close();
      void before;
      return `${[...counts].map(([status, count]) => `${count}× ${status}`).join(', ')} in ${((performance.now() - started) / 1000).toFixed(2)} s`;
    },
  },
  {
    name: 'disconnect storm: 500 streams, clients leave after the first frame',
    expected: 'every upstream stream closed at once, gateway in flight back to 0',
    async run(gateway, upstream) {
      const sockets = await Promise.all(
        Array.from({ length: 500 }, (_, i) => open(gateway.port, hostileAddress(i, 400))),
      );
      const body = JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: 'hi' }] });
      await Promise.all(
        sockets.map(
          (socket) =>
            new Promise<void>((resolve) => {
              socket.once('data', () => resolve());
              socket.once('close', () => resolve());
              socket.write(`${post(Buffer.byteLength(body))}${body}`);
            }),
        ),
      );
      const peak = upstream.openStreams;
      const left = performance.now();
      for (const socket of sockets) socket.destroy();
      while ((upstream.openStreams > 0 || gateway.gateway.inFlight > 0) && performance.now() - left < 5_000)
        await sleep(5);
      return `${peak} upstream streams open; after the storm ${upstream.openStreams} open and ${gateway.gateway.inFlight} in flight, ${(performance.now() - left).toFixed(0)} ms after the clients left`;
    },
  },
];

/**
 * The burst goes straight through the shared pool (as the router's adapters send), 2,000 calls at once
 * to an upstream with a listen backlog of 128, each with a deadline of `burstDeadlineMs`, with and without the cap.
 * Through the gateway in this same process the clients cannot start 2,000 calls at once.
 */
const burstDeadlineMs = 5_000;

async function burst(maxConnectsPerOrigin: number): Promise<string> {
  configureHttpPool({ maxConnectsPerOrigin });
  const upstream = await startUpstream(128);
  let connects = 0;
  upstream.server.on('connection', () => {
    connects += 1;
  });
  const counts = new Map<string, number>();
  const started = performance.now();
  const times: number[] = [];
  const body = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
  await Promise.all(
    Array.from({ length: 2_000 }, async () => {
      const callStarted = performance.now();
      let outcome: string;
      try {
        const answer = await sendRequest({
          url: `${upstream.url}/chat/completions`,
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(burstDeadlineMs),
        });
        await answer.text();
        outcome = String(answer.status);
        times.push(performance.now() - callStarted);
      } catch (error) {
        outcome = (error as Error).name;
      }
      counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
    }),
  );
  const elapsed = performance.now() - started;
  times.sort((a, b) => a - b);
  upstream.server.closeAllConnections();
  upstream.server.close();
  const p99 = times.length
    ? `, p99 of successes ${times[Math.floor(times.length * 0.99)]!.toFixed(0)} ms`
    : '';
  return `${[...counts].map(([status, count]) => `${count}× ${status}`).join(', ')}; ${connects} upstream connections; done in ${(elapsed / 1000).toFixed(2)} s${p99}`;
}

async function main(): Promise<void> {
  const rows: string[] = [
    '| hostile client | expected | measured | normal client during | normal client after (1 s) |',
    '| --- | --- | --- | --- | --- |',
  ];
  const pick = (name: string) =>
    wanted.length === 0 || wanted.some((word) => name.toLowerCase().includes(word));
  const upstream = await startUpstream(4096);
  const gateway = await startTheGateway(upstream.url);
  const normal = new NormalClient(gateway.url);
  for (const scenario of scenarios.filter((one) => pick(one.name))) {
    normal.start();
    const measured = await scenario.run(gateway, upstream);
    const during = await normal.stop();
    normal.start();
    await sleep(1_000);
    const after = await normal.stop();
    rows.push(`| ${scenario.name} | ${scenario.expected} | ${measured} | ${during} | ${after} |`);
    console.error(`done: ${scenario.name}`);
  }
  await gateway.shutdown(0);
  upstream.server.closeAllConnections();
  upstream.server.close();
  if (pick('burst')) {
    for (const cap of [32, 128, 0]) {
      const measured = await burst(cap);
      rows.push(
        `| burst of 2,000 calls at once (${burstDeadlineMs / 1000} s deadline each), upstream backlog 128, pool connect cap ${cap === 0 ? 'off' : cap} | ${cap === 0 ? 'connects overflow the backlog; dropped SYNs retried after 1 s, past the deadline' : `all 200: connects ${cap} at a time`} | ${measured} | (the pool alone, no gateway) | |`,
      );
      console.error(`done: burst, cap ${cap}`);
    }
  }
  console.log(rows.join('\n'));
  process.exit(0);
}

void main();
