import { describe, expect, it } from 'vitest';
import { createResponse } from '../types/create-response.js';
import type { Message } from '../types/message.js';
import { convertToInputMessages, convertToOutputMessages } from './convert-to-gen-ai-messages.js';

describe('convertToInputMessages', () => {
  it('writes every role in the conventions message structure', () => {
    const messages: Message[] = [
      { role: 'system', content: 'Be brief.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in this picture?' },
          { type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } },
          { type: 'image', source: { type: 'base64', data: 'iVBORw0KGgo=', mediaType: 'image/png' } },
          { type: 'file', source: { type: 'url', url: 'data:application/pdf;base64,JVBERi0=' } },
        ],
      },
      {
        role: 'assistant',
        content: 'Let me check.',
        reasoning: [{ text: 'The user wants weather.' }],
        toolCalls: [{ id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}' }],
      },
      { role: 'tool', toolCallId: 'call_1', content: '{"temperature":21}' },
    ];
    expect(JSON.parse(convertToInputMessages(messages, 10_000))).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
      {
        role: 'user',
        parts: [
          { type: 'text', content: 'What is in this picture?' },
          { type: 'uri', modality: 'image', uri: 'https://example.com/cat.png' },
          { type: 'blob', modality: 'image', mime_type: 'image/png' },
          { type: 'blob', modality: 'document', mime_type: 'application/pdf' },
        ],
      },
      {
        role: 'assistant',
        parts: [
          { type: 'reasoning', content: 'The user wants weather.' },
          { type: 'text', content: 'Let me check.' },
          { type: 'tool_call', id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}' },
        ],
      },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: '{"temperature":21}' }] },
    ]);
  });

  it('never records inline binary data', () => {
    const json = convertToInputMessages(
      [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', data: 'SECRETBYTES', mediaType: 'image/jpeg' } },
          ],
        },
      ],
      10_000,
    );
    expect(json).not.toContain('SECRETBYTES');
  });

  it('cuts text past the budget, counted across the whole attribute, and stays valid JSON', () => {
    const json = convertToInputMessages(
      [
        { role: 'user', content: 'abcdef' },
        { role: 'assistant', content: 'ghijkl' },
        { role: 'user', content: 'mnop' },
      ],
      8,
    );
    expect(JSON.parse(json)).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'abcdef' }] },
      { role: 'assistant', parts: [{ type: 'text', content: 'gh' }] },
      { role: 'user', parts: [{ type: 'text', content: '' }] },
    ]);
  });
});

describe('convertToOutputMessages', () => {
  it('writes the answer as one assistant message with its finish reason', () => {
    const response = createResponse({
      id: 'r1',
      provider: 'openai',
      model: 'gpt-4o',
      content: 'It is sunny.',
      reasoning: [{ text: 'Check the tool result.' }],
      toolCalls: [{ id: 'call_2', name: 'log', arguments: '{}' }],
      finishReason: { unified: 'tool_calls', raw: 'tool_calls' },
      usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
    });
    expect(JSON.parse(convertToOutputMessages(response, 100))).toEqual([
      {
        role: 'assistant',
        parts: [
          { type: 'reasoning', content: 'Check the tool result.' },
          { type: 'text', content: 'It is sunny.' },
          { type: 'tool_call', id: 'call_2', name: 'log', arguments: '{}' },
        ],
        finish_reason: 'tool_calls',
      },
    ]);
    expect(JSON.parse(convertToOutputMessages(response, 5))[0].parts[1]).toEqual({
      type: 'text',
      content: '',
    });
  });
});
