import { describe, expect, it } from 'vitest';
import { demoTimeline, formatMs, primaryPhase } from './demo-scenario.js';

describe('demoTimeline', () => {
  it('keeps the default run at the seed’s shape, scaled to 18 s', () => {
    expect(demoTimeline(300)).toEqual({
      requests: 300,
      durationMs: 18_000,
      scale: 1,
      retryBaseDelayMs: 100,
      breakerCooldownMs: 2_200,
      timeoutMs: 1_000,
      rateLimit: { limit: 3, windowMs: 250 },
      primaryDelayMs: 40,
      fallbackDelayMs: 60,
      slowDelayMs: 220,
      slowPartDelayMs: 25,
    });
  });

  it('shrinks every delay alike for a short run, and stays under a minute for a long one', () => {
    const short = demoTimeline(60);
    expect(short.durationMs).toBe(3_600);
    expect(short.timeoutMs).toBe(200);
    // The slow provider still answers well inside the timeout.
    expect(short.slowDelayMs + 10 * short.slowPartDelayMs).toBeLessThan(short.timeoutMs);
    expect(demoTimeline(100_000).durationMs).toBe(45_000);
  });
});

describe('primaryPhase', () => {
  it.each([
    [0, 'healthy'],
    [0.19, 'healthy'],
    [0.2, 'failing with 503s'],
    [0.4, 'hanging'],
    [0.549, 'hanging'],
    [0.55, 'recovered'],
    [1.2, 'recovered'],
  ])('at %f of the run the primary is %s', (fraction, phase) => {
    expect(primaryPhase(fraction)).toBe(phase);
  });
});

describe('formatMs', () => {
  it('reads naturally', () => {
    expect(formatMs(12.4)).toBe('12 ms');
    expect(formatMs(1_234)).toBe('1.2 s');
    expect(formatMs(18_000)).toBe('18 s');
  });
});
