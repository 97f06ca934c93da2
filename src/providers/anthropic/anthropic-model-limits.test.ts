import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_TOKENS, maxOutputTokens, tokenLimits } from './anthropic-model-limits.js';

describe('maxOutputTokens', () => {
  it.each([
    ['claude-opus-4-5-20251101', 64_000],
    ['claude-opus-4-1-20250805', 32_000],
    ['claude-opus-4-20250514', 32_000],
    ['claude-sonnet-4-5', 64_000],
    ['claude-haiku-4-5-20251001', 64_000],
    ['claude-3-7-sonnet-latest', 64_000],
    ['claude-3-5-haiku-20241022', 8_192],
    ['claude-3-haiku-20240307', 4_096],
  ] as const)('%s -> %i', (model, limit) => {
    expect(maxOutputTokens(model)).toBe(limit);
  });

  it('does not guess for unknown models', () => {
    expect(maxOutputTokens('my-proxy-model')).toBeUndefined();
  });
});

describe('tokenLimits', () => {
  const base = { model: 'claude-sonnet-4-5', defaultMaxTokens: DEFAULT_MAX_TOKENS };

  it('uses the caller maxTokens, else the default, without thinking', () => {
    expect(tokenLimits({ ...base, maxTokens: 100, reasoning: undefined })).toEqual({
      maxTokens: 100,
      thinkingBudget: undefined,
    });
    expect(tokenLimits({ ...base, maxTokens: undefined, reasoning: undefined })).toEqual({
      maxTokens: 4096,
      thinkingBudget: undefined,
    });
  });

  it('maps effort to a budget and leaves answer room above it', () => {
    expect(tokenLimits({ ...base, maxTokens: undefined, reasoning: { effort: 'minimal' } })).toEqual({
      maxTokens: 1024 + 4096,
      thinkingBudget: 1024,
    });
    expect(tokenLimits({ ...base, maxTokens: undefined, reasoning: { effort: 'high' } })).toEqual({
      maxTokens: 16_384 + 4096,
      thinkingBudget: 16_384,
    });
    expect(tokenLimits({ ...base, maxTokens: undefined, reasoning: {} })).toEqual({
      maxTokens: 8192 + 4096,
      thinkingBudget: 8192,
    });
  });

  it('prefers an explicit budget over effort', () => {
    expect(
      tokenLimits({ ...base, maxTokens: 20_000, reasoning: { effort: 'low', budgetTokens: 5_000 } }),
    ).toEqual({
      maxTokens: 20_000,
      thinkingBudget: 5_000,
    });
  });

  it('caps max_tokens at the model limit and keeps the budget below it', () => {
    expect(
      tokenLimits({
        ...base,
        model: 'claude-opus-4-1',
        maxTokens: undefined,
        reasoning: { budgetTokens: 40_000 },
      }),
    ).toEqual({ maxTokens: 32_000, thinkingBudget: 31_999 });
  });

  it('lowers the budget below a smaller caller maxTokens, but not under the minimum', () => {
    expect(tokenLimits({ ...base, maxTokens: 3_000, reasoning: { effort: 'medium' } })).toEqual({
      maxTokens: 3_000,
      thinkingBudget: 2_999,
    });
    expect(tokenLimits({ ...base, maxTokens: 500, reasoning: { effort: 'medium' } })).toEqual({
      maxTokens: 500,
      thinkingBudget: 1024,
    });
  });
});
