import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ConfigurationError,
  circuitBreaker,
  createRouter,
  GroupOnHoldError,
  type PriceLookup,
  retry,
} from '../src/index.js';
import { priceTable } from '../src/telemetry/pricing/index.js';
import { MockProvider, type MockStep, mockStep } from '../src/testing/index.js';

const messages = [{ role: 'user' as const, content: 'Hi' }];
const request = { model: 'chat', messages };

function member(name: string, step: () => MockStep = () => mockStep.reply(`from ${name}`)): MockProvider {
  return new MockProvider({ name, models: ['chat-model'], fallback: step });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('weighted', () => {
  it('sends exactly 3 of every 4 calls to the member weighted 3, and nothing to one whose breaker is open', async () => {
    const a = member('a');
    const b = member('b');
    const c = member('c', () => mockStep.error({ status: 500 }));
    const breaker = circuitBreaker({ failureThreshold: 3, cooldownMs: 600_000 });
    const router = createRouter({
      providers: { a, b, c },
      groups: {
        chat: {
          strategy: 'weighted',
          members: [
            { provider: 'a', weight: 3 },
            { provider: 'b', weight: 1 },
            { provider: 'c', weight: 2 },
          ],
        },
      },
      middleware: [breaker],
    });
    // c fails until its breaker opens; each of its failures moves the call on to another member.
    while (breaker.state({ provider: 'c' }) !== 'open') await router.complete(request);
    expect(breaker.state({ provider: 'a' })).toBe('closed');
    const before = { a: a.calls.length, b: b.calls.length, c: c.calls.length };
    for (let index = 0; index < 4_000; index++) await router.complete(request);
    expect(a.calls.length - before.a).toBe(3_000);
    expect(b.calls.length - before.b).toBe(1_000);
    expect(c.calls.length - before.c).toBe(0);
    const group = router.explain('chat').group!;
    expect(group.members.find((figures) => figures.member === 'c')?.heldFor).toBe('circuit_open');
    expect(group.order).toEqual(expect.not.arrayContaining(['c']));
  });

  it('interleaves 3:1 exactly from the first call', async () => {
    const router = createRouter({
      providers: { a: member('a'), b: member('b') },
      groups: {
        chat: {
          strategy: 'weighted',
          members: [
            { provider: 'a', weight: 3 },
            { provider: 'b', weight: 1 },
          ],
        },
      },
    });
    const served: string[] = [];
    for (let index = 0; index < 8; index++) served.push((await router.complete(request)).trail[0]!.member!);
    expect(served.filter((name) => name === 'a')).toHaveLength(6);
    expect(served.slice(0, 4).filter((name) => name === 'b')).toHaveLength(1);
  });
});

describe('least-busy', () => {
  it('sends a member slowed to 200 ms under a quarter of 1,000 calls sent 20 at a time', async () => {
    vi.useFakeTimers();
    const fast = member('fast', () => mockStep.reply('fast', { delayMs: 10 }));
    const slow = member('slow', () => mockStep.reply('slow', { delayMs: 200 }));
    const router = createRouter({
      providers: { fast, slow },
      groups: { chat: { strategy: 'least-busy', members: [{ provider: 'slow' }, { provider: 'fast' }] } },
    });
    let sent = 0;
    let finished = 0;
    const worker = async () => {
      while (sent < 1_000) {
        sent++;
        await router.complete(request);
        finished++;
      }
    };
    const workers = Array.from({ length: 20 }, worker);
    while (finished < 1_000) await vi.advanceTimersByTimeAsync(5);
    await Promise.all(workers);
    expect(fast.calls.length + slow.calls.length).toBe(1_000);
    expect(slow.calls.length).toBeLessThan(250);
    expect(slow.calls.length).toBeGreaterThan(0);
  });
});

/** A `latency` group of a fast and a slow member, the slow one listed first; `delays` is read on every call. */
function latencyPair(
  delays: { fast: number; slow: number },
  latency: { minSamples: number; exploration: number },
) {
  const fast = member('fast', () => mockStep.reply('a b c', { delayMs: delays.fast }));
  const slow = member('slow', () => mockStep.reply('a b c', { delayMs: delays.slow }));
  const router = createRouter({
    providers: { fast, slow },
    groups: { chat: { strategy: 'latency', members: [{ provider: 'slow' }, { provider: 'fast' }], latency } },
  });
  return { fast, slow, router };
}

describe('latency', () => {
  it('keeps only the exploration share on a member 4× slower, and moves back to it within a minute once it is faster', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance'] });
    const delays = { fast: 50, slow: 200 };
    const { router } = latencyPair(delays, { minSamples: 5, exploration: 0.1 });
    const call = async () => {
      const pending = router.complete(request);
      await vi.advanceTimersByTimeAsync(Math.max(delays.fast, delays.slow));
      return (await pending).trail.at(-1)!.member!;
    };
    for (let index = 0; index < 20; index++) await call();
    let slowServed = 0;
    for (let index = 0; index < 1_000; index++) if ((await call()) === 'slow') slowServed++;
    expect(slowServed / 1_000).toBeGreaterThanOrEqual(0.08);
    expect(slowServed / 1_000).toBeLessThanOrEqual(0.12);
    const figures = router.explain('chat').group!.members;
    expect(figures.find((entry) => entry.member === 'slow')!.latencyMs).toBeGreaterThan(150);

    delays.slow = 25;
    const startedAt = Date.now();
    const served: string[] = [];
    while (Date.now() - startedAt < 60_000) served.push(await call());
    const lastHundred = served.slice(-100);
    expect(lastHundred.filter((name) => name === 'slow').length).toBeGreaterThanOrEqual(85);
    const [slowNow, fastNow] = router.explain('chat').group!.members;
    expect(slowNow!.latencyMs).toBeLessThan(fastNow!.latencyMs!);
  });

  it('measures streams by time to first token', async () => {
    const { fast, router } = latencyPair({ fast: 1, slow: 30 }, { minSamples: 2, exploration: 0 });
    for (let index = 0; index < 4; index++) await router.stream(request).response;
    const figures = router.explain('chat').group!.members;
    expect(figures.every((entry) => entry.samples.stream === 2 && entry.samples.complete === 0)).toBe(true);
    await router.stream(request).response;
    await router.stream(request).response;
    expect(fast.calls).toHaveLength(4);
  });
});

