import { describe, expect, it } from 'vitest';
import type { FinishPart, StreamPart } from '../../types/stream-part.js';
import { convertResponsesRequest } from './convert-responses-request.js';
import { ResponseEventEncoder } from './response-event-encoder.js';

const call = convertResponsesRequest({ model: 'gpt-x', input: 'Hi' });
const usage = { inputTokens: 3, outputTokens: 4, totalTokens: 7 };

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

  it('marks the item an answer was cut short in as incomplete, text or a call streamed only as fragments', () => {
    const length: FinishPart = {
      type: 'finish',
      finishReason: { unified: 'length', raw: 'max_tokens' },
      usage,
    };
    const cutText = events([{ type: 'text-delta', text: 'Once upon a' }, length]);
    const cutCall = events([
      { type: 'text-delta', text: 'Saving it.' },
      { type: 'tool-call-delta', index: 0, id: 'call_1', name: 'save', argumentsDelta: '{"lines": ["a' },
      length,
    ]);
    const done = (written: Array<Record<string, unknown>>) =>
      written.filter((event) => event.type === 'response.output_item.done').map((event) => event.item);

    expect(done(cutText)).toMatchObject([{ type: 'message', status: 'incomplete' }]);
    expect(cutText.at(-1)).toMatchObject({
      type: 'response.incomplete',
      response: { output: [{ type: 'message', status: 'incomplete', content: [{ text: 'Once upon a' }] }] },
    });
    // The message closed before the call began is whole; the call, cut inside its arguments, is not.
    expect(done(cutCall)).toMatchObject([
      { type: 'message', status: 'completed' },
      { type: 'function_call', status: 'incomplete', arguments: '{"lines": ["a' },
    ]);
    expect((cutCall.at(-1)!.response as { output: unknown[] }).output).toMatchObject([
      { status: 'completed' },
      { status: 'incomplete' },
    ]);
  });

  it('leaves the items of a whole answer completed', () => {
    const written = events([
      { type: 'text-delta', text: 'Hello' },
      { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage },
    ]);
    expect(written.at(-1)).toMatchObject({
      type: 'response.completed',
      response: { output: [{ type: 'message', status: 'completed' }] },
    });
  });
});
