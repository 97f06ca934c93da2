import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRouter, RouterError, responseCache } from '../../src/index.js';
import { anthropic, openai } from '../../src/providers/index.js';
import {
  type FakeProviderServer,
  faults,
  startFakeProviderServer,
} from '../../src/testing/fake-server/index.js';
import type { CompletionRequest, StreamPart } from '../../src/types/index.js';

// The response cache in front of real adapters, counting what reaches a real local provider server.
let server: FakeProviderServer;
beforeAll(async () => {
  server = await startFakeProviderServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.upstream('primary').reset();
});

const request: CompletionRequest = {
  model: 'm',
  messages: [
    { role: 'system', content: 'You answer briefly.' },
    { role: 'user', content: 'What is the capital of France?' },
  ],
  temperature: 0,
};

const upstreamCalls = () => server.upstream('primary').requests.length;

function cachedRouter(cache = responseCache({ ttlMs: 60_000 }), format: 'openai' | 'anthropic' = 'openai') {
  const settings = {
    apiKey: 'primary-key-0123456789',
    baseURL: server.upstream('primary').baseURL(format),
    name: 'primary',
    models: ['m'],
  };
  const provider = format === 'openai' ? openai(settings) : anthropic(settings);
  return { cache, router: createRouter({ providers: { primary: provider }, middleware: [cache] }) };
}

async function collect(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const received: StreamPart[] = [];
  for await (const part of parts) received.push(part);
  return received;
}

describe('responseCache with real adapters', () => {
  it('serves a repeated call without an upstream call, marked cached with no attempt in the trail', async () => {
    const { cache, router } = cachedRouter();
    server.upstream('primary').enqueue(faults.reply({ text: 'Paris.' }));
    const first = await router.complete(request);
    const second = await router.complete({ ...request, user: 'someone-else' });
    expect(upstreamCalls()).toBe(1);
    expect(first.cached).toBeUndefined();
    expect(first.trail).toHaveLength(1);
    expect(second.cached).toBe(true);
    expect(second.trail).toEqual([]);
    expect(second.text).toBe('Paris.');
    expect(second.provider).toBe('primary');
    expect({ ...second, cached: undefined, trail: first.trail }).toEqual({ ...first, cached: undefined });
    expect(cache.stats()).toEqual({ hits: 1, misses: 1, stores: 1 });
  });

  it.each(['openai', 'anthropic'] as const)(
    'replays a repeated %s stream with the same parts',
    async (format) => {
      const { cache, router } = cachedRouter(undefined, format);
      server.upstream('primary').enqueue(faults.reply({ text: 'Paris is the capital.' }));
      const first = router.stream(request);
      const firstParts = await collect(first);
      const second = router.stream(request);
      const secondParts = await collect(second);
      expect(upstreamCalls()).toBe(1);
      // The same parts, the finish part marked as replayed so the final response can say so.
      expect(secondParts.slice(0, -1)).toEqual(firstParts.slice(0, -1));
      expect(secondParts.at(-1)).toEqual({ ...firstParts.at(-1), cached: true });
      expect(secondParts.filter((part) => part.type === 'text-delta').length).toBeGreaterThan(1);
      expect((await second.response).text).toBe('Paris is the capital.');
      expect((await second.response).cached).toBe(true);
      expect((await first.response).cached).toBeUndefined();
      expect(second.trail).toEqual([]);
      expect(first.trail).toHaveLength(1);
      expect(cache.stats()).toEqual({ hits: 1, misses: 1, stores: 1 });
    },
  );

  it('misses on a different temperature', async () => {
    const { cache, router } = cachedRouter();
    await router.complete(request);
    const warmer = await router.complete({ ...request, temperature: 0.7 });
    expect(warmer.cached).toBeUndefined();
    expect(upstreamCalls()).toBe(2);
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 2 });
  });

  it('never caches an interrupted stream', async () => {
    const { cache, router } = cachedRouter();
    server.upstream('primary').enqueue(faults.resetAfter(3), faults.reply({ text: 'whole answer' }));
    const broken = await collect(router.stream(request)).catch((error: unknown) => error);
    expect(RouterError.isInstance(broken)).toBe(true);
    const whole = router.stream(request);
    await collect(whole);
    expect(upstreamCalls()).toBe(2);
    expect((await whole.response).text).toBe('whole answer');
    expect(cache.stats()).toMatchObject({ hits: 0, stores: 1 });
  });

  it('never caches a stream its reader abandoned before the finish part', async () => {
    const { cache, router } = cachedRouter();
    for await (const part of router.stream(request)) {
      if (part.type === 'text-delta') break;
    }
    await collect(router.stream(request));
    expect(upstreamCalls()).toBe(2);
    expect(cache.stats()).toMatchObject({ hits: 0, stores: 1 });
  });

  it('does not cache an answer cut by the length limit unless cacheLengthCut', async () => {
    server.upstream('primary').setDefault(faults.reply({ text: 'Paris is', finishReason: 'length' }));
    const plain = cachedRouter();
    await plain.router.complete(request);
    await collect(plain.router.stream(request));
    await plain.router.complete(request);
    await collect(plain.router.stream(request));
    expect(upstreamCalls()).toBe(4);
    expect(plain.cache.stats()).toEqual({ hits: 0, misses: 4, stores: 0 });

    const told = cachedRouter(responseCache({ ttlMs: 60_000, cacheLengthCut: true }));
    await told.router.complete(request);
    const again = await told.router.complete(request);
    expect(again.cached).toBe(true);
    expect(again.finishReason.unified).toBe('length');
    expect(upstreamCalls()).toBe(5);
  });

  it('bypasses on cache-control: no-store, and refreshes on no-cache', async () => {
    const { cache, router } = cachedRouter();
    server
      .upstream('primary')
      .enqueue(
        faults.reply({ text: 'one' }),
        faults.reply({ text: 'two' }),
        faults.reply({ text: 'three' }),
        faults.reply({ text: 'four' }),
      );
    const noStore = { headers: { 'Cache-Control': 'no-store' } };
    expect((await router.complete(request, noStore)).text).toBe('one');
    // Nothing was written by the no-store call: this one goes upstream and is stored.
    expect((await router.complete(request)).text).toBe('two');
    // Nothing is read by a no-store call either.
    expect((await router.complete(request, noStore)).text).toBe('three');
    expect(upstreamCalls()).toBe(3);
    // no-cache skips the read but stores the fresh answer, which the next call gets.
    expect((await router.complete(request, { headers: { 'cache-control': 'no-cache' } })).text).toBe('four');
    const next = await router.complete(request);
    expect(next.text).toBe('four');
    expect(next.cached).toBe(true);
    expect(upstreamCalls()).toBe(4);
    expect(cache.stats()).toEqual({ hits: 1, misses: 2, stores: 2 });
  });
});
