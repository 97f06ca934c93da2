import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ContextWindowError } from '../../src/errors/context-window-error.js';
import { estimatePromptTokens } from '../../src/middleware/estimate-tokens.js';
import { anthropic, openai } from '../../src/providers/index.js';
import { createRouter } from '../../src/router/create-router.js';
import { type FakeProviderServer, faults, startFakeProviderServer } from '../../src/testing/index.js';

let fake: FakeProviderServer;
beforeAll(async () => {
  fake = await startFakeProviderServer();
});
afterAll(() => fake.close());
beforeEach(() => {
  for (const name of ['small', 'large', 'equal', 'claude']) fake.upstream(name).reset();
});

const provider = (upstream: string, models: string[]) =>
  openai({ name: upstream, apiKey: 'sk-test', baseURL: fake.upstream(upstream).baseURL('openai'), models });

// About 150k o200k tokens of English: each repetition of the sentence is 10 tokens.
const sentence = 'The quick brown fox jumps over the lazy dog. ';
const longPrompt = sentence.repeat(15_000);

describe('context windows', () => {
  it('sends a 150k-token prompt past the 128k primary to the 200k target first, counted by the real tokenizer', async () => {
    const router = createRouter({
      providers: { small: provider('small', ['gpt-4o']), large: provider('large', ['o3']) },
      modelMap: { chat: { provider: 'small', model: 'gpt-4o' } },
      fallbacks: [{ provider: 'large', model: 'o3' }],
    });
    // The character bound alone (about 225k) would not fit 200k either: only the real count does.
    expect(
      estimatePromptTokens({ model: 'o3', messages: [{ role: 'user', content: longPrompt }] }),
    ).toBeGreaterThan(200_000);
    const response = await router.complete({
      model: 'chat',
      messages: [{ role: 'user', content: longPrompt }],
      maxTokens: 1_000,
    });
    expect(response.provider).toBe('large');
    expect(fake.upstream('small').requests).toHaveLength(0);
    expect(fake.upstream('large').requests).toHaveLength(1);
    expect(response.trail.map((attempt) => [attempt.provider, attempt.outcome, attempt.errorKind])).toEqual([
      ['small', 'skipped', 'context_length'],
      ['large', 'success', undefined],
    ]);
    expect(response.trail[0]?.message).toMatch(/128000-token context window/);
  }, 30_000);

  it('judges a target without a tokenizer by the character bound, and a model override beats the table', async () => {
    const router = createRouter({
      providers: {
        claude: anthropic({
          apiKey: 'k',
          baseURL: fake.upstream('claude').baseURL('anthropic'),
          models: ['claude-sonnet-4-5'],
        }),
        large: provider('large', ['gpt-4.1']),
      },
      fallbacks: [{ provider: 'large', model: 'gpt-4.1' }],
      contextWindows: { large: { 'gpt-4.1': 300_000 } },
    });
    const response = await router.complete({
      model: 'claude-sonnet-4-5',
      messages: [{ role: 'user', content: longPrompt }],
    });
    expect(response.provider).toBe('large');
    expect(fake.upstream('claude').requests).toHaveLength(0);
    expect(response.trail[0]).toMatchObject({
      provider: 'claude',
      outcome: 'skipped',
      errorKind: 'context_length',
    });
  });

  it('after a context-length 400 from a misconfigured window, falls back only to a larger window, never an equal one', async () => {
    fake.upstream('small').enqueue(faults.contextLength());
    const router = createRouter({
      providers: {
        small: provider('small', ['gpt-4o']),
        equal: provider('equal', ['gpt-4o']),
        large: provider('large', ['o3']),
      },
      fallbacks: [
        { provider: 'equal', model: 'gpt-4o' },
        { provider: 'large', model: 'o3' },
      ],
      // Says 200k where the model really takes less: the prompt passes the router's check and the provider refuses it.
      contextWindows: { 'gpt-4o': 200_000, large: { o3: 400_000 } },
    });
    const response = await router.complete({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    expect(response.provider).toBe('large');
    expect(fake.upstream('equal').requests).toHaveLength(0);
    expect(response.trail.map((attempt) => [attempt.provider, attempt.outcome, attempt.errorKind])).toEqual([
      ['small', 'error', 'context_length'],
      ['equal', 'skipped', 'context_length'],
      ['large', 'success', undefined],
    ]);
    expect(response.trail[1]?.message).toMatch(/not larger than that of small\/gpt-4o/);
  });

  it('fails with the ContextWindowError when no target can hold the request', async () => {
    const router = createRouter({ providers: { small: provider('small', ['gpt-4o']) } });
    const error = await router
      .complete({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], maxTokens: 500_000 })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ContextWindowError);
    expect(error).toMatchObject({
      kind: 'context_length',
      contextWindow: 128_000,
      verdict: 'prompt_too_long',
    });
    expect(fake.upstream('small').requests).toHaveLength(0);
  });

  it('rejects a window override that is not a positive whole number', () => {
    expect(() =>
      createRouter({ providers: { small: provider('small', ['gpt-4o']) }, contextWindows: { x: -1 } }),
    ).toThrow(/contextWindows\["x"\] must be a positive whole number/);
  });
});
