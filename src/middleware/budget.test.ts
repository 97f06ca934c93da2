import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FallbackExhaustedError } from '../errors/fallback-exhausted-error.js';
import { createRouter } from '../router/create-router.js';
import { MockProvider } from '../testing/mock-provider.js';
import { mockStep } from '../testing/mock-steps.js';
import type { Pricer } from '../types/cost.js';
import type { EmbeddingRequest, EmbeddingResponse } from '../types/embedding.js';
import type { Provider } from '../types/provider.js';
import { RouterError } from '../types/router-error.js';
import { BudgetExceededError, type BudgetExceededEvent, budget } from './budget.js';
import { circuitBreaker } from './circuit-breaker.js';

const messages = [{ role: 'user' as const, content: 'hi' }];
const day = 86_400_000;
/** $1 per output token keeps the arithmetic readable: the mock answers with 5 output tokens by default. */
const pricer: Pricer = ({ usage }) => ({ usd: usage.outputTokens ?? 0 });

function providers() {
  return {
    a: new MockProvider({ name: 'a', models: ['ma'] }),
    b: new MockProvider({ name: 'b', models: ['mb'] }),
  };
}

/**
 * A provider that completes like the mock and embeds too: one input token per character, reported as
 * the model `embed-m`, which {@link embeddingPricer} prices at $1 per input token.
 */
function embedder(name: string) {
  const base = new MockProvider({ name, models: ['ma', 'embed-m'] });
  const embedded: EmbeddingRequest[] = [];
  const provider: Provider = {
    name,
    models: base.models,
    capabilities: base.capabilities,
    complete: (request, options) => base.complete(request, options),
    stream: (request, options) => base.stream(request, options),
    async embed(request): Promise<EmbeddingResponse> {
      embedded.push(request);
      const inputs = typeof request.input === 'string' ? [request.input] : request.input;
      const tokens = inputs.reduce((total, text) => total + text.length, 0);
      return {
        embeddings: inputs.map((text) => [text.length]),
        provider: name,
        model: request.model,
        usage: { inputTokens: tokens, outputTokens: 0, totalTokens: tokens },
        trail: [],
      };
    },
  };
  return { provider, base, embedded };
}

/** Completions at $1 per output token (as {@link pricer}), embeddings at $1 per input token. */
const embeddingPricer: Pricer = ({ model, usage }) => ({
  usd: model === 'embed-m' ? (usage.inputTokens ?? 0) : (usage.outputTokens ?? 0),
});

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-09-01T10:00:00Z'));
});

afterEach(() => {
  vi.useRealTimers();
});

