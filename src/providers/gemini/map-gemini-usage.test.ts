import { describe, expect, it } from 'vitest';
import { mapGeminiUsage } from './map-gemini-usage.js';

describe('mapGeminiUsage', () => {
  it('adds thoughts to output and reports them as reasoning', () => {
    expect(
      mapGeminiUsage({
        promptTokenCount: 249,
        candidatesTokenCount: 58,
        thoughtsTokenCount: 183,
        totalTokenCount: 490,
      }),
    ).toEqual({ inputTokens: 249, outputTokens: 241, reasoningTokens: 183, totalTokens: 490 });
  });

  it('keeps cached prompt tokens inside the input count and reports them apart', () => {
    expect(
      mapGeminiUsage({
        promptTokenCount: 1_000,
        cachedContentTokenCount: 800,
        candidatesTokenCount: 10,
        totalTokenCount: 1_010,
      }),
    ).toEqual({ inputTokens: 1_000, cachedInputTokens: 800, outputTokens: 10, totalTokens: 1_010 });
  });

  it('reads counts protobuf JSON left out as zero once the metadata carries a total', () => {
    // A response cut off while thinking: no answer tokens, so candidatesTokenCount is omitted.
    expect(mapGeminiUsage({ promptTokenCount: 5, thoughtsTokenCount: 100, totalTokenCount: 105 })).toEqual({
      inputTokens: 5,
      outputTokens: 100,
      reasoningTokens: 100,
      totalTokens: 105,
    });
  });

  it('reports unknown, not zero, when there are no counts', () => {
    const unknown = { inputTokens: undefined, outputTokens: undefined, totalTokens: undefined };
    expect(mapGeminiUsage(undefined)).toEqual(unknown);
    expect(mapGeminiUsage({ trafficType: 'ON_DEMAND' } as never)).toEqual(unknown);
  });

  it('leaves output unknown when only the prompt was counted', () => {
    expect(mapGeminiUsage({ promptTokenCount: 12 })).toEqual({
      inputTokens: 12,
      outputTokens: undefined,
      totalTokens: undefined,
    });
  });
});