describe('cost', () => {
  it('moves the traffic to the member whose price was halved below the other', async () => {
    const table: Record<string, { input: number; output: number }> = {
      'a/chat-model': { input: 2, output: 8 },
      'b/chat-model': { input: 3, output: 12 },
    };
    const prices: PriceLookup = { pricesOf: (provider, model) => table[`${provider}/${model}`] };
    const a = member('a');
    const b = member('b');
    const router = createRouter({
      providers: { a, b },
      prices,
      groups: { chat: { strategy: 'cost', members: [{ provider: 'b' }, { provider: 'a' }] } },
    });
    for (let index = 0; index < 10; index++) await router.complete(request);
    expect([a.calls.length, b.calls.length]).toEqual([10, 0]);
    table['b/chat-model'] = { input: 1.5, output: 6 };
    for (let index = 0; index < 10; index++) await router.complete(request);
    expect([a.calls.length, b.calls.length]).toEqual([10, 10]);
    const figures = router.explain('chat').group!;
    expect(figures.costBasis).toEqual({ inputTokens: 1_000, outputTokens: 1_000 });
    expect(figures.members.find((entry) => entry.member === 'b')!.estimatedCostUsd).toBeCloseTo(0.0075);
  });

  it('reads prices from the price table given as the pricer', async () => {
    const a = member('a');
    const b = member('b');
    const router = createRouter({
      providers: { a, b },
      pricer: priceTable({
        overrides: { 'chat-model': { input: 1, output: 1 }, 'cheap-model': { input: 0.1, output: 0.1 } },
      }),
      groups: {
        chat: { strategy: 'cost', members: [{ provider: 'a' }, { provider: 'b', model: 'cheap-model' }] },
      },
    });
    const response = await router.complete(request);
    expect(response.trail[0]).toMatchObject({ member: 'b', model: 'cheap-model', outcome: 'success' });
  });
});

