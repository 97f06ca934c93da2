import { describe, expect, it } from 'vitest';
import { completeObject } from '../../src/structured/index.js';
import { order, orderSchema, profile, profileSchema } from './fixture-schemas.js';
import { messages, useSchemaRequests } from './schema-requests.js';

const requests = useSchemaRequests();

describe('Gemini: responseJsonSchema, or the OpenAPI responseSchema before 2.5', () => {
  it('sends the schema as responseJsonSchema with the JSON mime type', async () => {
    requests.server.upstream('gemini').enqueue({ type: 'reply', text: JSON.stringify(order) });
    const { object } = await completeObject(requests.router, {
      model: 'gemini-2.5-flash',
      messages,
      schema: orderSchema,
    });
    expect(object).toEqual(order);
    // Structured output on 2.5: generationConfig.responseMimeType application/json with the JSON Schema,
    // unchanged, in responseJsonSchema (not the OpenAPI-subset responseSchema).
    expect(requests.bodyOf('gemini').generationConfig).toEqual({
      responseMimeType: 'application/json',
      responseJsonSchema: orderSchema,
    });
  });

  it('turns const into enum and oneOf into anyOf, and describes what Gemini does not document', async () => {
    requests.server.upstream('gemini').enqueue({ type: 'reply', text: JSON.stringify(profile) });
    await completeObject(requests.router, { model: 'gemini-2.5-flash', messages, schema: profileSchema });
    // responseJsonSchema documents enum, anyOf, format, minimum and minItems; const becomes a one-value enum,
    // oneOf becomes anyOf, and the rest (lengths, pattern, exclusiveMaximum, uniqueItems) is described.
    // biome-ignore lint/suspicious/noExplicitAny: a wire body, read field by field
    const config = (requests.bodyOf('gemini') as Record<string, any>).generationConfig;
    expect(config.responseMimeType).toBe('application/json');
    expect(config.responseSchema).toBeUndefined();
    const { properties, required } = config.responseJsonSchema;
    expect(required).toEqual(['handle', 'age', 'tags', 'kind', 'contact']);
    expect(properties.kind).toEqual({ enum: ['person'] });
    expect(properties.handle).toEqual({
      type: 'string',
      description: 'Constraints: minLength: 3, maxLength: 20, pattern: "^[a-z0-9_]+$"',
    });
    expect(properties.age).toEqual({
      type: 'integer',
      minimum: 13,
      description: 'Constraints: exclusiveMaximum: 130',
    });
    expect(properties.tags).toEqual({
      type: 'array',
      items: { type: 'string' },
      minItems: 2,
      description: 'Constraints: uniqueItems: true',
    });
    expect(properties.website).toEqual({ type: 'string', format: 'uri' });
    expect(properties.contact).toEqual({
      anyOf: [
        { type: 'object', properties: { email: { type: 'string', format: 'email' } }, required: ['email'] },
        { type: 'object', properties: { phone: { type: 'string' } }, required: ['phone'] },
      ],
    });
  });

  it('sends responseSchema in the OpenAPI subset to Gemini 2.0', async () => {
    requests.server.upstream('gemini').enqueue({ type: 'reply', text: JSON.stringify(order) });
    await completeObject(requests.router, { model: 'gemini-2.0-flash', messages, schema: orderSchema });
    // Before 2.5 the schema goes as responseSchema in the OpenAPI subset; propertyOrdering on each object
    // keeps the declared order, which Gemini otherwise sorts alphabetically.
    // biome-ignore lint/suspicious/noExplicitAny: a wire body, read field by field
    const config = (requests.bodyOf('gemini') as Record<string, any>).generationConfig;
    expect(config.responseMimeType).toBe('application/json');
    expect(config.responseJsonSchema).toBeUndefined();
    const schema = config.responseSchema;
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(['id', 'status', 'customer', 'items']);
    expect(schema.propertyOrdering).toEqual(['id', 'status', 'note', 'customer', 'items']);
    expect(schema.properties.status).toEqual({ type: 'string', enum: ['pending', 'shipped', 'delivered'] });
    expect(schema.properties.customer).toEqual({
      type: 'object',
      properties: { name: { type: 'string' }, email: { type: 'string' } },
      required: ['name'],
      propertyOrdering: ['name', 'email'],
    });
    expect(schema.properties.items.items.propertyOrdering).toEqual(['sku', 'quantity', 'gift']);
    expect(schema.properties.items.items.required).toEqual(['sku', 'quantity']);
    expect(Object.keys(config).sort()).toEqual(['responseMimeType', 'responseSchema']);
  });
});
