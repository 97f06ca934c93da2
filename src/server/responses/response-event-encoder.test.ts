import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../types/stream-part.js';
import { convertResponsesRequest } from './convert-responses-request.js';
import { ResponseEventEncoder } from './response-event-encoder.js';

const call = convertResponsesRequest({ model: 'gpt-x', input: 'Hi' });

function events(parts: StreamPart[]): Array<Record<string, unknown>> {
  const encoder = new ResponseEventEncoder({ id: 'req1', created: 1, model: 'gpt-x', call });
  return parts
    .map((part) => encoder.encode(part))
    .join('')
    .split('\n\n')
    .filter((frame) => frame !== '')
    .map((frame) => {
      const [event, data] = frame.split('\n');
      const parsed = JSON.parse(data!.slice('data: '.length)) as Record<string, unknown>;
      expect(event).toBe(`event: ${parsed.type}`);
      return parsed;
    });
}

describe('ResponseEventEncoder', () => {
  it('numbers every event and opens and closes each output item in order', () => {
    const written = events([
      { type: 'text-delta', text: 'Hi' },
      { type: 'tool-call', index: 0, toolCall: { id: 'call_1', name: 'f', arguments: '{"a":1}' } },
      {
        type: 'finish',
        finishReason: { unified: 'length', raw: 'length' },
        usage: { inputTokens: 3, outputTokens: 4, totalTokens: 7 },
      },
    ]);
    expect(written.map((event) => event.sequence_number)).toEqual(written.map((_, index) => index));
    expect(
      written.map((event) => `${event.type}${'output_index' in event ? `:${event.output_index}` : ''}`),
    ).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added:0',
      'response.content_part.added:0',
      'response.output_text.delta:0',
      'response.output_text.done:0',
      'response.content_part.done:0',
      'response.output_item.done:0',
      'response.output_item.added:1',
      'response.function_call_arguments.delta:1',
      'response.function_call_arguments.done:1',
      'response.output_item.done:1',
      'response.incomplete',
    ]);
    const last = written.at(-1)!.response as Record<string, unknown>;
    expect(last).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
      usage: { input_tokens: 3, output_tokens: 4, total_tokens: 7 },
      output: [
        { type: 'message', status: 'completed', content: [{ type: 'output_text', text: 'Hi' }] },
        { type: 'function_call', call_id: 'call_1', name: 'f', arguments: '{"a":1}', status: 'completed' },
      ],
    });
  });
});
