import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GeminiPartialArg } from './api-types.js';
import { StreamedArguments } from './streamed-arguments.js';

function run(pieces: GeminiPartialArg[], base?: Record<string, unknown>) {
  const args = new StreamedArguments(base);
  const deltas = pieces.map((piece) => args.add(piece));
  deltas.push(args.close());
  return { deltas, text: args.text() };
}

describe('StreamedArguments', () => {
  it('writes a string split over pieces as it arrives (the recorded Gemini 3 shape)', () => {
    const { deltas, text } = run([
      { jsonPath: '$.location', stringValue: 'San Fran', willContinue: true },
      { jsonPath: '$.location', stringValue: 'cisco', willContinue: true },
      { jsonPath: '$.location', stringValue: '' },
    ]);
    expect(deltas).toEqual(['{"location":"San Fran', 'cisco', '"', '}']);
    expect(text).toBe('{"location":"San Francisco"}');
  });

  it('writes numbers, booleans, nulls, nested objects and arrays in order', () => {
    const { deltas, text } = run([
      { jsonPath: '$.query', stringValue: 'tea' },
      { jsonPath: '$.limit', numberValue: 5 },
      { jsonPath: '$.filters.inStock', boolValue: true },
      { jsonPath: '$.filters.brand', nullValue: 'NULL_VALUE' },
      { jsonPath: '$.tags[0]', stringValue: 'green' },
      { jsonPath: '$.tags[1]', stringValue: 'loose' },
      { jsonPath: '$.items[0].sku', stringValue: 'A1' },
      { jsonPath: '$.items[0].count', numberValue: 2 },
      { jsonPath: '$.items[1].sku', stringValue: 'B2' },
      { jsonPath: '$[\'odd "key"\']', numberValue: -1.5 },
    ]);
    expect(deltas.join('')).toBe(text);
    expect(text).toBe(
      '{"query":"tea","limit":5,"filters":{"inStock":true,"brand":null},"tags":["green","loose"],' +
        '"items":[{"sku":"A1","count":2},{"sku":"B2"}],"odd \\"key\\"":-1.5}',
    );
  });

  it('escapes string fragments as JSON', () => {
    const { text } = run([
      { jsonPath: '$.code', stringValue: 'line "1"\n', willContinue: true },
      { jsonPath: '$.code', stringValue: '\\tab\t' },
    ]);
    expect(JSON.parse(text)).toEqual({ code: 'line "1"\n\\tab\t' });
  });

  it('closes a string still open when the next path starts or the call ends', () => {
    expect(
      run([
        { jsonPath: '$.a', stringValue: 'x', willContinue: true },
        { jsonPath: '$.b', stringValue: 'y', willContinue: true },
      ]).text,
    ).toBe('{"a":"x","b":"y"}');
  });

  it('gives {} for a call with no arguments', () => {
    expect(run([])).toEqual({ deltas: ['{}'], text: '{}' });
  });

  it('rebuilds from every piece when a path goes back into a closed member, and stops emitting', () => {
    const { deltas, text } = run([
      { jsonPath: '$.a.b', numberValue: 1 },
      { jsonPath: '$.c', numberValue: 2 },
      { jsonPath: '$.a.d', numberValue: 3 },
    ]);
    expect(deltas).toEqual(['{"a":{"b":1', '},"c":2', '', '']);
    expect(JSON.parse(text)).toEqual({ a: { b: 1, d: 3 }, c: 2 });
  });

  it('rebuilds when an array index is skipped', () => {
    const { text } = run([
      { jsonPath: '$.list[1]', stringValue: 'second' },
      { jsonPath: '$.list[0]', stringValue: 'first' },
    ]);
    expect(JSON.parse(text)).toEqual({ list: ['first', 'second'] });
  });

  it('completes arguments the call arrived with, as one delta', () => {
    const { deltas, text } = run([{ jsonPath: '$.unit', stringValue: 'C' }], { city: 'Oslo' });
    expect(deltas).toEqual(['', '{"city":"Oslo","unit":"C"}']);
    expect(text).toBe('{"city":"Oslo","unit":"C"}');
  });

  it('ignores pieces after close', () => {
    const args = new StreamedArguments();
    args.add({ jsonPath: '$.a', numberValue: 1 });
    args.close();
    expect(args.add({ jsonPath: '$.b', numberValue: 2 })).toBe('');
    expect(args.close()).toBe('');
    expect(args.text()).toBe('{"a":1}');
  });

  it('for any arguments sent in document order: deltas concatenate to text, which parses to the arguments', () => {
    const key = fc
      .oneof(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }),
        fc.constantFrom("it's", 'a\\b', '0', 'x.y', '[1]', '"q"'),
      )
      .filter((name) => name !== '__proto__');
    // JSON's special characters and surrogate pairs (which a split can cut in two) come up often.
    const tricky = fc.string({
      unit: fc.constantFrom('"', '\\', '\n', '\u0000', '\u2028', 'a', 'é', '😀'),
      maxLength: 8,
    });
    const scalar = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 12 }),
      tricky,
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => (Object.is(value, -0) ? 0 : value)),
      fc.boolean(),
      fc.constant(null),
    );
    const { value } = fc.letrec<{ value: unknown; object: Record<string, unknown> }>((tie) => ({
      value: fc.oneof(
        { maxDepth: 3, depthSize: 'small' },
        scalar,
        tie('object'),
        fc.array(tie('value'), { minLength: 1, maxLength: 3 }),
      ),
      object: fc.dictionary(key, tie('value'), { minKeys: 1, maxKeys: 4 }),
    }));
    const argumentsObject = fc.dictionary(key, value, { minKeys: 1, maxKeys: 4 });
    fc.assert(
      fc.property(argumentsObject, fc.integer({ min: 1, max: 5 }), (object, splitEvery) => {
        const pieces = toPieces(object, '$', splitEvery);
        const { deltas, text } = run(pieces);
        expect(deltas.join('')).toBe(text);
        expect(JSON.parse(text)).toEqual(object);
      }),
      { numRuns: 200 },
    );
  });
});

/** The pieces Gemini would send for `value`: leaves in document order, strings cut every `splitEvery` units. */
function toPieces(value: unknown, path: string, splitEvery: number): GeminiPartialArg[] {
  if (Array.isArray(value))
    return value.flatMap((item, index) => toPieces(item, `${path}[${index}]`, splitEvery));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([name, item]) => {
      const member = /^[A-Za-z_]\w*$/.test(name)
        ? `.${name}`
        : `['${name.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}']`;
      return toPieces(item, path + member, splitEvery);
    });
  }
  if (typeof value === 'string') {
    const pieces: GeminiPartialArg[] = [];
    for (let start = 0; start < value.length; start += splitEvery) {
      pieces.push({
        jsonPath: path,
        stringValue: value.slice(start, start + splitEvery),
        willContinue: true,
      });
    }
    pieces.push({ jsonPath: path, stringValue: '' });
    return pieces;
  }
  if (typeof value === 'number') return [{ jsonPath: path, numberValue: value }];
  if (typeof value === 'boolean') return [{ jsonPath: path, boolValue: value }];
  return [{ jsonPath: path, nullValue: 'NULL_VALUE' }];
}