describe('several keys of one provider', () => {
  function keys(first: MockStep[]) {
    const key1 = new MockProvider({ name: 'openai', models: ['chat-model'], script: first });
    const key2 = member('openai');
    const key3 = member('openai');
    const breaker = circuitBreaker({ failureThreshold: 3, cooldownMs: 60_000 });
    const router = createRouter({
      providers: { openai: key1 },
      groups: {
        chat: {
          members: [
            { provider: 'openai', adapter: key1 },
            { provider: 'openai', adapter: key2 },
            { provider: 'openai', adapter: key3 },
          ],
        },
      },
      middleware: [retry({ attempts: 3, baseDelayMs: 1 }), breaker],
    });
    return { router, key1, key2, key3, breaker };
  }

  it('moves a 429 on key 1 to key 2 at once and holds key 1 for its Retry-After', async () => {
    vi.useFakeTimers();
    const { router, key1, key2 } = keys([mockStep.error({ status: 429, retryAfterMs: 30_000 })]);
    const response = await router.complete(request);
    expect(response.trail.map((attempt) => [attempt.member, attempt.outcome, attempt.errorKind])).toEqual([
      ['openai#1', 'error', 'rate_limited'],
      ['openai#2', 'success', undefined],
    ]);
    expect(key1.calls).toHaveLength(1);
    const held = router.explain('chat').group!.members[0]!;
    expect(held).toMatchObject({
      member: 'openai#1',
      heldFor: 'rate_limited',
      heldUntil: Date.now() + 30_000,
    });
    await router.complete(request);
    expect([key1.calls.length, key2.calls.length]).toEqual([1, 2]);
    vi.advanceTimersByTime(30_000);
    await router.complete(request);
    expect(key1.calls).toHaveLength(2);
  });

  it('extends a hold with a later Retry-After and never shortens it', async () => {
    vi.useFakeTimers();
    const { router } = keys([
      mockStep.error({ status: 429, retryAfterMs: 60_000 }, { delayMs: 10 }),
      mockStep.error({ status: 429, retryAfterMs: 5_000 }, { delayMs: 20 }),
    ]);
    const start = Date.now();
    const calls = [router.complete(request), router.complete(request)];
    await vi.advanceTimersByTimeAsync(50);
    await Promise.all(calls);
    expect(router.explain('chat').group!.members[0]!.heldUntil).toBe(start + 10 + 60_000);
  });

  it("opens only the breaker of the key a 401 rejected, at once, and holds that key until the breaker's probe", async () => {
    vi.useFakeTimers();
    const { router, key1, key2, key3, breaker } = keys([
      mockStep.error({ status: 401 }),
      mockStep.reply('key 1 fixed'),
    ]);
    const first = await router.complete(request);
    expect(first.trail.map((attempt) => [attempt.member, attempt.errorKind])).toEqual([
      ['openai#1', 'auth'],
      ['openai#2', undefined],
    ]);
    // One 401, not failureThreshold (3) of them: the key is bad, not the provider's health.
    expect(breaker.state({ provider: 'openai#1' })).toBe('open');
    expect(breaker.state({ provider: 'openai#2' })).toBe('closed');
    expect(breaker.state({ provider: 'openai#3' })).toBe('closed');
    expect(breaker.state({ provider: 'openai' })).toBe('closed');
    const held = router.explain('chat').group!.members[0]!;
    expect(held).toMatchObject({ heldFor: 'circuit_open', heldUntil: Date.now() + 60_000 });
    expect(router.explain('chat').group!.order).toEqual(['openai#2', 'openai#3']);
    for (let call = 0; call < 5; call++) await router.complete(request);
    expect(key1.calls).toHaveLength(1);
    expect(key2.calls.length + key3.calls.length).toBe(6);
    // After the cooldown the probe goes to key 1; its success closes the breaker and it serves again.
    vi.advanceTimersByTime(60_000);
    const probe = await router.complete(request);
    expect(probe.trail.map((attempt) => attempt.member)).toEqual(['openai#1']);
    expect(breaker.state({ provider: 'openai#1' })).toBe('closed');
  });

  it('reopens the breaker of a key whose probe is refused again', async () => {
    vi.useFakeTimers();
    const { router, key1, breaker } = keys([
      mockStep.error({ status: 401 }),
      mockStep.error({ status: 403 }),
    ]);
    await router.complete(request);
    vi.advanceTimersByTime(60_000);
    const probe = await router.complete(request);
    expect(probe.trail.map((attempt) => [attempt.member, attempt.errorKind])).toEqual([
      ['openai#1', 'auth'],
      ['openai#2', undefined],
    ]);
    expect(key1.calls).toHaveLength(2);
    expect(breaker.state({ provider: 'openai#1' })).toBe('open');
    expect(router.explain('chat').group!.members[0]).toMatchObject({
      heldFor: 'circuit_open',
      heldUntil: Date.now() + 60_000,
    });
  });

  it('without a breaker, holds only the rejected key for authHoldMs', async () => {
    vi.useFakeTimers();
    const key1 = new MockProvider({
      name: 'openai',
      models: ['chat-model'],
      script: [mockStep.error({ status: 401 })],
    });
    const router = createRouter({
      providers: { openai: key1 },
      groups: {
        chat: {
          authHoldMs: 120_000,
          members: [
            { provider: 'openai', adapter: key1 },
            { provider: 'openai', adapter: member('openai') },
          ],
        },
      },
    });
    await router.complete(request);
    expect(router.explain('chat').group!.members.map((entry) => entry.heldFor)).toEqual(['auth', undefined]);
    expect(router.explain('chat').group!.members[0]!.heldUntil).toBe(Date.now() + 120_000);
  });

  it('keeps the error table for a provider outside a group: a 401 counts nothing against its breaker', async () => {
    const breaker = circuitBreaker({ failureThreshold: 1 });
    const router = createRouter({
      providers: { solo: member('solo', () => mockStep.error({ status: 401 })) },
      modelMap: { chat: { provider: 'solo', model: 'chat-model' } },
      middleware: [breaker],
    });
    for (let call = 0; call < 3; call++) {
      await expect(router.complete(request)).rejects.toMatchObject({ kind: 'auth', member: undefined });
    }
    expect(breaker.state({ provider: 'solo' })).toBe('closed');
  });

  it("opens only the failing key's breaker", async () => {
    const { router, breaker } = keys([
      mockStep.error({ status: 500 }),
      mockStep.error({ status: 500 }),
      mockStep.error({ status: 500 }),
    ]);
    const response = await router.complete(request);
    expect(response.trail.map((attempt) => attempt.member)).toEqual([
      'openai#1',
      'openai#1',
      'openai#1',
      'openai#2',
    ]);
    expect(breaker.state({ provider: 'openai#1' })).toBe('open');
    expect(breaker.state({ provider: 'openai#2' })).toBe('closed');
    expect(breaker.state({ provider: 'openai' })).toBe('closed');
    expect(router.explain('chat').group!.members[0]!.heldFor).toBe('circuit_open');
  });
});

