import { describe, expect, it } from 'vitest';
import type { Attempt } from '../types/attempt.js';
import { ObjectTrail } from './object-trail.js';

function attempt(outcome: Attempt['outcome'], extra: Partial<Attempt> = {}): Attempt {
  return {
    ordinal: 1,
    provider: 'p',
    model: 'm',
    reason: 'primary',
    outcome,
    startedAt: 0,
    latencyMs: 1,
    ...extra,
  };
}

describe('ObjectTrail', () => {
  it('numbers attempts across router calls and gives each call its reason', () => {
    const trail = new ObjectTrail();
    trail.append([attempt('error'), attempt('success', { ordinal: 2, reason: 'retry' })], {
      reason: 'primary',
    });
    const answered = trail.append([attempt('success')], { reason: 'fallback' });
    trail.mark(answered, 'schema_invalid', 'at /a: must be string');
    trail.mark(answered, 'schema_invalid');
    expect(
      trail.attempts.map((entry) => [entry.ordinal, entry.reason, entry.structured, entry.message]),
    ).toEqual([
      [1, 'primary', undefined, undefined],
      [2, 'retry', undefined, undefined],
      [3, 'fallback', ['schema_invalid'], 'at /a: must be string'],
    ]);
  });

  it('sums the cost of every priced attempt, and knows none when the serving one has no price', () => {
    const trail = new ObjectTrail();
    trail.append([attempt('success', { cost: { usd: 0.25 } })], { reason: 'primary' });
    expect(trail.totalCost()).toEqual({ usd: 0.25 });
    trail.append([attempt('success', { cost: { usd: 0.5 } })], { reason: 'retry' });
    expect(trail.totalCost()).toEqual({ usd: 0.75 });
    trail.append([attempt('success')], { reason: 'fallback' });
    expect(trail.totalCost()).toBeUndefined();
  });
});
