import { describe, expect, it } from 'vitest';
import { mapAnthropicUsage, mergeAnthropicUsage } from './map-anthropic-usage.js';

describe('mapAnthropicUsage', () => {
  it('adds cache reads and writes into the prompt total and reports them as subsets', () => {
    expect(
      mapAnthropicUsage({
        input_tokens: 10,
        cache_read_input_tokens: 1_000,
        cache_creation_input_tokens: 200,
        output_tokens: 50,
      }),
    ).toEqual({
      inputTokens: 1_210,
      cachedInputTokens: 1_000,
      cacheWriteTokens: 200,
      outputTokens: 50,
      totalTokens: 1_260,
    });
  });

  it('keeps reported zeros as zeros', () => {
    expect(
      mapAnthropicUsage({
        input_tokens: 12,
        cache_read_input_tokens: 0,
        cache_creation_input_tokens: 0,
        output_tokens: 30,
      }),
    ).toEqual({
      inputTokens: 12,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 30,
      totalTokens: 42,
    });
  });

  it('leaves unreported counts undefined instead of inventing zeros', () => {
    expect(mapAnthropicUsage({ input_tokens: 17, output_tokens: 1 })).toEqual({
      inputTokens: 17,
      outputTokens: 1,
      totalTokens: 18,
    });
    const nothing = mapAnthropicUsage(undefined);
    expect(nothing).toEqual({ inputTokens: undefined, outputTokens: undefined, totalTokens: undefined });
    expect('cachedInputTokens' in nothing).toBe(false);
    expect(mapAnthropicUsage({ output_tokens: 5 })).toEqual({
      inputTokens: undefined,
      outputTokens: 5,
      totalTokens: undefined,
    });
  });

  it('treats null counts as unreported', () => {
    expect(mapAnthropicUsage({ input_tokens: 3, output_tokens: 4, cache_read_input_tokens: null })).toEqual({
      inputTokens: 3,
      outputTokens: 4,
      totalTokens: 7,
    });
  });
});

describe('mergeAnthropicUsage', () => {
  it('lets the later event override only the fields it reports', () => {
    expect(
      mergeAnthropicUsage(
        { input_tokens: 43, output_tokens: 1, cache_read_input_tokens: 5 },
        { input_tokens: 61, output_tokens: 2 },
      ),
    ).toEqual({
      input_tokens: 61,
      output_tokens: 2,
      cache_read_input_tokens: 5,
      cache_creation_input_tokens: undefined,
    });
  });

  it('keeps earlier values when the later event sends null', () => {
    expect(
      mergeAnthropicUsage({ input_tokens: 9, output_tokens: 1 }, { input_tokens: null, output_tokens: 7 }),
    ).toEqual({
      input_tokens: 9,
      output_tokens: 7,
      cache_read_input_tokens: undefined,
      cache_creation_input_tokens: undefined,
    });
  });

  it('takes the later usage as is when there was none before', () => {
    const later = { output_tokens: 3 };
    expect(mergeAnthropicUsage(undefined, later)).toBe(later);
  });
});
