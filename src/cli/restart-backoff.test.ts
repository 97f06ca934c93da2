import { describe, expect, it } from 'vitest';
import { RestartBackoff } from './restart-backoff.js';

describe('RestartBackoff', () => {
  it('doubles the delay for each quick death in a row, up to the maximum', () => {
    const backoff = new RestartBackoff({ initialMs: 100, maximumMs: 1_000, healthyAfterMs: 5_000 });
    expect([10, 10, 10, 10, 10, 10].map((uptime) => backoff.delayAfter(uptime))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });

  it('starts again from the initial delay after a worker that stayed up', () => {
    const backoff = new RestartBackoff({ initialMs: 100, maximumMs: 1_000, healthyAfterMs: 5_000 });
    backoff.delayAfter(10);
    backoff.delayAfter(10);
    expect(backoff.delayAfter(10)).toBe(400);
    expect(backoff.delayAfter(5_000)).toBe(100);
    expect(backoff.delayAfter(10)).toBe(100);
    expect(backoff.delayAfter(10)).toBe(200);
  });
});
