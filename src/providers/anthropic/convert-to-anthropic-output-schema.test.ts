import { describe, expect, it } from 'vitest';
import { toAnthropicOutputSchema } from './convert-to-anthropic-output-schema.js';

describe('toAnthropicOutputSchema', () => {
  it('closes every object, keeps optional properties optional and describes rejected constraints', () => {
    expect(
      toAnthropicOutputSchema({
        type: 'object',
        properties: {
          age: { type: 'integer', minimum: 0, maximum: 150 },
          tags: { type: 'array', items: { type: 'string', maxLength: 10 }, minItems: 1 },
          many: { type: 'array', items: { type: 'string' }, minItems: 3 },
          when: { type: 'string', format: 'date' },
          slug: { type: 'string', pattern: '^(?!admin)[a-z]+$' },
        },
        required: ['age'],
      }),
    ).toEqual({
      type: 'object',
      properties: {
        age: { type: 'integer', description: 'Constraints: minimum: 0, maximum: 150' },
        tags: {
          type: 'array',
          items: { type: 'string', description: 'Constraints: maxLength: 10' },
          minItems: 1,
        },
        many: { type: 'array', items: { type: 'string' }, description: 'Constraints: minItems: 3' },
        when: { type: 'string', format: 'date' },
        slug: { type: 'string', description: 'Constraints: pattern: "^(?!admin)[a-z]+$"' },
      },
      required: ['age'],
      additionalProperties: false,
    });
  });

  it('gives up (so the adapter uses the forced tool) on records, recursion and conditionals', () => {
    expect(
      toAnthropicOutputSchema({
        type: 'object',
        properties: { m: { type: 'object', additionalProperties: true } },
      }),
    ).toBeUndefined();
    expect(
      toAnthropicOutputSchema({
        type: 'object',
        properties: { root: { $ref: '#/$defs/node' } },
        $defs: {
          node: {
            type: 'object',
            properties: { children: { type: 'array', items: { $ref: '#/$defs/node' } } },
          },
        },
      }),
    ).toBeUndefined();
    expect(
      toAnthropicOutputSchema({ type: 'object', properties: { a: { not: { type: 'null' } } } }),
    ).toBeUndefined();
    expect(toAnthropicOutputSchema({ type: 'array' })).toBeUndefined();
  });

  it('accepts shared definitions that do not recurse', () => {
    const schema = {
      type: 'object',
      properties: { from: { $ref: '#/$defs/place' }, to: { $ref: '#/$defs/place' } },
      $defs: { place: { type: 'object', properties: { city: { type: 'string' } } } },
    };
    expect(toAnthropicOutputSchema(schema)?.$defs).toEqual({
      place: { type: 'object', properties: { city: { type: 'string' } }, additionalProperties: false },
    });
  });
});
