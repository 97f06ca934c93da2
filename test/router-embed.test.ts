import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ApiCallError,
  circuitBreaker,
  createRouter,
  type EmbeddingRequest,
  type EmbeddingResponse,
  type FallbackExhaustedError,
  kindFromStatus,
  type Provider,
  type ProviderCallOptions,
  rateLimit,
  retry,
  timeout,
} from '../src/index.js';
import { MockProvider } from '../src/testing/index.js';

type Step = 'ok' | 'hang' | number;

/** A provider whose `embed` answers from a script: a vector per input, an HTTP error status, or a hang. */
function embedder(name: string, models: string[], script: Step[] = []) {
  const base = new MockProvider({ name, models });
  const calls: Array<{ request: EmbeddingRequest; options: ProviderCallOptions | undefined }> = [];
  const provider: Provider = {
    name,
    models,
    capabilities: base.capabilities,
    complete: (request, options) => base.complete(request, options),
    stream: (request, options) => base.stream(request, options),
    embed(request, options): Promise<EmbeddingResponse> {
      calls.push({ request, options });
      const step = script[calls.length - 1] ?? 'ok';
      if (step === 'hang') return new Promise(() => {});
      if (typeof step === 'number') {
        return Promise.reject(
          new ApiCallError({
            message: `status ${step}`,
            kind: kindFromStatus(step),
            status: step,
            provider: name,
          }),
        );
      }
      const inputs = typeof request.input === 'string' ? [request.input] : request.input;
      return Promise.resolve({
        embeddings: inputs.map((text) => [text.length, request.dimensions ?? 3]),
        provider: name,
        model: request.model,
        usage: { inputTokens: inputs.length * 2, outputTokens: 0, totalTokens: inputs.length * 2 },
        trail: [],
      });
    },
  };
  return { provider, calls };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('router.embed', () => {
  it('resolves like complete and answers vectors, usage, cost and the trail', async () => {
    const primary = embedder('openai', ['text-embedding-3-small']);
    const router = createRouter({
      providers: { openai: primary.provider },
      modelMap: { small: { provider: 'openai', model: 'text-embedding-3-small' } },
      pricer: ({ usage }) => ({ usd: (usage.inputTokens ?? 0) * 0.01 }),
    });
    const response = await router.embed({ model: 'small', input: ['ab', 'abc'], dimensions: 8 });
    expect(response.embeddings).toEqual([
      [2, 8],
      [3, 8],
    ]);
    expect(response).toMatchObject({ provider: 'openai', model: 'text-embedding-3-small' });
    expect(response.usage).toEqual({ inputTokens: 4, outputTokens: 0, totalTokens: 4 });
    expect(response.cost).toEqual({ usd: 0.04 });
    expect(response.trail).toHaveLength(1);
    expect(response.trail[0]).toMatchObject({ provider: 'openai', reason: 'primary', outcome: 'success' });
    expect(primary.calls[0]!.request.model).toBe('text-embedding-3-small');
  });

  it('falls back to a replica of the same model, never to a completion fallback of another model', async () => {
    const primary = embedder('openai', ['text-embedding-3-small'], [503]);
    const replica = embedder('openai-eu', ['text-embedding-3-small']);
    const azure = embedder('azure', ['embed-small-deployment']);
    const other = embedder('other', ['other-embedding']);
    const router = createRouter({
      providers: {
        openai: primary.provider,
        'openai-eu': replica.provider,
        azure: azure.provider,
        other: other.provider,
      },
      fallbacks: ['other'],
      embeddingReplicas: {
        'text-embedding-3-small': ['openai-eu', { provider: 'azure', model: 'embed-small-deployment' }],
      },
    });
    expect(router.explainEmbedding('text-embedding-3-small').plan).toEqual([
      { provider: 'openai', model: 'text-embedding-3-small' },
      { provider: 'openai-eu', model: 'text-embedding-3-small' },
      { provider: 'azure', model: 'embed-small-deployment' },
    ]);
    // The completion plan still falls back to the other model.
    expect(router.explain('text-embedding-3-small').plan.map((target) => target.provider)).toEqual([
      'openai',
      'other',
    ]);
    const response = await router.embed({ model: 'text-embedding-3-small', input: 'hello' });
    expect(response.provider).toBe('openai-eu');
    expect(response.trail.map((attempt) => [attempt.provider, attempt.reason, attempt.outcome])).toEqual([
      ['openai', 'primary', 'error'],
      ['openai-eu', 'fallback', 'success'],
    ]);
    expect(other.calls).toHaveLength(0);
  });

  it('without replicas a failure ends the call: the other model is never asked', async () => {
    const primary = embedder('openai', ['text-embedding-3-small'], [500]);
    const other = embedder('other', ['other-embedding']);
    const router = createRouter({
      providers: { openai: primary.provider, other: other.provider },
      fallbacks: ['other'],
    });
    const error = await router.embed({ model: 'text-embedding-3-small', input: 'x' }).catch((e) => e);
    expect(error).toMatchObject({ kind: 'server', status: 500, provider: 'openai' });
    expect(error.trail).toHaveLength(1);
    expect(other.calls).toHaveLength(0);
  });

  it('reaches the Azure deployment replica when the other replicas fail too', async () => {
    const primary = embedder('openai', ['m'], [429]);
    const azure = embedder('azure', ['dep']);
    const router = createRouter({
      providers: { openai: primary.provider, azure: azure.provider },
      embeddingReplicas: { m: [{ provider: 'azure', model: 'dep' }] },
    });
    const response = await router.embed({ model: 'm', input: 'x' });
    expect(response.provider).toBe('azure');
    expect(azure.calls[0]!.request.model).toBe('dep');
  });

  it('skips a provider without embeddings with the capability as the reason', async () => {
    const chatOnly = new MockProvider({ name: 'anthropic', models: ['m'] });
    const replica = embedder('openai', ['m']);
    const router = createRouter({
      providers: { anthropic: chatOnly, openai: replica.provider },
      embeddingReplicas: { m: ['openai'] },
    });
    const response = await router.embed({ model: 'm', input: 'x' });
    expect(response.trail[0]).toMatchObject({
      provider: 'anthropic',
      outcome: 'skipped',
      errorKind: 'bad_request',
      message: 'Provider "anthropic" does not support embeddings',
    });
    expect(response.provider).toBe('openai');

    const alone = createRouter({ providers: { anthropic: chatOnly } });
    await expect(alone.embed({ model: 'm', input: 'x' })).rejects.toMatchObject({
      name: 'UnsupportedCapabilityError',
      capability: 'embeddings',
    });
  });

  it('every replica failing gives FallbackExhaustedError with each error', async () => {
    const router = createRouter({
      providers: {
        a: embedder('a', ['m'], [503]).provider,
        b: embedder('b', ['m'], [500]).provider,
      },
      embeddingReplicas: { m: ['b'] },
    });
    const error = (await router.embed({ model: 'm', input: 'x' }).catch((e) => e)) as FallbackExhaustedError;
    expect(error.name).toBe('FallbackExhaustedError');
    expect(error.errors.map((each) => each.status)).toEqual([503, 500]);
  });

  it('retries a transient failure of the same target', async () => {
    const primary = embedder('a', ['m'], [503, 503]);
    const router = createRouter({
      providers: { a: primary.provider },
      middleware: [retry({ attempts: 3, baseDelayMs: 1, random: () => 0 })],
    });
    const response = await router.embed({ model: 'm', input: 'x' });
    expect(response.trail.map((attempt) => attempt.reason)).toEqual(['primary', 'retry', 'retry']);
    expect(primary.calls).toHaveLength(3);
  });

  it('an open breaker skips the target for the replica, without calling it', async () => {
    const primary = embedder('a', ['m'], [503, 503]);
    const replica = embedder('b', ['m']);
    const breaker = circuitBreaker({ failureThreshold: 2, cooldownMs: 60_000 });
    const router = createRouter({
      providers: { a: primary.provider, b: replica.provider },
      embeddingReplicas: { m: ['b'] },
      middleware: [breaker],
    });
    await router.embed({ model: 'm', input: 'x' });
    await router.embed({ model: 'm', input: 'x' });
    expect(breaker.state({ provider: 'a' })).toBe('open');
    const third = await router.embed({ model: 'm', input: 'x' });
    expect(primary.calls).toHaveLength(2);
    expect(third.trail[0]).toMatchObject({ provider: 'a', outcome: 'skipped', errorKind: 'circuit_open' });
    expect(third.provider).toBe('b');
  });

  it('a timeout cuts a hanging target and the replica serves', async () => {
    vi.useFakeTimers();
    const primary = embedder('a', ['m'], ['hang']);
    const replica = embedder('b', ['m']);
    const router = createRouter({
      providers: { a: primary.provider, b: replica.provider },
      embeddingReplicas: { m: ['b'] },
      middleware: [timeout({ totalMs: 1_000 })],
    });
    const pending = router.embed({ model: 'm', input: 'x' });
    await vi.advanceTimersByTimeAsync(1_000);
    const response = await pending;
    expect(primary.calls).toHaveLength(1);
    expect(response.provider).toBe('b');
    expect(response.trail.at(-1)).toMatchObject({ provider: 'b', reason: 'fallback', outcome: 'success' });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('the rate limit refuses past its budget and the replica serves', async () => {
    const primary = embedder('a', ['m']);
    const replica = embedder('b', ['m']);
    const router = createRouter({
      providers: { a: primary.provider, b: replica.provider },
      embeddingReplicas: { m: ['b'] },
      middleware: [
        rateLimit({ requestsPerMinute: 1, onLimit: 'fallback', scope: 'provider', providers: ['a'] }),
      ],
    });
    expect((await router.embed({ model: 'm', input: 'x' })).provider).toBe('a');
    const second = await router.embed({ model: 'm', input: 'x' });
    expect(second.trail[0]).toMatchObject({ provider: 'a', outcome: 'skipped', errorKind: 'rate_limited' });
    expect(second.provider).toBe('b');
    expect(primary.calls).toHaveLength(1);
  });

  it('refuses bad input with a clear error, before any provider is called', async () => {
    const primary = embedder('a', ['m']);
    const router = createRouter({ providers: { a: primary.provider } });
    await expect(router.embed({ model: 'm', input: [] })).rejects.toMatchObject({
      kind: 'bad_request',
      message: expect.stringContaining('request.input must be a string or a non-empty array'),
    });
    await expect(router.embed({ model: 'm', input: ['ok', 3 as unknown as string] })).rejects.toThrow(
      'request.input[1] must be a string',
    );
    await expect(router.embed({ model: 'm', input: 'x', dimensions: 0 })).rejects.toThrow(
      'request.dimensions must be a positive integer',
    );
    expect(primary.calls).toHaveLength(0);
  });

  it('a replica naming an unregistered provider is a configuration error', () => {
    expect(() =>
      createRouter({ providers: { a: embedder('a', ['m']).provider }, embeddingReplicas: { m: ['nope'] } }),
    ).toThrow('embeddingReplicas["m"][0] names provider "nope", which is not registered');
  });
});
