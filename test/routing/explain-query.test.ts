import { describe, expect, it } from 'vitest';
import { createRouter, NoEligibleTargetError, type PriceLookup } from '../../src/index.js';
import { MockProvider, mockStep } from '../../src/testing/index.js';

const mock = (name: string, tags?: Record<string, string>) =>
  Object.assign(new MockProvider({ name, models: ['chat-model'], fallback: () => mockStep.reply(name) }), {
    tags,
  });
const order = (plan: ReadonlyArray<{ provider: string; member?: string }>) =>
  plan.map((target) => target.member ?? target.provider);

describe('explain({ model, estimatedTokens, require, prefer })', () => {
  it("orders a cost group for the query's tokens: a long prompt goes first to the member with cheap input", () => {
    // a: cheap output, dear input; b: the other way round.
    const table: Record<string, { input: number; output: number }> = {
      'a/chat-model': { input: 10, output: 1 },
      'b/chat-model': { input: 1, output: 10 },
    };
    const prices: PriceLookup = { pricesOf: (provider, model) => table[`${provider}/${model}`] };
    const router = createRouter({
      providers: { a: mock('a'), b: mock('b') },
      prices,
      groups: { chat: { strategy: 'cost', members: [{ provider: 'a' }, { provider: 'b' }] } },
    });
    // The reference size (1,000 in, 1,000 out) prices both alike: configured order.
    expect(order(router.explain('chat').plan)).toEqual(['a', 'b']);
    const long = router.explain({ model: 'chat', estimatedTokens: 100_000, maxOutputTokens: 100 });
    expect(order(long.plan)).toEqual(['b', 'a']);
    expect(long.group!.order).toEqual(['b', 'a']);
    expect(long.group!.costBasis).toEqual({ inputTokens: 100_000, outputTokens: 100 });
    expect(long.group!.members.map((figures) => figures.estimatedCostUsd)).toEqual([1.0001, 0.101]);
    const chatty = router.explain({ model: 'chat', estimatedTokens: 100, maxOutputTokens: 100_000 });
    expect(order(chatty.plan)).toEqual(['a', 'b']);
  });

  it('leaves out what `require` excludes, listing each with its tags, and throws when none is left', () => {
    const router = createRouter({
      providers: { us: mock('us', { region: 'us' }), eu: mock('eu', { region: 'eu' }), any: mock('any') },
      modelMap: { chat: { provider: 'us', model: 'chat-model' } },
      fallbacks: ['eu', 'any'],
    });
    const eu = router.explain({ model: 'chat', require: { region: 'eu' } });
    expect(order(eu.plan)).toEqual(['eu']);
    expect(eu.excluded).toEqual([
      { provider: 'us', model: 'chat-model', reason: 'require', mismatched: { region: 'us' } },
      { provider: 'any', model: 'chat-model', reason: 'require', mismatched: { region: undefined } },
    ]);
    expect(order(router.explain({ model: 'chat', prefer: { region: 'eu' } }).plan)).toEqual([
      'eu',
      'us',
      'any',
    ]);
    expect(() => router.explain({ model: 'chat', require: { region: 'ap' } })).toThrow(NoEligibleTargetError);
    expect(() => router.explain({ model: 'chat', require: { region: 'ap' } })).toThrow(
      /requirement region=ap; excluded: us\/chat-model \(region=us\); eu\/chat-model \(region=eu\); any\/chat-model \(region=\(unset\)\)/,
    );
    // A plain explain is untouched by the query form.
    expect(router.explain('chat').excluded).toBeUndefined();
  });

  it("leaves out the targets whose window cannot hold the estimate, as the call's plan skips them", async () => {
    const router = createRouter({
      providers: { small: mock('small'), large: mock('large') },
      modelMap: { chat: { provider: 'small', model: 'chat-model' } },
      fallbacks: ['large'],
      contextWindows: { small: { 'chat-model': 128_000 }, large: { 'chat-model': 200_000 } },
    });
    const explained = router.explain({ model: 'chat', estimatedTokens: 150_000, maxOutputTokens: 1_000 });
    expect(order(explained.plan)).toEqual(['large']);
    expect(explained.excluded).toEqual([
      {
        provider: 'small',
        model: 'chat-model',
        reason: 'context_window',
        contextWindow: 128_000,
        requiredTokens: 151_000,
      },
    ]);
    expect(order(router.explain({ model: 'chat', estimatedTokens: 100_000 }).plan)).toEqual([
      'small',
      'large',
    ]);
    // The call itself takes the same route.
    const response = await router.complete({
      model: 'chat',
      messages: [{ role: 'user', content: 'x'.repeat(450_000) }],
      maxTokens: 1_000,
    });
    expect(response.trail.map((attempt) => [attempt.provider, attempt.outcome])).toEqual([
      ['small', 'skipped'],
      ['large', 'success'],
    ]);
  });

  it('orders a latency group by time to first token for a stream query, by latency otherwise', async () => {
    const delays: Record<string, number> = { a: 1, b: 40 };
    const timed = (name: string) =>
      new MockProvider({
        name,
        models: ['chat-model'],
        fallback: () => mockStep.reply(name, { delayMs: delays[name] }),
      });
    const router = createRouter({
      providers: { a: timed('a'), b: timed('b') },
      groups: {
        chat: {
          strategy: 'latency',
          latency: { minSamples: 1, exploration: 0 },
          members: [{ provider: 'b' }, { provider: 'a' }],
        },
      },
    });
    const chat = { model: 'chat', messages: [{ role: 'user' as const, content: 'hi' }] };
    // Whole answers: a is quick. Streams: b is quick to its first token.
    for (let call = 0; call < 2; call++) await router.complete(chat);
    Object.assign(delays, { a: 40, b: 1 });
    for (let call = 0; call < 2; call++) await router.stream(chat).response;
    expect(order(router.explain('chat').plan)).toEqual(['a', 'b']);
    expect(order(router.explain({ model: 'chat', operation: 'complete' }).plan)).toEqual(['a', 'b']);
    const streamed = router.explain({ model: 'chat', operation: 'stream' });
    expect(order(streamed.plan)).toEqual(['b', 'a']);
    expect(streamed.group!.order).toEqual(['b', 'a']);
  });
});
