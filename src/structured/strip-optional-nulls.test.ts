import { describe, expect, it } from 'vitest';
import { stripOptionalNulls } from './strip-optional-nulls.js';

const schema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    nick: { type: 'string' },
    middle: { type: ['string', 'null'] },
    required_but_null: { type: 'string' },
    pets: { type: 'array', items: { $ref: '#/$defs/pet' } },
    extra: {
      type: 'object',
      additionalProperties: { type: 'object', properties: { note: { type: 'string' } } },
    },
  },
  required: ['name', 'required_but_null'],
  $defs: { pet: { type: 'object', properties: { name: { type: 'string' }, age: { type: 'integer' } } } },
};

describe('stripOptionalNulls', () => {
  it('drops null only where the field is optional and its schema does not accept null', () => {
    const answer = {
      name: 'Ada',
      nick: null,
      middle: null,
      required_but_null: null,
      pets: [{ name: 'Rex', age: null }],
      extra: { a: { note: null } },
      unknown: null,
    };
    expect(stripOptionalNulls(answer, schema)).toEqual({
      name: 'Ada',
      middle: null,
      required_but_null: null,
      pets: [{ name: 'Rex' }],
      extra: { a: {} },
      unknown: null,
    });
    expect(answer.nick).toBeNull();
  });

  it('follows the object branch of an anyOf and leaves primitives alone', () => {
    const union = {
      anyOf: [{ type: 'string' }, { type: 'object', properties: { a: { type: 'number' } } }],
    };
    expect(stripOptionalNulls({ a: null }, union)).toEqual({});
    expect(stripOptionalNulls('text', union)).toBe('text');
    expect(stripOptionalNulls(null, union)).toBeNull();
  });
});
