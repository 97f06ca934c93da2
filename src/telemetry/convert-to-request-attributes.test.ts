import { describe, expect, it } from 'vitest';
import { convertToRequestAttributes } from './convert-to-request-attributes.js';

const messages = [{ role: 'user' as const, content: 'hi' }];

describe('convertToRequestAttributes', () => {
  it('maps every request setting the caller set to its GenAI attribute', () => {
    expect(
      convertToRequestAttributes({
        model: 'm',
        messages,
        maxTokens: 256,
        temperature: 0.2,
        topP: 0.9,
        topK: 40,
        stop: ['END'],
        seed: 7,
        presencePenalty: 0.1,
        frequencyPenalty: 0.3,
        responseFormat: { type: 'json_schema', schema: { type: 'object' } },
      }),
    ).toEqual({
      'gen_ai.request.max_tokens': 256,
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.top_k': 40,
      'gen_ai.request.stop_sequences': ['END'],
      'gen_ai.request.seed': 7,
      'gen_ai.request.presence_penalty': 0.1,
      'gen_ai.request.frequency_penalty': 0.3,
      'gen_ai.output.type': 'json',
    });
  });

  it('leaves out what the caller did not set, and never includes content', () => {
    expect(convertToRequestAttributes({ model: 'm', messages })).toEqual({});
    expect(convertToRequestAttributes({ model: 'm', messages, temperature: 0, stop: [] })).toEqual({
      'gen_ai.request.temperature': 0,
    });
    expect(convertToRequestAttributes({ model: 'm', messages, responseFormat: { type: 'text' } })).toEqual({
      'gen_ai.output.type': 'text',
    });
  });
});
