import { describe, expect, it } from 'vitest';
import { parseJsonPath } from './parse-json-path.js';

describe('parseJsonPath', () => {
  it('reads dot members, array indices and quoted members', () => {
    expect(parseJsonPath('$.location')).toEqual(['location']);
    expect(parseJsonPath('$.items[0].name')).toEqual(['items', 0, 'name']);
    expect(parseJsonPath("$['full name'][12]")).toEqual(['full name', 12]);
    expect(parseJsonPath('$["a.b"]["c[d]"]')).toEqual(['a.b', 'c[d]']);
  });

  it('resolves escapes inside quoted members', () => {
    expect(parseJsonPath("$['it\\'s']")).toEqual(["it's"]);
    expect(parseJsonPath('$["tab\\there"]')).toEqual(['tab\there']);
    expect(parseJsonPath("$['\\u00e9t\\u00e9']")).toEqual(['été']);
  });

  it('reads the root alone as no segments', () => {
    expect(parseJsonPath('$')).toEqual([]);
  });

  it('rejects paths that do not address one value', () => {
    expect(parseJsonPath('location')).toBeUndefined();
    expect(parseJsonPath('$.items[*]')).toBeUndefined();
    expect(parseJsonPath('$.*')).toBeUndefined();
    expect(parseJsonPath('$.a[-1]')).toBeUndefined();
    expect(parseJsonPath("$['unterminated")).toBeUndefined();
    expect(parseJsonPath('$.a[0')).toBeUndefined();
    expect(parseJsonPath('$..a')).toBeUndefined();
  });
});
