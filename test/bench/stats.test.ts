import { describe, expect, it } from 'vitest';
import { median, percentile, SampleBuffer, summarize } from '../../bench/lib/stats.js';

describe('bench statistics', () => {
  it('takes the nearest-rank percentile of unsorted values', () => {
    const values = [9, 1, 8, 2, 7, 3, 6, 4, 5, 10];
    expect(percentile(values, 0.5)).toBe(5);
    expect(percentile(values, 0.99)).toBe(10);
    expect(percentile(values, 0.1)).toBe(1);
    expect(percentile([], 0.5)).toBeNaN();
  });

  it('averages the middle two for an even count and leaves the input in place', () => {
    const values = [4, 1, 3, 2];
    expect(median(values)).toBe(2.5);
    expect(values).toEqual([4, 1, 3, 2]);
    expect(median([7])).toBe(7);
  });

  it('summarizes into median, min, max and count', () => {
    expect(summarize([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, count: 3 });
    expect(summarize([]).count).toBe(0);
  });

  it('grows its sample buffer past the initial capacity and keeps every sample', () => {
    const buffer = new SampleBuffer(2);
    for (let value = 100; value >= 1; value--) buffer.push(value);
    expect(buffer.length).toBe(100);
    expect(buffer.percentile(0.5)).toBe(50);
    expect(buffer.percentile(0.99)).toBe(99);
    buffer.clear();
    expect(buffer.percentile(0.5)).toBeNaN();
  });
});
