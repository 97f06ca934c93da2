import { calcPrice } from '@pydantic/genai-prices';
import { describe, expect, it } from 'vitest';
import { createRouter } from '../../src/router/create-router.js';
import { priceTable } from '../../src/telemetry/pricing/price-table.js';
import { MockProvider, mockStep } from '../../src/testing/index.js';

const messages = [{ role: 'user' as const, content: 'hi' }];

/** The table's published flat price for a unit of a model, per million tokens. */
function published(provider: string, model: string, key: string): number {
  const found = calcPrice({}, model, { providerId: provider });
  if (!found) throw new Error(`${provider}/${model} is not in the table`);
  const value = (found.model_price as Record<string, unknown>)[key];
  if (typeof value === 'number') return value;
  return (value as { base: number }).base;
}

describe('priceTable as the router pricer', () => {
  it('prices the fallback that served; the failed attempt before it reported no usage and carries no cost', async () => {
    const warnings: string[] = [];
    const router = createRouter({
      providers: {
        anthropic: new MockProvider({
          name: 'anthropic',
          models: ['claude-sonnet-4-5'],
          script: [
            mockStep.stream([{ type: 'text-delta', text: 'partial' }], {
              failAfter: 0,
              error: { status: 529 },
            }),
          ],
        }),
        gemini: new MockProvider({
          name: 'gemini',
          models: ['gemini-2.5-flash'],
          script: [
            mockStep.reply('ok', {
              usage: {
                inputTokens: 50_000,
                cachedInputTokens: 20_000,
                outputTokens: 8_000,
                reasoningTokens: 6_000,
              },
            }),
          ],
        }),
      },
      fallbacks: ['gemini'],
      pricer: priceTable({ logger: { warn: (message) => warnings.push(message) } }),
    });
    const response = await router.complete({ model: 'claude-sonnet-4-5', messages });
    const expected =
      (30_000 * published('google', 'gemini-2.5-flash', 'input_mtok') +
        20_000 * published('google', 'gemini-2.5-flash', 'cache_read_mtok') +
        8_000 * published('google', 'gemini-2.5-flash', 'output_mtok')) /
      1e6;
    expect(response.provider).toBe('gemini');
    expect(response.cost?.usd).toBeCloseTo(expected, 12);
    expect(response.trail.map((attempt) => [attempt.provider, attempt.outcome, attempt.cost?.usd])).toEqual([
      ['anthropic', 'error', undefined],
      ['gemini', 'success', response.cost?.usd],
    ]);
    expect(warnings).toEqual([]);
  });

  it('an unknown model costs undefined, with one warning however many calls', async () => {
    const warnings: string[] = [];
    const router = createRouter({
      providers: { openai: new MockProvider({ name: 'openai', models: ['gpt-from-the-future'] }) },
      pricer: priceTable({ logger: { warn: (message) => warnings.push(message) } }),
    });
    for (let call = 0; call < 3; call++) {
      const response = await router.complete({ model: 'gpt-from-the-future', messages });
      expect(response.cost).toBeUndefined();
      expect(response.trail[0]!.cost).toBeUndefined();
    }
    expect(warnings).toHaveLength(1);
  });
});
