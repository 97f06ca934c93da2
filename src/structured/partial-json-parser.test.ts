import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PartialJsonParser } from './partial-json-parser.js';

/** Every snapshot that changed, feeding `chunks` in order. */
function snapshots(chunks: readonly string[]): unknown[] {
  const parser = new PartialJsonParser();
  const seen: unknown[] = [];
  for (const chunk of chunks) if (parser.push(chunk)) seen.push(parser.snapshot());
  return seen;
}

describe('PartialJsonParser', () => {
  it('shows containers as they open, strings as they grow, and numbers only once complete', () => {
    const chunks = [
      '{"na',
      'me": "Ad',
      'a", "ag',
      'e": 3',
      '6, "tags": [',
      '"m',
      'ath"',
      ', true, nu',
      'll]}',
    ];
    expect(snapshots(chunks)).toEqual([
      {},
      { name: 'Ad' },
      { name: 'Ada' },
      { name: 'Ada', age: 36, tags: [] },
      { name: 'Ada', age: 36, tags: ['m'] },
      { name: 'Ada', age: 36, tags: ['math'] },
      { name: 'Ada', age: 36, tags: ['math', true] },
      { name: 'Ada', age: 36, tags: ['math', true, null] },
    ]);
  });

  it('reports no change for chunks that only extend a key or a number', () => {
    const parser = new PartialJsonParser();
    expect(parser.push('{"a": 1')).toBe(true);
    expect(parser.push('2')).toBe(false);
    expect(parser.push(', "lo')).toBe(true);
    expect(parser.push('ng_key')).toBe(false);
    expect(parser.snapshot()).toEqual({ a: 12 });
  });

  it('decodes escapes split across chunks', () => {
    const parser = new PartialJsonParser();
    for (const chunk of ['{"t": "a\\', 'n\\u00', 'e9\\"', 'b\\\\"}']) parser.push(chunk);
    expect(parser.snapshot()).toEqual({ t: 'a\né"b\\' });
    expect(parser.done).toBe(true);
  });

  it('skips prose and a code fence before the object and ignores what follows it', () => {
    expect(
      snapshots(['Here it is:\n```json\n{"a"', ': [1, {"b": "x"}]}\n```\nDone {"c": 1}']).at(-1),
    ).toEqual({
      a: [1, { b: 'x' }],
    });
  });

  it('keeps earlier snapshots unchanged and shares containers that have closed', () => {
    const parser = new PartialJsonParser();
    parser.push('{"done": {"x": 1}, "list": ["a"');
    const first = parser.snapshot() as { done: object; list: string[] };
    parser.push(', "b"');
    const second = parser.snapshot() as { done: object; list: string[] };
    expect(first.list).toEqual(['a']);
    expect(second.list).toEqual(['a', 'b']);
    expect(second.done).toBe(first.done);
  });

  it('ends, for any JSON object cut into any chunks, with exactly JSON.parse of the whole', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.array(fc.nat(), { maxLength: 20 }),
        (value, cuts) => {
          const text = JSON.stringify(value, null, cuts.length % 2 === 0 ? undefined : 1);
          const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
          const chunks: string[] = [];
          let previous = 0;
          for (const point of [...points, text.length]) {
            chunks.push(text.slice(previous, point));
            previous = point;
          }
          const parser = new PartialJsonParser();
          for (const chunk of chunks) parser.push(chunk);
          expect(parser.done).toBe(true);
          expect(parser.snapshot()).toEqual(JSON.parse(text));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('PartialJsonParser with hostile keys', () => {
  it('keeps a "__proto__" key as a plain property, as JSON.parse does', () => {
    const parser = new PartialJsonParser();
    parser.push('{"__proto__": {"polluted": true}, "a": 1}');
    const value = parser.snapshot() as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(value).toEqual(JSON.parse('{"__proto__": {"polluted": true}, "a": 1}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
