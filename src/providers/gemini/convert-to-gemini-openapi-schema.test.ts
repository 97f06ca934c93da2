import { describe, expect, it } from 'vitest';
import { toGeminiOpenApiSchema } from './convert-to-gemini-openapi-schema.js';

describe('toGeminiOpenApiSchema', () => {
  it('writes nullability as nullable, inlines references and orders properties as declared', () => {
    expect(
      toGeminiOpenApiSchema({
        type: 'object',
        properties: {
          zeta: { type: ['string', 'null'] },
          alpha: { anyOf: [{ $ref: '#/$defs/point' }, { type: 'null' }] },
        },
        required: ['zeta'],
        additionalProperties: false,
        $defs: { point: { type: 'object', properties: { x: { type: 'number' } } } },
      }),
    ).toEqual({
      type: 'object',
      properties: {
        zeta: { type: 'string', nullable: true },
        alpha: {
          type: 'object',
          properties: { x: { type: 'number' } },
          propertyOrdering: ['x'],
          nullable: true,
        },
      },
      required: ['zeta'],
      propertyOrdering: ['zeta', 'alpha'],
      description: 'Constraints: additionalProperties: false',
    });
  });

  it('keeps string enums and supported formats, and describes what the subset lacks', () => {
    expect(
      toGeminiOpenApiSchema({
        type: 'object',
        properties: {
          kind: { const: 'a' },
          level: { type: 'integer', enum: [1, 2] },
          at: { type: 'string', format: 'date-time' },
          mail: { type: 'string', format: 'email', maxLength: 80 },
        },
      }).properties,
    ).toEqual({
      kind: { type: 'string', enum: ['a'] },
      level: { type: 'integer', description: 'Constraints: enum: [1,2]' },
      at: { type: 'string', format: 'date-time' },
      mail: { type: 'string', description: 'Constraints: format: "email", maxLength: 80' },
    });
  });

  it('cuts a recursive schema off instead of looping', () => {
    const schema = toGeminiOpenApiSchema({
      type: 'object',
      properties: { child: { $ref: '#/$defs/node' } },
      $defs: { node: { type: 'object', properties: { child: { $ref: '#/$defs/node' } } } },
    });
    expect(JSON.stringify(schema).length).toBeLessThan(5_000);
  });
});
