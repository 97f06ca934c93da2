import { describe, expect, it } from 'vitest';
import { convertToRouterMessages } from './convert-to-router-messages.js';

describe('convertToRouterMessages', () => {
  it('maps every role and part, keeping signatures and tool-call data the results put under llmrouter', () => {
    const { messages, warnings } = convertToRouterMessages([
      { role: 'system', content: 'Be terse.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'file', mediaType: 'image/png', data: new Uint8Array([1, 2, 3]) },
          { type: 'file', mediaType: 'application/pdf', data: 'JVBERi0=', filename: 'a.pdf' },
          { type: 'file', mediaType: 'image/jpeg', data: new URL('https://example.com/a.jpg') },
        ],
      },
      {
        role: 'assistant',
        content: [
          {
            type: 'reasoning',
            text: 'Thinking.',
            providerOptions: { llmrouter: { signature: 'sig-1', provider: 'anthropic' } },
          },
          { type: 'text', text: 'Let me look.' },
          {
            type: 'tool-call',
            toolCallId: 'call_1',
            toolName: 'lookup',
            input: { q: 'x' },
            providerOptions: { llmrouter: { toolCall: { gemini: { thoughtSignature: 'ts' } } } },
          },
          { type: 'file', mediaType: 'image/png', data: 'AAAA' },
        ],
      },
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: 'call_1',
            toolName: 'lookup',
            output: { type: 'json', value: { a: 1 } },
          },
          {
            type: 'tool-result',
            toolCallId: 'call_2',
            toolName: 'lookup',
            output: { type: 'execution-denied', reason: 'no' },
          },
        ],
      },
    ]);

    expect(messages).toEqual([
      { role: 'system', content: 'Be terse.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image', source: { type: 'base64', data: 'AQID', mediaType: 'image/png' } },
          {
            type: 'file',
            source: { type: 'base64', data: 'JVBERi0=', mediaType: 'application/pdf' },
            filename: 'a.pdf',
          },
          { type: 'image', source: { type: 'url', url: 'https://example.com/a.jpg' } },
        ],
      },
      {
        role: 'assistant',
        content: 'Let me look.',
        reasoning: [{ text: 'Thinking.', signature: 'sig-1', provider: 'anthropic' }],
        toolCalls: [
          {
            id: 'call_1',
            name: 'lookup',
            arguments: '{"q":"x"}',
            providerMetadata: { gemini: { thoughtSignature: 'ts' } },
          },
        ],
      },
      { role: 'tool', toolCallId: 'call_1', name: 'lookup', content: '{"a":1}' },
      { role: 'tool', toolCallId: 'call_2', name: 'lookup', content: 'no', isError: true },
    ]);
    expect(warnings).toEqual([{ type: 'unsupported', feature: 'files in assistant messages' }]);
  });

  it('sends a single text part as a plain string', () => {
    const { messages } = convertToRouterMessages([{ role: 'user', content: [{ type: 'text', text: 'hi' }] }]);
    expect(messages).toEqual([{ role: 'user', content: 'hi' }]);
  });
});
