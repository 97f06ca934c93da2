import { describe, expect, it } from 'vitest';
import { completeObject } from '../../src/structured/index.js';
import { order, orderSchema, profile, profileSchema } from './fixture-schemas.js';
import { messages, useSchemaRequests } from './schema-requests.js';

const requests = useSchemaRequests();

describe('Anthropic: a forced json tool, or native output_config where the model has it', () => {
  it('sends the schema as the input schema of a forced tool on older models', async () => {
    requests.server
      .upstream('anthropic')
      .enqueue({ type: 'reply', toolCalls: [{ name: 'json', arguments: order }] });
    const { object } = await completeObject(requests.router, {
      model: 'claude-3-5-haiku-latest',
      messages,
      schema: orderSchema,
    });
    expect(object).toEqual(order);
    const body = requests.bodyOf('anthropic');
    // Without native structured output the schema rides as a tool's input_schema, unchanged, and
    // tool_choice { type: 'tool', name } forces the model to call that tool.
    expect(body.tools).toEqual([
      { name: 'json', description: 'Respond with JSON that matches this schema.', input_schema: orderSchema },
    ]);
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'json' });
    expect(body.output_config).toBeUndefined();
  });

  it('sends output_config.format with additionalProperties: false on Claude 4.5 (structuredOutput: auto)', async () => {
    requests.server.upstream('claude').enqueue({ type: 'reply', text: JSON.stringify(order) });
    const { object } = await completeObject(requests.router, {
      model: 'claude-sonnet-4-5',
      messages,
      schema: orderSchema,
    });
    expect(object).toEqual(order);
    const body = requests.bodyOf('claude');
    expect(body.tools).toBeUndefined();
    // Native JSON outputs: output_config.format is { type: 'json_schema', schema }, and Anthropic requires
    // additionalProperties: false on every object of the schema (root, nested, array items).
    expect(body.output_config).toEqual({
      format: {
        type: 'json_schema',
        schema: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            status: { type: 'string', enum: ['pending', 'shipped', 'delivered'] },
            note: { type: 'string' },
            customer: {
              type: 'object',
              properties: { name: { type: 'string' }, email: { type: 'string' } },
              required: ['name'],
              additionalProperties: false,
            },
            items: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  sku: { type: 'string' },
                  quantity: { type: 'integer' },
                  gift: { type: 'boolean' },
                },
                required: ['sku', 'quantity'],
                additionalProperties: false,
              },
            },
          },
          required: ['id', 'status', 'customer', 'items'],
          additionalProperties: false,
        },
      },
    });
    expect(Object.keys(body.output_config as object)).toEqual(['format']);
  });

  it('describes the numeric, length and item-count constraints native mode rejects', async () => {
    requests.server.upstream('claude').enqueue({ type: 'reply', text: JSON.stringify(profile) });
    await completeObject(requests.router, { model: 'claude-sonnet-4-5', messages, schema: profileSchema });
    // Anthropic's structured outputs reject numeric bounds, string lengths, uniqueItems and minItems above 1,
    // and take anyOf rather than oneOf; pattern, format (uri, email) and const are supported and stay.
    // biome-ignore lint/suspicious/noExplicitAny: a wire body, read field by field
    const format = (requests.bodyOf('claude') as Record<string, any>).output_config.format;
    expect(format.type).toBe('json_schema');
    const { properties, required, additionalProperties } = format.schema;
    expect(required).toEqual(['handle', 'age', 'tags', 'kind', 'contact']);
    expect(additionalProperties).toBe(false);
    // The rejected keywords are dropped and described instead, so the model still sees them.
    expect(properties.handle).toEqual({
      type: 'string',
      pattern: '^[a-z0-9_]+$',
      description: 'Constraints: minLength: 3, maxLength: 20',
    });
    expect(properties.age).toEqual({
      type: 'integer',
      description: 'Constraints: minimum: 13, exclusiveMaximum: 130',
    });
    expect(properties.tags).toEqual({
      type: 'array',
      items: { type: 'string' },
      description: 'Constraints: uniqueItems: true, minItems: 2',
    });
    expect(properties.website).toEqual({ type: 'string', format: 'uri' });
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
    expect(Object.keys(properties).sort()).toEqual(['age', 'contact', 'handle', 'kind', 'tags', 'website']);
  });
});
