import { describe, expect, it } from 'vitest';
import { toGeminiResponseJsonSchema } from './convert-to-gemini-response-schema.js';

describe('toGeminiResponseJsonSchema', () => {
  it('leaves a schema inside the documented subset as it is', () => {
    const schema = {
      type: 'object',
      properties: {
        n: { type: 'integer', minimum: 1 },
        tags: { type: 'array', items: { type: 'string' }, maxItems: 3 },
      },
      required: ['n'],
      additionalProperties: false,
    };
    expect(toGeminiResponseJsonSchema(schema)).toEqual(schema);
  });

  it('turns const into enum and oneOf into anyOf, drops $schema and describes the rest', () => {
    expect(
      toGeminiResponseJsonSchema({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: {
          kind: { const: 'a' },
          either: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
          code: { type: 'string', pattern: '^x', minLength: 2, default: 'xx' },
        },
      }),
    ).toEqual({
      type: 'object',
      properties: {
        kind: { enum: ['a'] },
        either: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
        code: { type: 'string', description: 'Constraints: pattern: "^x", minLength: 2, default: "xx"' },
      },
    });
  });

  it('renames draft-07 definitions to $defs along with their references', () => {
    expect(
      toGeminiResponseJsonSchema({
        type: 'object',
        properties: { a: { $ref: '#/definitions/item' } },
        definitions: { item: { type: 'string' } },
      }),
    ).toEqual({
      type: 'object',
      properties: { a: { $ref: '#/$defs/item' } },
      $defs: { item: { type: 'string' } },
    });
  });
});
