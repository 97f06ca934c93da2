import { describe, expect, it } from 'vitest';
import { convertToOpenAIUsage } from './convert-to-openai-usage.js';

describe('convertToOpenAIUsage', () => {
  it('maps every known count to OpenAI’s field', () => {
    expect(
      convertToOpenAIUsage({
        inputTokens: 100,
        cachedInputTokens: 60,
        outputTokens: 20,
        reasoningTokens: 5,
        totalTokens: 120,
      }),
    ).toEqual({
      prompt_tokens: 100,
      completion_tokens: 20,
      total_tokens: 120,
      prompt_tokens_details: { cached_tokens: 60 },
      completion_tokens_details: { reasoning_tokens: 5 },
    });
  });

  it('derives the total when the provider gave only the parts', () => {
    expect(convertToOpenAIUsage({ inputTokens: 3, outputTokens: 4, totalTokens: undefined })).toEqual({
      prompt_tokens: 3,
      completion_tokens: 4,
      total_tokens: 7,
    });
  });

  it('leaves unknown counts out instead of inventing zeros', () => {
    expect(convertToOpenAIUsage({ inputTokens: 3, outputTokens: undefined, totalTokens: undefined })).toEqual(
      { prompt_tokens: 3 },
    );
    expect(
      convertToOpenAIUsage({ inputTokens: undefined, outputTokens: undefined, totalTokens: undefined }),
    ).toBeUndefined();
  });
});
