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
    // DeepSeek's JSON mode wants the word "json" in the prompt; the schema goes in a system message of its
    // own after the caller's system prompt, and the caller's messages stay as they were.
    // biome-ignore lint/suspicious/noExplicitAny: a wire body, read field by field
    const sent = body.messages as any[];
    expect(sent.map((message) => message.role)).toEqual(['system', 'system', 'user']);
    expect(sent[0]).toEqual({ role: 'system', content: 'You extract orders.' });
    expect(sent[2]).toEqual({ role: 'user', content: 'Order A-1 shipped to Ada: 2 of X.' });
    expect(sent[1].content).toMatch(/json/i);
    expect(sent[1].content).toContain(`JSON Schema:\n${JSON.stringify(orderSchema)}`);
    expect(body.tools).toBeUndefined();
    // The requests.router reports DeepSeek's capabilities, so JSON mode is chosen up front: one request, no skip.
    expect(response.trail.map((attempt) => attempt.outcome)).toEqual(['success']);
  });
});
