import { describe, expect, it } from 'vitest';
import { toOpenAIStrictSchema } from './convert-to-openai-strict-schema.js';

describe('toOpenAIStrictSchema', () => {
  it('requires every property, makes optional ones nullable and closes every object, nested ones included', () => {
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: {
        name: { type: 'string' },
        size: { type: 'string', enum: ['S', 'M'] },
        owner: { $ref: '#/$defs/person' },
        choice: { anyOf: [{ type: 'string' }, { type: 'number' }] },
      },
      required: ['name'],
      $defs: { person: { type: 'object', properties: { email: { type: 'string' } } } },
    };
    expect(toOpenAIStrictSchema(schema)).toEqual({
      strict: true,
      schema: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          size: { type: ['string', 'null'], enum: ['S', 'M', null] },
          owner: { anyOf: [{ $ref: '#/$defs/person' }, { type: 'null' }] },
          choice: { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'null' }] },
        },
        required: ['name', 'size', 'owner', 'choice'],
        additionalProperties: false,
        $defs: {
          person: {
            type: 'object',
            properties: { email: { type: ['string', 'null'] } },
            required: ['email'],
            additionalProperties: false,
          },
        },
      },
    });
  });

  it('keeps an optional property that already accepts null as it is', () => {
    const schema = { type: 'object', properties: { nick: { type: ['string', 'null'] } } };
    expect(toOpenAIStrictSchema(schema).schema.properties).toEqual({ nick: { type: ['string', 'null'] } });
  });

  it('moves rejected keywords into the description, keeping supported formats and patterns', () => {
    const schema = {
      type: 'object',
      properties: {
        code: { type: 'string', description: 'Coupon', minLength: 4, pattern: '^[A-Z]+$', default: 'FREE' },
        at: { type: 'string', format: 'date-time' },
        site: { type: 'string', format: 'uri' },
      },
      required: ['code', 'at', 'site'],
    };
    expect(toOpenAIStrictSchema(schema).schema.properties).toEqual({
      code: {
        type: 'string',
        description: 'Coupon (Constraints: minLength: 4, default: "FREE")',
        pattern: '^[A-Z]+$',
      },
      at: { type: 'string', format: 'date-time' },
      site: { type: 'string', description: 'Constraints: format: "uri"' },
    });
  });

  it('sends what strict mode cannot express unchanged, as a non-strict hint', () => {
    for (const schema of [
      { type: 'object', properties: { tags: { type: 'object', additionalProperties: { type: 'string' } } } },
      { type: 'object', allOf: [{ properties: { a: { type: 'string' } } }] },
      { type: 'array', items: { type: 'string' } },
    ]) {
      expect(toOpenAIStrictSchema(schema)).toEqual({ schema, strict: false });
    }
  });

  it('does not change the schema it is given', () => {
    const schema = { type: 'object', properties: { a: { type: 'string', minLength: 1 } } };
    const copy = structuredClone(schema);
    toOpenAIStrictSchema(schema);
    expect(schema).toEqual(copy);
  });
});
