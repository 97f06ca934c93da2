import { describe, expect, it } from 'vitest';
import { completeObject } from '../../src/structured/index.js';
import { order, orderSchema } from './fixture-schemas.js';
import { useSchemaRequests } from './schema-requests.js';

const requests = useSchemaRequests();

describe('DeepSeek: json_object with the schema in the prompt', () => {
  it('asks for json_object and puts the schema in a system message that says JSON', async () => {
    requests.server.upstream('deepseek').enqueue({ type: 'reply', text: JSON.stringify(order) });
    const { object, response } = await completeObject(requests.router, {
      model: 'deepseek-chat',
      messages: [
        { role: 'system', content: 'You extract orders.' },
        { role: 'user', content: 'Order A-1 shipped to Ada: 2 of X.' },
      ],
      schema: orderSchema,
    });
    expect(object).toEqual(order);
    const body = requests.bodyOf('deepseek');
    expect(body.response_format).toEqual({ type: 'json_object' });
    expect(body.messages).toMatchInlineSnapshot(`
      [
        {
          "content": "You extract orders.",
          "role": "system",
        },
        {
          "content": "Answer with one JSON object that matches the JSON Schema below, and nothing else: no prose, no code fences.

      JSON Schema:
      {"type":"object","properties":{"id":{"type":"string"},"status":{"type":"string","enum":["pending","shipped","delivered"]},"note":{"type":"string"},"customer":{"type":"object","properties":{"name":{"type":"string"},"email":{"type":"string"}},"required":["name"]},"items":{"type":"array","items":{"type":"object","properties":{"sku":{"type":"string"},"quantity":{"type":"integer"},"gift":{"type":"boolean"}},"required":["sku","quantity"]}}},"required":["id","status","customer","items"]}",
          "role": "system",
        },
        {
          "content": "Order A-1 shipped to Ada: 2 of X.",
          "role": "user",
        },
      ]
    `);
    // The requests.router reports DeepSeek's capabilities, so JSON mode is chosen up front: one request, no skip.
    expect(response.trail.map((attempt) => attempt.outcome)).toEqual(['success']);
  });
});
