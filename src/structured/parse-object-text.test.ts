import { describe, expect, it } from 'vitest';
import { parseObjectText } from './parse-object-text.js';

const repair = { repair: true };

describe('parseObjectText', () => {
  it('takes plain JSON as it is', () => {
    expect(parseObjectText(' {"a": 1} ', repair)).toEqual({ ok: true, value: { a: 1 }, repaired: false });
    expect(parseObjectText('null', repair)).toEqual({ ok: true, value: null, repaired: false });
  });

  it.each([
    ['a code fence', '```json\n{"a": 1}\n```', { a: 1 }],
    ['prose on both sides', 'Here: {"a": {"b": "}"}} Done. {"c": 2}', { a: { b: '}' } }],
    ['a trailing comma', '{"a": [1, 2,],}', { a: [1, 2] }],
    ['missing closing brackets', '{"a": [1, {"b": 2', { a: [1, { b: 2 }] }],
    ['single quotes and a comment', "// note\n{'a': 'x'}", { a: 'x' }],
  ])('repairs %s', (_name, text, value) => {
    expect(parseObjectText(text, repair)).toEqual({ ok: true, value, repaired: true });
  });

  it('fails on empty answers and answers without an object, never making one up', () => {
    expect(parseObjectText('  ', repair)).toEqual({ ok: false, message: 'The answer was empty.' });
    expect(parseObjectText('No.', repair)).toEqual({
      ok: false,
      message: 'The answer contains no JSON object.',
    });
    expect(parseObjectText('{"a": 1} {"b": 2', repair).ok).toBe(true);
  });

  it('repairs nothing when repair is off', () => {
    expect(parseObjectText('```json\n{"a": 1}\n```', { repair: false })).toEqual({
      ok: false,
      message: 'The answer is not valid JSON.',
    });
  });
});
