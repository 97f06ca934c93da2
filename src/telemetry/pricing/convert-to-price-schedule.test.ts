import { describe, expect, it } from 'vitest';
import { convertToModelPrices, convertToPriceSchedule } from './convert-to-price-schedule.js';

describe('convertToModelPrices', () => {
  it('reads the token prices llmrouter usage can fill, tiers sorted', () => {
    expect(
      convertToModelPrices({
        input_mtok: {
          base: 3,
          tiers: [
            { start: 400_000, price: 9 },
            { start: 200_000, price: 6 },
          ],
        },
        cache_read_mtok: 0.3,
        cache_write_mtok: 3.75,
        cache_write_1h_mtok: 6,
        output_mtok: 15,
        output_reasoning_mtok: 12,
        input_audio_mtok: 1,
        requests_kcount: 5,
      }),
    ).toEqual({
      input: {
        base: 3,
        tiers: [
          { start: 200_000, price: 6 },
          { start: 400_000, price: 9 },
        ],
      },
      cachedInput: 0.3,
      cacheWrite: 3.75,
      output: 15,
      reasoning: 12,
      perRequest: 0.005,
    });
  });

  it('is undefined without an input token price; an input price alone prices an embedding model', () => {
    expect(convertToModelPrices({ input_mtok: 1 })).toEqual({ input: 1 });
    expect(convertToModelPrices({ output_mtok: 1, requests_kcount: 2 })).toBeUndefined();
  });
});

describe('convertToPriceSchedule', () => {
  it('turns flat prices into a one-entry schedule', () => {
    expect(convertToPriceSchedule({ input_mtok: 1, output_mtok: 2 })).toEqual([
      { prices: { input: 1, output: 2 } },
    ]);
  });

  it('parses date and time-of-day constraints into UTC instants and seconds', () => {
    expect(
      convertToPriceSchedule([
        { prices: { input_mtok: 1, output_mtok: 2 } },
        {
          constraint: { type: 'start_date', start_date: '2026-08-17' },
          prices: { input_mtok: 0.5, output_mtok: 1 },
        },
        {
          constraint: { type: 'time_of_date', start_time: '16:30:00Z', end_time: '01:30:00+01:00' },
          prices: { input_mtok: 0.25, output_mtok: 0.5 },
        },
      ]),
    ).toEqual([
      { prices: { input: 1, output: 2 } },
      {
        prices: { input: 0.5, output: 1 },
        constraint: { type: 'from', at: Date.parse('2026-08-17T00:00:00Z') },
      },
      {
        prices: { input: 0.25, output: 0.5 },
        constraint: { type: 'time-of-day', start: 59_400, end: 1_800 },
      },
    ]);
  });

  it('refuses a schedule it cannot read fully rather than price it wrongly', () => {
    expect(
      convertToPriceSchedule([
        { prices: { input_mtok: 1, output_mtok: 2 } },
        { constraint: { type: 'weekday', days: ['sat'] }, prices: { input_mtok: 0.5, output_mtok: 1 } },
      ]),
    ).toBeUndefined();
  });
});
