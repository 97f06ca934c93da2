import { describe, expect, it } from 'vitest';
import { type PriceSchedule, pricesAt } from './model-prices.js';

const regular = { input: 1, output: 2 };
const cut = { input: 0.5, output: 1 };
const offPeak = { input: 0.25, output: 0.5 };

describe('pricesAt', () => {
  const schedule: PriceSchedule = [
    { prices: regular },
    { prices: cut, constraint: { type: 'from', at: Date.parse('2026-08-17T00:00:00Z') } },
    // 16:30 to 00:30 UTC, across midnight.
    { prices: offPeak, constraint: { type: 'time-of-day', start: 59_400, end: 1_800 } },
  ];

  it('picks the last rule in force', () => {
    expect(pricesAt(schedule, Date.parse('2026-08-01T12:00:00Z'))).toBe(regular);
    expect(pricesAt(schedule, Date.parse('2026-08-20T12:00:00Z'))).toBe(cut);
    expect(pricesAt(schedule, Date.parse('2026-08-20T23:00:00Z'))).toBe(offPeak);
    expect(pricesAt(schedule, Date.parse('2026-08-21T00:15:00Z'))).toBe(offPeak);
    expect(pricesAt(schedule, Date.parse('2026-08-21T00:30:00Z'))).toBe(cut);
  });

  it('uses the first entry when no rule holds', () => {
    const dated: PriceSchedule = [
      { prices: regular, constraint: { type: 'from', at: Date.parse('2030-01-01T00:00:00Z') } },
      { prices: cut, constraint: { type: 'from', at: Date.parse('2031-01-01T00:00:00Z') } },
    ];
    expect(pricesAt(dated, Date.parse('2026-01-01T00:00:00Z'))).toBe(regular);
  });
});
