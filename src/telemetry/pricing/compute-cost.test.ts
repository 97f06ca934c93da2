import { describe, expect, it } from 'vitest';
import { computeCost } from './compute-cost.js';

const usage = (fields: Partial<Parameters<typeof computeCost>[1]>) => ({
  inputTokens: 0,
  outputTokens: 0,
  totalTokens: 0,
  ...fields,
});

describe('computeCost', () => {
  it('prices cache reads and writes apart from uncached input, each token once', () => {
    const cost = computeCost(
      { input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 },
      usage({ inputTokens: 10_000, cachedInputTokens: 6_000, cacheWriteTokens: 1_000, outputTokens: 2_000 }),
    );
    // 3,000 uncached at $3, 6,000 read at $0.30, 1,000 written at $3.75, 2,000 out at $15 (per million).
    expect(cost?.inputUsd).toBeCloseTo(0.009, 12);
    expect(cost?.cachedInputUsd).toBeCloseTo(0.0018, 12);
    expect(cost?.cacheWriteUsd).toBeCloseTo(0.00375, 12);
    expect(cost?.outputUsd).toBeCloseTo(0.03, 12);
    expect(cost?.usd).toBeCloseTo(0.04455, 12);
  });

  it('bills reasoning as output unless the model prices it apart', () => {
    const tokens = usage({ inputTokens: 1_000_000, outputTokens: 1_000_000, reasoningTokens: 400_000 });
    expect(computeCost({ input: 1, output: 10 }, tokens)).toEqual({ usd: 11, inputUsd: 1, outputUsd: 10 });
    expect(computeCost({ input: 1, output: 10, reasoning: 3 }, tokens)).toEqual({
      usd: 8.2,
      inputUsd: 1,
      outputUsd: 7.2,
    });
  });

  it('falls back to the input price for cache traffic the model has no price for', () => {
    expect(
      computeCost({ input: 2, output: 8 }, usage({ inputTokens: 1_000_000, cachedInputTokens: 500_000 })),
    ).toEqual({ usd: 2, inputUsd: 1, cachedInputUsd: 1, outputUsd: 0 });
  });

  it('applies the tier the whole request falls in, by its input tokens', () => {
    const prices = {
      input: { base: 1.25, tiers: [{ start: 200_000, price: 2.5 }] },
      output: { base: 10, tiers: [{ start: 200_000, price: 15 }] },
    };
    expect(computeCost(prices, usage({ inputTokens: 200_000, outputTokens: 1_000 }))?.usd).toBeCloseTo(
      0.25 + 0.01,
      12,
    );
    expect(computeCost(prices, usage({ inputTokens: 200_001, outputTokens: 1_000 }))?.usd).toBeCloseTo(
      (200_001 * 2.5) / 1e6 + 0.015,
      12,
    );
  });

  it('adds a per-request fee and never counts more cached tokens than were sent', () => {
    const cost = computeCost(
      { input: 1, cachedInput: 0.1, output: 1, perRequest: 0.005 },
      usage({ inputTokens: 100, cachedInputTokens: 500, outputTokens: 0 }),
    );
    expect(cost?.inputUsd).toBe(0);
    expect(cost?.cachedInputUsd).toBeCloseTo(0.00001, 12);
    expect(cost?.usd).toBeCloseTo(0.00501, 12);
  });

  it('is undefined when the provider did not report input or output tokens', () => {
    expect(
      computeCost(
        { input: 1, output: 1 },
        { inputTokens: undefined, outputTokens: 5, totalTokens: undefined },
      ),
    ).toBeUndefined();
    expect(
      computeCost(
        { input: 1, output: 1 },
        { inputTokens: 5, outputTokens: undefined, totalTokens: undefined },
      ),
    ).toBeUndefined();
  });

  it('prices an embedding on an input-only price, and refuses output it has no price for', () => {
    expect(computeCost({ input: 0.02 }, usage({ inputTokens: 1_000_000, outputTokens: 0 }))).toEqual({
      usd: 0.02,
      inputUsd: 0.02,
      outputUsd: 0,
    });
    expect(computeCost({ input: 0.02 }, usage({ inputTokens: 10, outputTokens: 5 }))).toBeUndefined();
  });
});
