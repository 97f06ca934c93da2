import { describe, expect, it } from 'vitest';
import type { Attempt } from '../../types/attempt.js';
import { RouterError } from '../../types/router-error.js';
import { DemoStats, percentile } from './demo-stats.js';

/** An attempt record; `fields` says what the test cares about. */
function attempt(fields: Pick<Attempt, 'provider' | 'outcome' | 'reason'> & Partial<Attempt>): Attempt {
  return { ordinal: 1, model: `${fields.provider}-model`, startedAt: 0, latencyMs: 1, ...fields };
}

describe('percentile', () => {
  it('is the nearest-rank value', () => {
    const values = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('DemoStats', () => {
  it('tallies each provider from the trails, and retries, fallbacks and openings from the hooks', () => {
    const stats = new DemoStats(['openai', 'anthropic']);
    stats.record({
      index: 1,
      stream: false,
      sentAt: 0,
      latencyMs: 30,
      provider: 'anthropic',
      trail: [
        attempt({ provider: 'openai', outcome: 'error', reason: 'primary', errorKind: 'overloaded' }),
        attempt({ provider: 'openai', outcome: 'skipped', reason: 'retry', errorKind: 'circuit_open' }),
        attempt({ provider: 'anthropic', outcome: 'success', reason: 'fallback' }),
      ],
    });
    stats.record({
      index: 2,
      stream: true,
      sentAt: 5,
      latencyMs: 90,
      timeToFirstPartMs: 20,
      trail: [attempt({ provider: 'anthropic', outcome: 'error', reason: 'primary', errorKind: 'timeout' })],
      error: new RouterError({ message: 'timed out', kind: 'timeout' }),
    });
    const target = { provider: 'openai', model: '*' };
    stats.hooks.onRetry?.({
      target,
      attempt: 1,
      error: new RouterError({ message: 'x', kind: 'server' }),
      delayMs: 1,
    });
    stats.hooks.onFallback?.({
      from: target,
      to: { provider: 'anthropic', model: 'a' },
      error: new RouterError({ message: 'x', kind: 'server' }),
    });
    stats.hooks.onCircuitStateChange?.({ target, from: 'closed', to: 'open' });

    expect(stats.tally('openai')).toEqual({
      served: 0,
      attempts: 1,
      skipped: 1,
      errors: new Map([['overloaded', 1]]),
      openings: 1,
    });
    expect(stats.tally('anthropic')).toEqual({
      served: 1,
      attempts: 2,
      skipped: 0,
      errors: new Map([['timeout', 1]]),
      openings: 0,
    });
    expect([stats.succeeded, stats.failed, stats.retries, stats.fallbacks, stats.openings]).toEqual([
      1, 1, 1, 1, 1,
    ]);
    expect(stats.events.map((event) => event.text)).toEqual(['breaker openai: closed → open']);
    // Latency percentiles count successful requests only.
    expect(stats.latency('total')).toEqual({ p50: 30, p90: 30, p99: 30 });
    expect(stats.latency('first-part')).toBeUndefined();
  });
});
