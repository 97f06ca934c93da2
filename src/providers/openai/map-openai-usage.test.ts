import { describe, expect, it } from 'vitest';
import { mapOpenAIUsage } from './map-openai-usage.js';

describe('mapOpenAIUsage', () => {
  it('reads OpenAI usage with cached and reasoning details', () => {
    expect(
      mapOpenAIUsage({
        prompt_tokens: 15,
        completion_tokens: 78,
        total_tokens: 93,
        prompt_tokens_details: { cached_tokens: 4 },
        completion_tokens_details: { reasoning_tokens: 64 },
      }),
    ).toEqual({
      inputTokens: 15,
      cachedInputTokens: 4,
      outputTokens: 78,
      reasoningTokens: 64,
      totalTokens: 93,
    });
  });

  it('keeps a reported zero as zero', () => {
    expect(
      mapOpenAIUsage({
        prompt_tokens: 16,
        completion_tokens: 300,
        total_tokens: 316,
        prompt_tokens_details: { cached_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0 },
      }),
    ).toEqual({
      inputTokens: 16,
      cachedInputTokens: 0,
      outputTokens: 300,
      reasoningTokens: 0,
      totalTokens: 316,
    });
  });

  it('leaves unreported details out instead of inventing zeros', () => {
    expect(mapOpenAIUsage({ prompt_tokens: 13, completion_tokens: 8, total_tokens: 21 })).toStrictEqual({
      inputTokens: 13,
      outputTokens: 8,
      totalTokens: 21,
    });
  });

  it('reads DeepSeek cache hits when cached_tokens is absent', () => {
    expect(
      mapOpenAIUsage({ prompt_tokens: 495, completion_tokens: 144, prompt_cache_hit_tokens: 320 }),
    ).toEqual({
      inputTokens: 495,
      cachedInputTokens: 320,
      outputTokens: 144,
      totalTokens: 639,
    });
  });

  it('adds xAI reasoning tokens, which its completion_tokens leaves out, to outputTokens', () => {
    expect(
      mapOpenAIUsage({
        prompt_tokens: 291,
        completion_tokens: 26,
        total_tokens: 513,
        prompt_tokens_details: { cached_tokens: 290 },
        completion_tokens_details: { reasoning_tokens: 196 },
      }),
    ).toEqual({
      inputTokens: 291,
      cachedInputTokens: 290,
      outputTokens: 222,
      reasoningTokens: 196,
      totalTokens: 513,
    });
  });

  it('does not add reasoning twice when completion_tokens already includes it', () => {
    expect(
      mapOpenAIUsage({
        prompt_tokens: 17,
        completion_tokens: 649,
        total_tokens: 666,
        completion_tokens_details: { reasoning_tokens: 570 },
      }),
    ).toEqual({ inputTokens: 17, outputTokens: 649, reasoningTokens: 570, totalTokens: 666 });
  });

  it('returns unknown usage for a missing or null usage', () => {
    const unknown = { inputTokens: undefined, outputTokens: undefined, totalTokens: undefined };
    expect(mapOpenAIUsage(undefined)).toEqual(unknown);
    expect(mapOpenAIUsage(null)).toEqual(unknown);
    expect(mapOpenAIUsage({ prompt_tokens: null, completion_tokens: null })).toEqual(unknown);
  });
});
