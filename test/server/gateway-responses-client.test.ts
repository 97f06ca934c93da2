import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { faults } from '../../src/testing/fake-server/index.js';
import { useGatewayHarness } from './gateway-harness.js';

// The official `openai` client's Responses API against a running gateway, through the fake provider server.
const harness = useGatewayHarness();

const weatherTool = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  strict: true,
};

describe('gateway with the openai client, Responses API', () => {
  it('answers responses.create with a Response object, output items and usage', async () => {
    harness.primary.enqueue(
      faults.reply({ text: 'It is an invoice.', usage: { inputTokens: 12, outputTokens: 5 } }),
    );
    const { data, response } = await harness.client.responses
      .create({
        model: 'gpt-4o-mini',
        instructions: 'Classify documents.',
        input: 'Classify: invoice #42',
        max_output_tokens: 50,
        temperature: 0.2,
        store: false,
      })
      .withResponse();
    expect(data.object).toBe('response');
    expect(data.status).toBe('completed');
    expect(data.output_text).toBe('It is an invoice.');
    expect(data.output).toEqual([
      {
        type: 'message',
        id: expect.stringMatching(/^msg_/),
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text: 'It is an invoice.', annotations: [], logprobs: [] }],
      },
    ]);
    expect(data.usage).toMatchObject({ input_tokens: 12, output_tokens: 5, total_tokens: 17 });
    expect((data as unknown as { store: boolean }).store).toBe(false);
    expect(response.headers.get('x-llmrouter-provider')).toBe('openai');
    expect(harness.primary.requests[0]!.body).toMatchObject({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Classify documents.' },
        { role: 'user', content: 'Classify: invoice #42' },
      ],
      max_completion_tokens: 50,
      temperature: 0.2,
    });
  });

  it('streams a function call with responses.stream, then completes the round trip', async () => {
    harness.primary.enqueue(
      faults.reply({ toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }] }),
    );
    const stream = harness.client.responses.stream({
      model: 'gpt-4o-mini',
      input: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [weatherTool],
      tool_choice: 'auto',
    });
    const events: Array<{ type: string; sequence_number: number }> = [];
    let argumentsText = '';
    for await (const event of stream) {
      events.push(event);
      if (event.type === 'response.function_call_arguments.delta') argumentsText += event.delta;
    }
    const final = await stream.finalResponse();
    const call = final.output.find((item) => item.type === 'function_call');
    expect(call).toMatchObject({
      call_id: 'call_1',
      name: 'get_weather',
      arguments: '{"city":"Paris"}',
      status: 'completed',
    });
    expect(argumentsText).toBe('{"city":"Paris"}');
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    expect(events[0]!.type).toBe('response.created');
    expect(events[1]!.type).toBe('response.in_progress');
    expect(events.at(-1)!.type).toBe('response.completed');
    expect(events.map((event) => event.type)).toEqual(
      expect.arrayContaining([
        'response.output_item.added',
        'response.function_call_arguments.delta',
        'response.function_call_arguments.done',
        'response.output_item.done',
      ]),
    );

    // The round trip: the call and its output go back as input items, stateless.
    harness.primary.enqueue(faults.reply({ text: 'It is 18 °C in Paris.' }));
    const second = harness.client.responses.stream({
      model: 'gpt-4o-mini',
      input: [
        { role: 'user', content: 'Weather in Paris?' },
        { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'function_call_output', call_id: 'call_1', output: '{"celsius":18}' },
      ],
      tools: [weatherTool],
    });
    const types: string[] = [];
    for await (const event of second) types.push(event.type);
    const answer = await second.finalResponse();
    expect(answer.output_text).toBe('It is 18 °C in Paris.');
    expect(types).toEqual(
      expect.arrayContaining([
        'response.content_part.added',
        'response.output_text.delta',
        'response.output_text.done',
        'response.content_part.done',
      ]),
    );
    expect(harness.primary.requests[1]!.body).toMatchObject({
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '{"celsius":18}' },
      ],
    });
  });

  it('sends text.format as a JSON schema and returns the JSON the model wrote', async () => {
    harness.primary.enqueue(faults.reply({ text: '{"kind":"invoice"}' }));
    const schema = {
      type: 'object',
      properties: { kind: { type: 'string' } },
      required: ['kind'],
      additionalProperties: false,
    };
    const data = await harness.client.responses.create({
      model: 'gpt-4o-mini',
      input: 'Classify: invoice #42',
      text: { format: { type: 'json_schema', name: 'classification', schema, strict: true } },
    });
    expect(JSON.parse(data.output_text)).toEqual({ kind: 'invoice' });
    expect(data.text?.format).toMatchObject({ type: 'json_schema', name: 'classification' });
    expect(harness.primary.requests[0]!.body).toMatchObject({
      response_format: { type: 'json_schema', json_schema: { name: 'classification', strict: true } },
    });
  });

  it('serves a Responses call from the Anthropic fallback in the Responses shape', async () => {
    harness.primary.enqueue(faults.overloaded(), faults.overloaded());
    harness.fallback.enqueue(faults.reply({ text: 'From Claude.', reasoning: 'Thinking it over.' }));
    const data = await harness.client.responses.create({ model: 'gpt-4o-mini', input: 'Hi' });
    expect(data.output_text).toBe('From Claude.');
    expect(data.output[0]).toMatchObject({
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: 'Thinking it over.' }],
    });
    expect(harness.fallback.requests).toHaveLength(1);
  });

  it('refuses previous_response_id with a 400 that says what to send instead', async () => {
    const error = await harness.client.responses
      .create({ model: 'gpt-4o-mini', input: 'And then?', previous_response_id: 'resp_123' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const apiError = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(apiError.param).toBe('previous_response_id');
    expect(apiError.message).toContain("send the earlier turns (their output items included) in 'input'");
    expect(harness.primary.requests).toHaveLength(0);
  });

  it('ends a stream that fails after content with response.failed and an error event', async () => {
    harness.primary.enqueue(
      faults.streamError({ afterParts: 3, reason: 'overloaded', reply: { text: 'one two three four' } }),
    );
    const stream = harness.client.responses.stream({ model: 'gpt-4o-mini', input: 'Hi' });
    const types: string[] = [];
    let failed: { status: string; error: { code: string } | null } | undefined;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.failed') failed = event.response as typeof failed;
    }
    expect(types).toContain('response.output_text.delta');
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'upstream_overloaded' } });
    expect(types.slice(-2)).toEqual(['response.failed', 'error']);
    expect(harness.fallback.requests).toHaveLength(0);
  });
});
