import { describe, expect, it } from 'vitest';
import { validateJsonSchema } from './validate-json-schema.js';

describe('validateJsonSchema', () => {
  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: { a: { type: 'integer' }, b: { enum: ['x', 'y'] }, c: { type: 'string', format: 'email' } },
    required: ['a'],
    additionalProperties: false,
  };

  it('returns no issues for a valid value', () => {
    expect(validateJsonSchema(schema, { a: 1, b: 'x' })).toEqual([]);
  });

  it('returns every issue with a JSON Pointer and a readable message', () => {
    expect(validateJsonSchema(schema, { a: 1.5, b: 'z', d: true })).toEqual([
      { path: '', message: "must not have property 'd'" },
      { path: '/a', message: 'must be integer' },
      { path: '/b', message: 'must be one of "x", "y"' },
    ]);
  });

  it('validates draft-07 schemas (tuple items) by their own rules', () => {
    const draft07 = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'array',
      items: [{ type: 'string' }, { type: 'number' }],
    };
    expect(validateJsonSchema(draft07, ['a', 1])).toEqual([]);
    expect(validateJsonSchema(draft07, [1, 'a'])).toHaveLength(2);
  });

  it('checks formats such as email and date-time', () => {
    expect(validateJsonSchema(schema, { a: 1, c: 'ada@example.com' })).toEqual([]);
    const issues = validateJsonSchema(schema, { a: 1, c: 'not an email' });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toContain('format');
    const dated = { type: 'object', properties: { at: { type: 'string', format: 'date-time' } } };
    expect(validateJsonSchema(dated, { at: '2026-11-24T04:00:00Z' })).toEqual([]);
    expect(validateJsonSchema(dated, { at: 'yesterday' })).toHaveLength(1);
  });
});
