import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRouter, responseCache } from '../../src/index.js';
import { openai } from '../../src/providers/index.js';
import { createGateway, createGatewayObservers, RequestLog } from '../../src/server/index.js';
import {
  type FakeProviderServer,
  type FakeUpstream,
  faults,
  startFakeProviderServer,
} from '../../src/testing/fake-server/index.js';

// A real gateway (its listener on a real port) in front of a router with a response cache, against the
// fake provider server: what the client sees in the headers, what reaches the upstream, what /metrics counts.
let fake: FakeProviderServer;
let upstream: FakeUpstream;
let server: Server;
let url: string;
let client: OpenAI;
const cache = responseCache({ ttlMs: 60_000 });

beforeAll(async () => {
  fake = await startFakeProviderServer();
  upstream = fake.upstream('primary');
  const observers = createGatewayObservers();
  const router = createRouter({
    providers: {
      openai: openai({
        apiKey: 'sk-cache-test-0123456789',
        baseURL: upstream.baseURL('openai'),
        models: ['m'],
      }),
    },
    middleware: [cache],
    hooks: observers.hooks,
    instrumentation: observers.instrumentation,
  });
  const gateway = createGateway({
    router,
    observers,
    log: new RequestLog({ write() {} }, false),
    keys: [],
    bodyLimitBytes: 1 << 20,
    models: [{ id: 'm', ownedBy: 'openai' }],
    responseCache: cache,
  });
  server = createServer(gateway.listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client = new OpenAI({ apiKey: 'unused', baseURL: `${url}/v1`, maxRetries: 0 });
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await fake.close();
});
beforeEach(() => upstream.reset());

let question = 0;
/** A question no earlier test asked, so each test starts with an empty cache entry. */
const fresh = () => [{ role: 'user' as const, content: `Question ${++question}: what is 2 + 2?` }];

async function cacheCounts(): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const counts: Record<string, number> = {};
  for (const match of text.matchAll(/^llmrouter_cache_requests_total\{model="m",result="(\w+)"\} (\d+)$/gm)) {
    counts[match[1]!] = Number(match[2]);
  }
  return counts;
}

describe('gateway with a response cache', () => {
  it('chat completions: a repeated call is a hit with no upstream call, and /metrics counts both', async () => {
    const before = await cacheCounts();
    const messages = fresh();
    upstream.enqueue(faults.reply({ text: 'Four.' }));
    const first = await client.chat.completions.create({ model: 'm', messages }).withResponse();
    const second = await client.chat.completions.create({ model: 'm', messages }).withResponse();

    expect(upstream.requests).toHaveLength(1);
    expect(first.response.headers.get('x-llmrouter-cache')).toBe('miss');
    expect(second.response.headers.get('x-llmrouter-cache')).toBe('hit');
    expect(second.response.headers.get('x-llmrouter-attempts')).toBe('0');
    expect(second.data.choices[0]!.message.content).toBe('Four.');
    const after = await cacheCounts();
    expect((after.hit ?? 0) - (before.hit ?? 0)).toBe(1);
    expect((after.miss ?? 0) - (before.miss ?? 0)).toBe(1);
  });

  it('chat completions streamed: the repeat is replayed from the cache, marked hit', async () => {
    const messages = fresh();
    upstream.enqueue(faults.reply({ text: 'Two plus two is four.' }));
    const read = async () => {
      const { data, response } = await client.chat.completions
        .create({ model: 'm', messages, stream: true })
        .withResponse();
      let text = '';
      for await (const chunk of data) text += chunk.choices[0]?.delta.content ?? '';
      return { text, cache: response.headers.get('x-llmrouter-cache') };
    };
    expect(await read()).toEqual({ text: 'Two plus two is four.', cache: 'miss' });
    expect(await read()).toEqual({ text: 'Two plus two is four.', cache: 'hit' });
    expect(upstream.requests).toHaveLength(1);
  });

  it('messages and responses surfaces mark hits too, sharing entries across surfaces', async () => {
    const content = fresh()[0]!.content;
    upstream.enqueue(faults.reply({ text: 'Four.' }));
    const messages = () =>
      fetch(`${url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'm', max_tokens: 50, messages: [{ role: 'user', content }] }),
      });

    const firstMessage = await messages();
    const secondMessage = await messages();
    expect(firstMessage.headers.get('x-llmrouter-cache')).toBe('miss');
    expect(secondMessage.headers.get('x-llmrouter-cache')).toBe('hit');
    expect(((await secondMessage.json()) as { content: unknown }).content).toEqual([
      { type: 'text', text: 'Four.' },
    ]);
    // The same router request read from the Responses surface: the key is the request, not its wire shape.
    const response = await client.responses
      .create({ model: 'm', input: content, max_output_tokens: 50 })
      .withResponse();
    expect(response.response.headers.get('x-llmrouter-cache')).toBe('hit');
    expect(response.data.output_text).toBe('Four.');
    expect(upstream.requests).toHaveLength(1);
  });

  it('Cache-Control: no-cache skips the read and stores the fresh answer; the provider never sees the header', async () => {
    const messages = fresh();
    upstream.enqueue(faults.reply({ text: 'Old.' }), faults.reply({ text: 'New.' }));
    await client.chat.completions.create({ model: 'm', messages });
    const refreshed = await client.chat.completions
      .create({ model: 'm', messages }, { headers: { 'Cache-Control': 'no-cache' } })
      .withResponse();
    const after = await client.chat.completions.create({ model: 'm', messages }).withResponse();

    expect(refreshed.response.headers.get('x-llmrouter-cache')).toBe('miss');
    expect(refreshed.data.choices[0]!.message.content).toBe('New.');
    expect(after.response.headers.get('x-llmrouter-cache')).toBe('hit');
    expect(after.data.choices[0]!.message.content).toBe('New.');
    expect(upstream.requests).toHaveLength(2);
    for (const sent of upstream.requests) expect(sent.headers['cache-control']).toBeUndefined();
  });

  it('Cache-Control: no-store neither reads nor writes, and says bypass', async () => {
    const before = await cacheCounts();
    const messages = fresh();
    upstream.enqueue(faults.reply({ text: 'Cached.' }), faults.reply({ text: 'Private.' }));
    await client.chat.completions.create({ model: 'm', messages });
    const bypassed = await client.chat.completions
      .create({ model: 'm', messages }, { headers: { 'Cache-Control': 'no-store' } })
      .withResponse();
    const after = await client.chat.completions.create({ model: 'm', messages }).withResponse();

    expect(bypassed.response.headers.get('x-llmrouter-cache')).toBe('bypass');
    expect(bypassed.data.choices[0]!.message.content).toBe('Private.');
    // The bypassed answer was not stored over the cached one.
    expect(after.response.headers.get('x-llmrouter-cache')).toBe('hit');
    expect(after.data.choices[0]!.message.content).toBe('Cached.');
    expect(upstream.requests).toHaveLength(2);
    const counts = await cacheCounts();
    expect((counts.bypass ?? 0) - (before.bypass ?? 0)).toBe(1);
  });

  it('a failed call is a miss, in the error response headers as well', async () => {
    upstream.enqueue(faults.badRequest());
    const response = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', messages: fresh() }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-llmrouter-cache')).toBe('miss');
  });
});
