import { describe, expect, it } from 'vitest';
import { completeObject } from '../../src/structured/index.js';
import { order, orderSchema, profile, profileSchema } from './fixture-schemas.js';
import { messages, useSchemaRequests } from './schema-requests.js';

const requests = useSchemaRequests();

describe('OpenAI: strict json_schema', () => {
  it('makes every property required, optional ones nullable, and closes every object', async () => {
    requests.server
      .upstream('openai')
      .enqueue({ type: 'reply', text: JSON.stringify({ ...order, note: null }) });
    const { object } = await completeObject(requests.router, {
      model: 'gpt-4o-mini',
      messages,
      schema: orderSchema,
    });
    // Strict mode's null for the optional `note` is an absent field again.
    expect(object).toEqual(order);
    // Strict Structured Outputs: every property listed in required, an optional one made nullable with a
    // type list, and additionalProperties: false on every object.
    // biome-ignore lint/suspicious/noExplicitAny: a wire body, read field by field
    const format = (requests.bodyOf('openai') as Record<string, any>).response_format;
    expect(format.type).toBe('json_schema');
    expect(format.json_schema.name).toBe('response');
    expect(format.json_schema.strict).toBe(true);
    const schema = format.json_schema.schema;
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['id', 'status', 'note', 'customer', 'items']);
    expect(schema.properties.id).toEqual({ type: 'string' });
    expect(schema.properties.status).toEqual({ type: 'string', enum: ['pending', 'shipped', 'delivered'] });
    expect(schema.properties.note).toEqual({ type: ['string', 'null'] });
    expect(schema.properties.customer).toEqual({
      type: 'object',
      properties: { name: { type: 'string' }, email: { type: ['string', 'null'] } },
      required: ['name', 'email'],
      additionalProperties: false,
    });
    expect(schema.properties.items).toEqual({
      type: 'array',
      items: {
        type: 'object',
        properties: {
          sku: { type: 'string' },
          quantity: { type: 'integer' },
          gift: { type: ['boolean', 'null'] },
        },
        required: ['sku', 'quantity', 'gift'],
        additionalProperties: false,
      },
    });
  });

  it('describes the keywords strict mode rejects and turns oneOf into anyOf', async () => {
    requests.server.upstream('openai').enqueue({ type: 'reply', text: JSON.stringify(profile) });
    const { object } = await completeObject(requests.router, {
      model: 'gpt-4o-mini',
      messages,
      schema: profileSchema,
    });
    expect(object).toEqual(profile);
    // Strict mode supports pattern, minimum / exclusiveMaximum, minItems, const, anyOf and the email format;
    // minLength / maxLength, uniqueItems and the uri format are described instead, and oneOf becomes anyOf.
    // biome-ignore lint/suspicious/noExplicitAny: a wire body, read field by field
    const format = (requests.bodyOf('openai') as Record<string, any>).response_format;
    expect(format.type).toBe('json_schema');
    expect(format.json_schema.strict).toBe(true);
    const { properties, required, additionalProperties } = format.json_schema.schema;
    expect(additionalProperties).toBe(false);
    expect(required).toEqual(['handle', 'age', 'website', 'tags', 'kind', 'contact']);
    expect(properties.handle).toEqual({
      type: 'string',
      pattern: '^[a-z0-9_]+$',
      description: 'Constraints: minLength: 3, maxLength: 20',
    });
    expect(properties.age).toEqual({ type: 'integer', minimum: 13, exclusiveMaximum: 130 });
    // The optional website is required and nullable, like every optional property in strict mode.
    expect(properties.website).toEqual({
      type: ['string', 'null'],
      description: 'Constraints: format: "uri"',
    });
    expect(properties.tags).toEqual({
      type: 'array',
      items: { type: 'string' },
      minItems: 2,
      description: 'Constraints: uniqueItems: true',
    });
    expect(properties.kind).toEqual({ const: 'person' });
    expect(properties.contact).toEqual({
      anyOf: [
        {
          type: 'object',
          properties: { email: { type: 'string', format: 'email' } },
          required: ['email'],
          additionalProperties: false,
        },
        {
          type: 'object',
          properties: { phone: { type: 'string' } },
          required: ['phone'],
          additionalProperties: false,
        },
      ],
    });
  });
});
