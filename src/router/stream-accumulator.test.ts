import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../types/stream-part.js';
import { StreamAccumulator } from './stream-accumulator.js';

const target = { provider: 'p', model: 'm' };

function deltas(type: 'text-delta' | 'reasoning-delta', count: number): StreamPart[] {
  return Array.from({ length: count }, (_, index) => ({ type, text: `${index},` }) as StreamPart);
}

describe('StreamAccumulator', () => {
  it('keeps every delta of a long answer in order, across the groups it joins them in', () => {
    const accumulator = new StreamAccumulator();
    for (const part of deltas('text-delta', 100)) accumulator.add(part);
    const expected = Array.from({ length: 100 }, (_, index) => `${index},`).join('');
    expect(accumulator.partial().text).toBe(expected);
    // Reading the partial output midway loses nothing that arrives after it.
    accumulator.add({ type: 'text-delta', text: 'end' });
    expect(accumulator.toResponse(target, []).text).toBe(`${expected}end`);
  });

  it('closes a reasoning block at reasoning-end and keeps an unclosed one as the last block', () => {
    const accumulator = new StreamAccumulator();
    for (const part of deltas('reasoning-delta', 40)) accumulator.add(part);
    accumulator.add({ type: 'reasoning-end', block: { text: 'first' } } as StreamPart);
    accumulator.add({ type: 'reasoning-delta', text: 'second' });
    expect(accumulator.partial().reasoning).toEqual([{ text: 'first' }, { text: 'second' }]);
    expect(accumulator.partial().reasoningText).toBe('firstsecond');
  });

  it('starts from nothing after reset', () => {
    const accumulator = new StreamAccumulator();
    for (const part of deltas('text-delta', 50)) accumulator.add(part);
    accumulator.reset();
    accumulator.add({ type: 'text-delta', text: 'fresh' });
    expect(accumulator.partial().text).toBe('fresh');
  });
});