describe('budget', () => {
  it('refuses calls once the period spend is reached, and says when they resume', async () => {
    const exceeded: BudgetExceededEvent[] = [];
    const spend = budget({
      limitUsd: 10,
      periodMs: day,
      pricer,
      onExceeded: (event) => exceeded.push(event),
    });
    const { a } = providers();
    const router = createRouter({ providers: { a }, middleware: [spend] });

    await router.complete({ model: 'ma', messages });
    expect(spend.spentUsd()).toBe(5);
    expect(exceeded).toEqual([]);
    await router.complete({ model: 'ma', messages });
    expect(spend.spentUsd()).toBe(10);
    expect(exceeded).toEqual([
      {
        scope: 'global',
        spentUsd: 10,
        limitUsd: 10,
        periodStart: Date.parse('2026-09-01T00:00:00Z'),
        periodEnd: Date.parse('2026-09-02T00:00:00Z'),
      },
    ]);

    const refused = await router.complete({ model: 'ma', messages }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BudgetExceededError);
    expect(refused).toMatchObject({
      kind: 'quota_exhausted',
      provider: 'a',
      model: 'ma',
      shouldRetry: false,
      retryAfterMs: 14 * 3_600_000,
      resetsAt: Date.parse('2026-09-02T00:00:00Z'),
    });
    expect((refused as Error).message).toBe(
      'Budget reached for all providers: $10.0000 spent of $10 this period; calls resume at 2026-09-02T00:00:00.000Z',
    );
    expect(a.calls).toHaveLength(2);
    expect(exceeded).toHaveLength(1);
  });

  it('lets calls through again when the next period starts', async () => {
    const spend = budget({ limitUsd: 5, periodMs: day, pricer });
    const { a } = providers();
    const router = createRouter({ providers: { a }, middleware: [spend] });
    await router.complete({ model: 'ma', messages });
    await expect(router.complete({ model: 'ma', messages })).rejects.toBeInstanceOf(BudgetExceededError);

    vi.setSystemTime(new Date('2026-09-01T23:59:59.999Z'));
    await expect(router.complete({ model: 'ma', messages })).rejects.toBeInstanceOf(BudgetExceededError);
    vi.setSystemTime(new Date('2026-09-02T00:00:00Z'));
    expect(spend.spentUsd()).toBe(0);
    expect((await router.complete({ model: 'ma', messages })).text).toBe('Hello from a');
    expect(a.calls).toHaveLength(2);
  });

  it('a global budget stops every provider: the fallback refuses too, without a request', async () => {
    const spend = budget({ limitUsd: 5, periodMs: day, pricer });
    const { a, b } = providers();
    const router = createRouter({ providers: { a, b }, fallbacks: ['b'], middleware: [spend] });
    await router.complete({ model: 'ma', messages });

    const refused = await router.complete({ model: 'ma', messages }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(FallbackExhaustedError);
    expect((refused as FallbackExhaustedError).errors.map((error) => [error.provider, error.kind])).toEqual([
      ['a', 'quota_exhausted'],
      ['b', 'quota_exhausted'],
    ]);
    expect(a.calls).toHaveLength(1);
    expect(b.calls).toHaveLength(0);
  });

  it('a per-provider budget falls back to the next provider once one is used up', async () => {
    const exceeded: BudgetExceededEvent[] = [];
    const spend = budget({
      limitUsd: 5,
      periodMs: day,
      pricer,
      scope: 'provider',
      onExceeded: (event) => exceeded.push(event),
    });
    const { a, b } = providers();
    const router = createRouter({ providers: { a, b }, fallbacks: ['b'], middleware: [spend] });
    expect((await router.complete({ model: 'ma', messages })).provider).toBe('a');
    const second = await router.complete({ model: 'ma', messages });
    expect(second.provider).toBe('b');
    expect(spend.spentUsd('a')).toBe(5);
    expect(spend.spentUsd('b')).toBe(5);
    expect(spend.spentUsd()).toBe(10);
    expect(exceeded.map((event) => event.provider)).toEqual(['a', 'b']);
    expect(a.calls).toHaveLength(1);
  });

  it('counts a stream when it finishes, at the model the provider reported', async () => {
    const priced: string[] = [];
    const spend = budget({
      limitUsd: 100,
      periodMs: day,
      pricer: (input) => {
        priced.push(`${input.provider}/${input.model}`);
        return { usd: 2 };
      },
    });
    const a = new MockProvider({
      name: 'a',
      models: ['ma'],
      script: [
        mockStep.stream([
          { type: 'text-delta', text: 'hi' },
          {
            type: 'finish',
            finishReason: { unified: 'stop', raw: 'stop' },
            usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
            model: 'ma-2026-09-01',
          },
        ]),
      ],
    });
    const router = createRouter({ providers: { a }, middleware: [spend] });
    const parts: string[] = [];
    for await (const part of router.stream({ model: 'ma', messages })) {
      parts.push(part.type);
      if (part.type === 'text-delta') expect(spend.spentUsd()).toBe(0);
    }
    expect(parts).toEqual(['text-delta', 'finish']);
    expect(priced).toEqual(['a/ma-2026-09-01']);
    expect(spend.spentUsd()).toBe(2);
  });

  it('listed first, its refusals never reach the breaker', async () => {
    const spend = budget({ limitUsd: 5, periodMs: day, pricer });
    const breaker = circuitBreaker({ failureThreshold: 1 });
    const { a } = providers();
    const router = createRouter({ providers: { a }, middleware: [spend, breaker] });
    await router.complete({ model: 'ma', messages });
    await expect(router.complete({ model: 'ma', messages })).rejects.toBeInstanceOf(BudgetExceededError);
    expect(breaker.state({ provider: 'a' })).toBe('closed');
  });

  it('an unpriced response counts nothing, and a pricer or listener that throws breaks nothing', async () => {
    const spend = budget({
      limitUsd: 1,
      periodMs: day,
      pricer: ({ model }) => {
        if (model === 'boom') throw new Error('pricer bug');
        return undefined;
      },
      onExceeded: () => {
        throw new Error('listener bug');
      },
    });
    const router = createRouter({
      providers: { a: new MockProvider({ name: 'a', models: ['ma', 'boom'] }) },
      middleware: [spend],
    });
    await router.complete({ model: 'ma', messages });
    await router.complete({ model: 'boom', messages });
    expect(spend.spentUsd()).toBe(0);

    const noisy = budget({
      limitUsd: 1,
      periodMs: day,
      pricer,
      onExceeded: () => {
        throw new Error('listener bug');
      },
    });
    const other = createRouter({
      providers: { a: new MockProvider({ name: 'a', models: ['ma'] }) },
      middleware: [noisy],
    });
    expect((await other.complete({ model: 'ma', messages })).text).toBe('Hello from a');
    await expect(other.complete({ model: 'ma', messages })).rejects.toBeInstanceOf(RouterError);
  });

  it('embeddings spend the same budget as completions, and are refused once it is reached', async () => {
    const exceeded: BudgetExceededEvent[] = [];
    const spend = budget({
      limitUsd: 10,
      periodMs: day,
      pricer: embeddingPricer,
      onExceeded: (event) => exceeded.push(event),
    });
    const a = embedder('a');
    const router = createRouter({ providers: { a: a.provider }, middleware: [spend] });

    await router.complete({ model: 'ma', messages });
    expect(spend.spentUsd()).toBe(5);
    await router.embed({ model: 'embed-m', input: ['ab', 'c'] });
    expect(spend.spentUsd()).toBe(8);
    expect(exceeded).toEqual([]);
    await router.embed({ model: 'embed-m', input: 'abc' });
    expect(spend.spentUsd()).toBe(11);
    expect(exceeded.map((event) => event.spentUsd)).toEqual([11]);

    const refused = await router.embed({ model: 'embed-m', input: 'x' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BudgetExceededError);
    expect(refused).toMatchObject({ kind: 'quota_exhausted', provider: 'a', model: 'embed-m' });
    await expect(router.complete({ model: 'ma', messages })).rejects.toBeInstanceOf(BudgetExceededError);
    expect(a.embedded).toHaveLength(2);
    expect(a.base.calls).toHaveLength(1);

    vi.setSystemTime(new Date('2026-09-02T00:00:00Z'));
    expect((await router.embed({ model: 'embed-m', input: 'x' })).provider).toBe('a');
    expect(spend.spentUsd()).toBe(1);
  });

  it('a per-provider budget moves an embedding to its replica once the primary spent its own', async () => {
    const spend = budget({ limitUsd: 3, periodMs: day, pricer: embeddingPricer, scope: 'provider' });
    const a = embedder('a');
    const b = embedder('b');
    const router = createRouter({
      providers: { a: a.provider, b: b.provider },
      embeddingReplicas: { 'embed-m': ['b'] },
      middleware: [spend],
    });
    expect((await router.embed({ model: 'embed-m', input: 'abc' })).provider).toBe('a');
    const second = await router.embed({ model: 'embed-m', input: 'abc' });
    expect(second.provider).toBe('b');
    // Refused above the attempt recorder, as a completion is: the trail holds the replica's attempt only.
    expect(second.trail.map((attempt) => [attempt.provider, attempt.reason, attempt.outcome])).toEqual([
      ['b', 'fallback', 'success'],
    ]);
    expect(spend.spentUsd('a')).toBe(3);
    expect(spend.spentUsd('b')).toBe(3);
    expect(a.embedded).toHaveLength(1);
  });

  it('rejects a limit or period that cannot work', () => {
    expect(() => budget({ limitUsd: -1, periodMs: day, pricer })).toThrow(RangeError);
    expect(() => budget({ limitUsd: 1, periodMs: 0, pricer })).toThrow(RangeError);
  });
});
