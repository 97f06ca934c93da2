import { describe, expect, it } from 'vitest';
import { cachedBySchema } from './schema-cache.js';

describe('cachedBySchema', () => {
  it('converts each schema object once and never freezes the caller’s schema', () => {
    let conversions = 0;
    const convert = cachedBySchema((schema): Record<string, unknown> => {
      conversions++;
      return { ...schema, seen: true };
    });
    const schema = { type: 'object', required: ['a'] };
    const first = convert(schema);
    expect(convert(schema)).toBe(first);
    expect(conversions).toBe(1);
    expect(Object.isFrozen(first.required)).toBe(true);
    expect(Object.isFrozen(schema.required)).toBe(false);
    convert({ ...schema });
    expect(conversions).toBe(2);
  });
});
