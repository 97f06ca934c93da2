import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GapTimer } from './gap-timer.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('GapTimer', () => {
  it('expires `ms` after it was armed, naming the phase', () => {
    const expired = vi.fn();
    const gap = new GapTimer(expired);
    gap.arm('first-content', 1_000);
    vi.advanceTimersByTime(999);
    expect(expired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(expired).toHaveBeenCalledWith('first-content', 1_000);
  });

  it('re-arming restarts the clock from now, and the caller holding a part never counts', () => {
    const expired = vi.fn();
    const gap = new GapTimer(expired);
    gap.arm('idle', 1_000);
    vi.advanceTimersByTime(800);
    gap.hold();
    // The caller holds the part for longer than the idle limit: not the provider's gap.
    vi.advanceTimersByTime(5_000);
    expect(expired).not.toHaveBeenCalled();
    gap.arm('idle', 1_000);
    vi.advanceTimersByTime(999);
    expect(expired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(expired).toHaveBeenCalledWith('idle', 1_000);
  });

  it('moves from the first-content limit to the idle limit, and leaves an unbounded gap alone', () => {
    const expired = vi.fn();
    const gap = new GapTimer(expired);
    gap.arm('first-content', 5_000);
    vi.advanceTimersByTime(100);
    gap.hold();
    gap.arm('idle', 300);
    vi.advanceTimersByTime(300);
    expect(expired).toHaveBeenCalledWith('idle', 300);
    gap.arm('idle', undefined);
    vi.advanceTimersByTime(60_000);
    expect(expired).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stop leaves no timer behind', () => {
    const gap = new GapTimer(vi.fn());
    gap.arm('idle', 1_000);
    gap.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
