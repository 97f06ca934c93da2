import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRouter } from '../router/create-router.js';
import { createMemoryResponseCacheStore } from '../state/memory-response-cache-store.js';
import { MockProvider } from '../testing/mock-provider.js';
import type { CompletionRequest } from '../types/request.js';
import { responseCache } from './response-cache.js';
import { responseCacheKey } from './response-cache-key.js';

const request: CompletionRequest = {
  model: 'm',
  messages: [
    { role: 'system', content: 'You answer briefly.' },
    { role: 'user', content: 'What is the capital of France?' },
  ],
  temperature: 0,
  maxTokens: 100,
};

const key = (value: CompletionRequest, provider = 'openai') =>
  responseCacheKey({ provider, request: value, mode: 'complete' });

describe('responseCacheKey', () => {
  it('ignores key order, undefined fields and user, and nothing that shapes the answer', () => {
    const tools = [{ name: 'look', parameters: { type: 'object', properties: { a: {}, b: {} } } }];
    const reordered = [{ parameters: { properties: { b: {}, a: {} }, type: 'object' }, name: 'look' }];
    expect(key({ ...request, tools } as CompletionRequest)).toBe(
      key({ ...request, tools: reordered, user: 'u1', seed: undefined } as CompletionRequest),
    );
    const variants: Partial<CompletionRequest>[] = [
      { temperature: 0.5 },
      { topP: 0.9 },
      { topK: 3 },
      { maxTokens: 101 },
      { stop: ['.'] },
      { seed: 1 },
      { presencePenalty: 0.1 },
      { frequencyPenalty: 0.1 },
      { reasoning: { effort: 'low' } },
      { toolChoice: 'none' },
      { responseFormat: { type: 'json' } },
      { providerOptions: { openai: { logprobs: true } } },
      { model: 'other' },
      { messages: [{ role: 'user', content: 'What is the capital of Spain?' }] },
    ];
    const keys = new Set([key(request), ...variants.map((variant) => key({ ...request, ...variant }))]);
    expect(keys.size).toBe(variants.length + 1);
    expect(key(request, 'anthropic')).not.toBe(key(request));
    expect(responseCacheKey({ provider: 'openai', request, mode: 'stream' })).not.toBe(key(request));
  });

  it('costs a few microseconds for a two-message request', () => {
    for (let index = 0; index < 2_000; index++) key(request);
    const runs = 20_000;
    const started = performance.now();
    for (let index = 0; index < runs; index++) key(request);
    const microseconds = ((performance.now() - started) * 1_000) / runs;
    console.log(`response cache key: ${microseconds.toFixed(2)} µs per two-message request`);
    // Generous for a loaded machine; the figure is printed above.
    expect(microseconds).toBeLessThan(200);
  });
});

describe('responseCache TTL', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('serves an answer until its TTL, then calls again; ttlByModel overrides ttlMs', async () => {
    vi.useFakeTimers();
    const provider = new MockProvider({ name: 'mock', models: ['m', 'short'] });
    const cache = responseCache({
      ttlMs: 60_000,
      ttlByModel: { short: 1_000 },
      store: createMemoryResponseCacheStore({ maxEntries: 10 }),
    });
    const router = createRouter({ providers: { mock: provider }, middleware: [cache] });
    await router.complete(request);
    await router.complete({ ...request, model: 'short' });
    await vi.advanceTimersByTimeAsync(59_000);
    expect((await router.complete(request)).cached).toBe(true);
    expect((await router.complete({ ...request, model: 'short' })).cached).toBeUndefined();
    expect(provider.calls).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1_001);
    expect((await router.complete(request)).cached).toBeUndefined();
    expect(provider.calls).toHaveLength(4);
  });

  it('evicts the least recently used entry beyond maxEntries', async () => {
    const provider = new MockProvider({ name: 'mock', models: ['m'] });
    const cache = responseCache({ ttlMs: 60_000, store: createMemoryResponseCacheStore({ maxEntries: 2 }) });
    const router = createRouter({ providers: { mock: provider }, middleware: [cache] });
    for (const temperature of [0, 0.1, 0.2]) await router.complete({ ...request, temperature });
    expect((await router.complete({ ...request, temperature: 0.2 })).cached).toBe(true);
    expect((await router.complete({ ...request, temperature: 0 })).cached).toBeUndefined();
    expect(provider.calls).toHaveLength(4);
  });

  it('takes a store that rejects as a miss, and the call succeeds', async () => {
    const provider = new MockProvider({ name: 'mock', models: ['m'] });
    const broken = {
      get: () => Promise.reject(new Error('down')),
      set: () => Promise.reject(new Error('down')),
    };
    const cache = responseCache({ ttlMs: 60_000, store: broken });
    const router = createRouter({ providers: { mock: provider }, middleware: [cache] });
    expect((await router.complete(request)).text).toBe('Hello from mock');
    expect((await router.complete(request)).cached).toBeUndefined();
    expect(provider.calls).toHaveLength(2);
    expect(cache.stats()).toEqual({ hits: 0, misses: 2, stores: 0 });
  });
});
