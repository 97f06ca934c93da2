import { describe, expect, it } from 'vitest';
import type { Message } from '../../types/message.js';
import { RouterError } from '../../types/router-error.js';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.js';

function badRequest(run: () => unknown): RouterError {
  try {
    run();
  } catch (error) {
    if (RouterError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a RouterError');
}

describe('convertToAnthropicMessages', () => {
  it('hoists one system message to a string and keeps user text as a block', () => {
    expect(
      convertToAnthropicMessages([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ]),
    ).toEqual({ system: 'Be brief.', messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] });
  });

  it('keeps several system messages apart as text blocks, in order', () => {
    const prompt = convertToAnthropicMessages([
      { role: 'system', content: 'One.' },
      { role: 'user', content: 'Hi' },
      { role: 'system', content: 'Two.' },
    ]);
    expect(prompt.system).toEqual([
      { type: 'text', text: 'One.' },
      { type: 'text', text: 'Two.' },
    ]);
  });

  it('has no system when there is none', () => {
    expect(convertToAnthropicMessages([{ role: 'user', content: 'Hi' }]).system).toBeUndefined();
  });

  it('merges consecutive turns of the same role', () => {
    expect(
      convertToAnthropicMessages([
        { role: 'user', content: 'a' },
        { role: 'user', content: 'b' },
        { role: 'assistant', content: 'c' },
        { role: 'assistant', content: 'd' },
        { role: 'user', content: 'e' },
      ]).messages,
    ).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'a' },
          { type: 'text', text: 'b' },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'c' },
          { type: 'text', text: 'd' },
        ],
      },
      { role: 'user', content: [{ type: 'text', text: 'e' }] },
    ]);
  });

  it('sends tool calls as tool_use with parsed input and results as tool_result in one user turn', () => {
    const messages: Message[] = [
      { role: 'user', content: 'Weather in Paris and Rome?' },
      {
        role: 'assistant',
        content: 'Checking.',
        toolCalls: [
          { id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
          { id: 'toolu_2', name: 'get_weather', arguments: '' },
        ],
      },
      { role: 'tool', toolCallId: 'toolu_1', content: '{"temp":21}' },
      { role: 'tool', toolCallId: 'toolu_2', content: 'city is required', isError: true },
      { role: 'user', content: 'Thanks' },
    ];
    expect(convertToAnthropicMessages(messages).messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Rome?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'toolu_2', name: 'get_weather', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: '{"temp":21}' },
          { type: 'tool_result', tool_use_id: 'toolu_2', content: 'city is required', is_error: true },
          { type: 'text', text: 'Thanks' },
        ],
      },
    ]);
  });

  it('rejects tool-call arguments that are not JSON, naming the call', () => {
    const error = badRequest(() =>
      convertToAnthropicMessages([
        {
          role: 'assistant',
          content: null,
          toolCalls: [{ id: 'toolu_9', name: 'lookup', arguments: '{"q": ' }],
        },
      ]),
    );
    expect(error.kind).toBe('bad_request');
    expect(error.message).toBe(
      'Tool call "lookup" (toolu_9) in the history has arguments that are not valid JSON',
    );
  });

  it('rejects tool-call arguments that are JSON but not an object', () => {
    const error = badRequest(() =>
      convertToAnthropicMessages([
        {
          role: 'assistant',
          content: null,
          toolCalls: [{ id: 'toolu_9', name: 'lookup', arguments: '[1,2]' }],
        },
      ]),
    );
    expect(error.kind).toBe('bad_request');
    expect(error.message).toContain('not a JSON object');
  });

  it('sends reasoning first: signed thinking, redacted thinking; unsigned or foreign-signed reasoning is dropped', () => {
    expect(
      convertToAnthropicMessages([
        { role: 'user', content: 'Q' },
        {
          role: 'assistant',
          content: 'A',
          reasoning: [
            { text: 'Let me think.', signature: 'sig-1' },
            { text: '', redactedData: 'EncryptedBlob' },
            { text: 'from another provider' },
            { text: 'signed by Gemini', signature: 'gemini-sig', provider: 'gemini' },
          ],
          toolCalls: [{ id: 'toolu_1', name: 'calc', arguments: '{"x":1}' }],
        },
      ]).messages[1],
    ).toEqual({
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'Let me think.', signature: 'sig-1' },
        { type: 'redacted_thinking', data: 'EncryptedBlob' },
        { type: 'text', text: 'A' },
        { type: 'tool_use', id: 'toolu_1', name: 'calc', input: { x: 1 } },
      ],
    });
  });

  it('converts images from base64, https URLs and data URLs', () => {
    const prompt = convertToAnthropicMessages([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Compare' },
          { type: 'image', source: { type: 'base64', data: 'iVBORw0KGgo=', mediaType: 'image/png' } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' }, detail: 'high' },
          { type: 'image', source: { type: 'url', url: 'data:image/webp;base64,UklGRg==' } },
        ],
      },
    ]);
    expect(prompt.messages[0]!.content).toEqual([
      { type: 'text', text: 'Compare' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
      { type: 'image', source: { type: 'base64', media_type: 'image/webp', data: 'UklGRg==' } },
    ]);
  });

  it('rejects a data URL that is not base64', () => {
    const error = badRequest(() =>
      convertToAnthropicMessages([
        {
          role: 'user',
          content: [{ type: 'image', source: { type: 'url', url: 'data:image/svg+xml,<svg/>' } }],
        },
      ]),
    );
    expect(error.kind).toBe('bad_request');
  });

  it('converts PDFs to document blocks with the file name as title, and plain text to a text source', () => {
    const prompt = convertToAnthropicMessages([
      {
        role: 'user',
        content: [
          {
            type: 'file',
            source: { type: 'base64', data: 'JVBERi0xLjQ=', mediaType: 'application/pdf' },
            filename: 'report.pdf',
          },
          { type: 'file', source: { type: 'url', url: 'https://example.com/paper.pdf' } },
          { type: 'file', source: { type: 'base64', data: 'aGVsbG8gd29ybGQ=', mediaType: 'text/plain' } },
        ],
      },
    ]);
    expect(prompt.messages[0]!.content).toEqual([
      {
        type: 'document',
        source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0xLjQ=' },
        title: 'report.pdf',
      },
      { type: 'document', source: { type: 'url', url: 'https://example.com/paper.pdf' } },
      { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'hello world' } },
    ]);
  });

  it('rejects document types Anthropic cannot read', () => {
    const error = badRequest(() =>
      convertToAnthropicMessages([
        {
          role: 'user',
          content: [
            {
              type: 'file',
              source: { type: 'base64', data: 'UEsDBA==', mediaType: 'application/zip' },
              filename: 'a.zip',
            },
          ],
        },
      ]),
    );
    expect(error.kind).toBe('bad_request');
    expect(error.message).toBe(
      'Anthropic accepts PDF and plain-text documents, not "application/zip" (a.zip)',
    );
  });

  it('trims trailing whitespace from a final assistant prefill, and drops one that is only whitespace', () => {
    expect(
      convertToAnthropicMessages([
        { role: 'user', content: 'List three' },
        { role: 'assistant', content: '1. ' },
      ]).messages[1],
    ).toEqual({ role: 'assistant', content: [{ type: 'text', text: '1.' }] });
    expect(
      convertToAnthropicMessages([
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: '  ' },
      ]).messages,
    ).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }]);
  });

  it('leaves earlier assistant turns untouched and skips empty assistant turns', () => {
    expect(
      convertToAnthropicMessages([
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello ' },
        { role: 'user', content: 'Again' },
        { role: 'assistant', content: null },
      ]).messages,
    ).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Hello ' }] },
      { role: 'user', content: [{ type: 'text', text: 'Again' }] },
    ]);
  });
});
