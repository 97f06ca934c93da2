import { calcPrice } from '@pydantic/genai-prices';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Usage } from '../../types/usage.js';
import { priceTable } from './price-table.js';

/** The table's published price for a unit, per million tokens, below any long-context tier. */
function published(provider: string, model: string, key: string): number {
  const found = calcPrice({}, model, { providerId: provider });
  if (!found) throw new Error(`${provider}/${model} is not in the table`);
  const value = (found.model_price as Record<string, unknown>)[key];
  if (typeof value === 'number') return value;
  if (value && typeof value === 'object' && 'base' in value) return (value as { base: number }).base;
  throw new Error(`${provider}/${model} has no ${key}`);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('priceTable', () => {
  const pricer = priceTable({ logger: { warn: () => {} } });

  it('prices an OpenAI call with cached input and reasoning as OpenAI bills it', () => {
    const usage: Usage = {
      inputTokens: 12_000,
      cachedInputTokens: 8_000,
      outputTokens: 3_000,
      reasoningTokens: 2_000,
      totalTokens: 15_000,
    };
    const input = published('openai', 'gpt-5', 'input_mtok');
    const cached = published('openai', 'gpt-5', 'cache_read_mtok');
    const output = published('openai', 'gpt-5', 'output_mtok');
    // Reasoning tokens are output tokens and already inside outputTokens: billed once, at the output price.
    const expected = (4_000 * input + 8_000 * cached + 3_000 * output) / 1e6;
    const cost = pricer({ provider: 'openai', model: 'gpt-5', usage });
    expect(cost?.usd).toBeCloseTo(expected, 12);
    expect(cost?.cachedInputUsd).toBeCloseTo((8_000 * cached) / 1e6, 12);
    expect(cost?.outputUsd).toBeCloseTo((3_000 * output) / 1e6, 12);
  });

  it('prices an OpenAI embedding call on its published input price', () => {
    const input = published('openai', 'text-embedding-3-small', 'input_mtok');
    const cost = pricer({
      provider: 'openai',
      model: 'text-embedding-3-small',
      usage: { inputTokens: 50_000, outputTokens: 0, totalTokens: 50_000 },
    });
    expect(cost?.usd).toBeCloseTo((50_000 * input) / 1e6, 12);
    expect(cost!.usd).toBeGreaterThan(0);
  });

  it('prices an Anthropic call with cache reads, cache writes and thinking', () => {
    const usage: Usage = {
      inputTokens: 20_000,
      cachedInputTokens: 12_000,
      cacheWriteTokens: 5_000,
      outputTokens: 4_000,
      reasoningTokens: 1_500,
      totalTokens: 24_000,
    };
    const model = 'claude-sonnet-4-5';
    const expected =
      (3_000 * published('anthropic', model, 'input_mtok') +
        12_000 * published('anthropic', model, 'cache_read_mtok') +
        5_000 * published('anthropic', model, 'cache_write_mtok') +
        4_000 * published('anthropic', model, 'output_mtok')) /
      1e6;
    const cost = pricer({ provider: 'anthropic', model, usage });
    expect(cost?.usd).toBeCloseTo(expected, 12);
    expect(cost?.cacheWriteUsd).toBeCloseTo(
      (5_000 * published('anthropic', model, 'cache_write_mtok')) / 1e6,
      12,
    );
  });

  it('prices a Gemini call (router name gemini) with cached input and thinking tokens', () => {
    const usage: Usage = {
      inputTokens: 30_000,
      cachedInputTokens: 10_000,
      outputTokens: 5_000,
      reasoningTokens: 3_000,
      totalTokens: 35_000,
    };
    const model = 'gemini-2.5-pro';
    const expected =
      (20_000 * published('google', model, 'input_mtok') +
        10_000 * published('google', model, 'cache_read_mtok') +
        5_000 * published('google', model, 'output_mtok')) /
      1e6;
    expect(pricer({ provider: 'gemini', model, usage })?.usd).toBeCloseTo(expected, 12);
  });

  it('matches the table library total for any usage, tiers and time-of-day prices included', () => {
    const at = Date.parse('2026-09-01T12:00:00Z');
    const offPeak = Date.parse('2026-09-01T20:00:00Z');
    const cases = [
      { provider: 'openai', model: 'gpt-5', table: 'openai', now: at },
      { provider: 'openai', model: 'gpt-4o-mini', table: 'openai', now: at },
      { provider: 'anthropic', model: 'claude-sonnet-4-5', table: 'anthropic', now: at },
      { provider: 'gemini', model: 'gemini-2.5-pro', table: 'google', now: at },
      { provider: 'deepseek', model: 'deepseek-chat', table: 'deepseek', now: offPeak },
      { provider: 'openrouter', model: 'perplexity/sonar-deep-research', table: 'openrouter', now: at },
    ];
    const usage = fc
      .record({
        uncached: fc.integer({ min: 0, max: 400_000 }),
        cached: fc.integer({ min: 0, max: 100_000 }),
        written: fc.integer({ min: 0, max: 50_000 }),
        answer: fc.integer({ min: 0, max: 50_000 }),
        reasoning: fc.integer({ min: 0, max: 50_000 }),
      })
      .map(({ uncached, cached, written, answer, reasoning }) => ({
        cached,
        written,
        reasoning,
        input: uncached + cached + written,
        output: answer + reasoning,
      }));
    for (const entry of cases) {
      const table = priceTable({ now: () => entry.now, logger: { warn: () => {} } });
      const prices = table.pricesOf(entry.provider, entry.model)!;
      fc.assert(
        fc.property(usage, ({ input, cached, written, reasoning, output }) => {
          const cost = table({
            provider: entry.provider,
            model: entry.model,
            usage: {
              inputTokens: input,
              cachedInputTokens: cached,
              cacheWriteTokens: written,
              outputTokens: output,
              reasoningTokens: reasoning,
              totalTokens: input + output,
            },
          });
          const expected = calcPrice(
            {
              input_tokens: input,
              cache_read_tokens: prices.cachedInput === undefined ? 0 : cached,
              cache_write_tokens: prices.cacheWrite === undefined ? 0 : written,
              output_tokens: output,
              output_reasoning_tokens: prices.reasoning === undefined ? 0 : reasoning,
            },
            entry.model,
            { providerId: entry.table, timestamp: new Date(entry.now) },
          );
          expect(cost?.usd).toBeCloseTo(expected!.total_price, 9);
        }),
        { numRuns: 60 },
      );
    }
  });

  it('applies the price in force at the time of the call, switching at the window edges', () => {
    // DeepSeek's source entry: a base price, and a peak price between 00:30 and 16:30 UTC.
    const instants = [
      '2026-09-01T00:29:59Z',
      '2026-09-01T00:30:00Z',
      '2026-09-01T12:00:00Z',
      '2026-09-01T16:29:59Z',
      '2026-09-01T16:30:00Z',
      '2026-09-01T20:00:00Z',
    ];
    const inputs = instants.map((instant) => {
      const prices = priceTable({ now: () => Date.parse(instant) }).pricesOf('deepseek', 'deepseek-chat');
      const source = calcPrice({}, 'deepseek-chat', { providerId: 'deepseek', timestamp: new Date(instant) });
      const raw = source!.model_price as Record<string, number>;
      expect(prices).toEqual({
        input: raw.input_mtok,
        cachedInput: raw.cache_read_mtok,
        output: raw.output_mtok,
      });
      return prices!.input;
    });
    const [before, start, noon, lastSecond, end, evening] = inputs as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    // Peak and off-peak are the two figures the source gives; the peak one is exactly double.
    expect(start).toBe(before * 2);
    expect([start, noon, lastSecond]).toEqual([start, start, start]);
    expect([before, end, evening]).toEqual([before, before, before]);
  });

  it('uses overrides first, also for models the table does not know', () => {
    const table = priceTable({
      overrides: {
        'my-fine-tune': { input: 3, cachedInput: 1, output: 12 },
        'gpt-5': { input: 1, output: 1 },
      },
    });
    const usage: Usage = {
      inputTokens: 1_000_000,
      cachedInputTokens: 250_000,
      outputTokens: 100_000,
      totalTokens: 1_100_000,
    };
    expect(table({ provider: 'custom', model: 'my-fine-tune', usage })).toEqual({
      usd: 2.25 + 0.25 + 1.2,
      inputUsd: 2.25,
      cachedInputUsd: 0.25,
      outputUsd: 1.2,
    });
    expect(table({ provider: 'openai', model: 'gpt-5', usage })?.usd).toBeCloseTo(1.1, 12);
  });

  it('resolves a router name the table does not know through providerIds or the model name', () => {
    const usage: Usage = { inputTokens: 1_000_000, outputTokens: 0, totalTokens: 1_000_000 };
    const input = published('openai', 'gpt-5', 'input_mtok');
    const warnings: string[] = [];
    const table = priceTable({
      providerIds: { primary: 'openai', local: null },
      logger: { warn: (message) => warnings.push(message) },
    });
    expect(table({ provider: 'primary', model: 'gpt-5', usage })?.usd).toBeCloseTo(input, 12);
    expect(table({ provider: 'backup', model: 'gpt-5', usage })?.usd).toBeCloseTo(input, 12);
    expect(table({ provider: 'local', model: 'gpt-5', usage })).toBeUndefined();
    expect(warnings).toEqual([
      'llmrouter: no price known for model "gpt-5" on provider "local"; its cost is undefined. Add it with priceTable({ overrides }).',
    ]);
  });

  it('gives undefined for an unknown model and warns once per model', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const table = priceTable();
    const usage: Usage = { inputTokens: 10, outputTokens: 10, totalTokens: 20 };
    expect(table({ provider: 'openai', model: 'gpt-unreleased', usage })).toBeUndefined();
    expect(table({ provider: 'openai', model: 'gpt-unreleased', usage })).toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(
      'llmrouter: no price known for model "gpt-unreleased" on provider "openai"; its cost is undefined. Add it with priceTable({ overrides }).',
      { code: 'LLMROUTER_UNKNOWN_PRICE' },
    );
    expect(table({ provider: 'openai', model: 'gpt-other-unreleased', usage })).toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(2);
  });
});