describe('holds and configuration', () => {
  it('fails before any call when every member is on hold and there are no fallbacks', async () => {
    const only = member('only', () => mockStep.error({ status: 429, retryAfterMs: 10_000 }));
    const router = createRouter({
      providers: { only },
      groups: { chat: { members: [{ provider: 'only' }] } },
    });
    await expect(router.complete(request)).rejects.toMatchObject({ kind: 'rate_limited' });
    const error = await router.complete(request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GroupOnHoldError);
    expect((error as GroupOnHoldError).message).toContain('only: rate_limited until');
    expect(only.calls).toHaveLength(1);
  });

  it('falls back after the group when every member fails', async () => {
    const backup = member('backup');
    const router = createRouter({
      providers: { a: member('a', () => mockStep.error({ status: 503 })), backup },
      groups: { chat: { members: [{ provider: 'a' }] } },
      fallbacks: { chat: ['backup'] },
    });
    const response = await router.complete(request);
    expect(response.provider).toBe('backup');
    expect(router.explain('chat').plan.map((target) => target.member ?? target.provider)).toEqual([
      'a',
      'backup',
    ]);
  });

  it('counts every member against the one deadline of the call', async () => {
    vi.useFakeTimers();
    const hang = () => mockStep.hang();
    const router = createRouter({
      providers: { a: member('a', hang), b: member('b', hang) },
      groups: { chat: { members: [{ provider: 'a' }, { provider: 'b' }] } },
    });
    const outcome = router.complete(request, { deadlineMs: 1_000 }).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await outcome).toMatchObject({ kind: 'timeout' });
  });

  it('rejects members that name no registered provider, bad weights and duplicate names', () => {
    const providers = { a: member('a') };
    expect(() => createRouter({ providers, groups: { chat: { members: [{ provider: 'nope' }] } } })).toThrow(
      /groups\["chat"\]\.members\[0\] names provider "nope"/,
    );
    expect(() =>
      createRouter({ providers, groups: { chat: { members: [{ provider: 'a', weight: 0 }] } } }),
    ).toThrow(ConfigurationError);
    expect(() =>
      createRouter({
        providers,
        groups: { chat: { members: [{ provider: 'a' }, { provider: 'a', name: 'a#1' }] } },
      }),
    ).toThrow(/used by another member/);
    expect(() => createRouter({ providers, groups: { chat: { members: [] } } })).toThrow(
      /at least one member/,
    );
  });
});
