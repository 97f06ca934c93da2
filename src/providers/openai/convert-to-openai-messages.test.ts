import { describe, expect, it } from 'vitest';
import { RouterError } from '../../types/router-error.js';
import { convertToOpenAIMessages } from './convert-to-openai-messages.js';

const options = { systemRole: 'system', provider: 'openai', model: 'gpt-4o' } as const;

describe('convertToOpenAIMessages', () => {
  it('sends system instructions with the role asked for', () => {
    const messages = [{ role: 'system', content: 'Be brief.' }] as const;
    expect(convertToOpenAIMessages(messages, options)).toEqual([{ role: 'system', content: 'Be brief.' }]);
    expect(convertToOpenAIMessages(messages, { ...options, systemRole: 'developer' })).toEqual([
      { role: 'developer', content: 'Be brief.' },
    ]);
  });

  it('sends a user message with one text part as a plain string', () => {
    expect(
      convertToOpenAIMessages(
        [
          { role: 'user', content: 'Hi' },
          { role: 'user', content: [{ type: 'text', text: 'Hello' }] },
        ],
        options,
      ),
    ).toEqual([
      { role: 'user', content: 'Hi' },
      { role: 'user', content: 'Hello' },
    ]);
  });

  it('converts images by URL and by base64, with and without detail', () => {
    expect(
      convertToOpenAIMessages(
        [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Compare' },
              { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' }, detail: 'low' },
              { type: 'image', source: { type: 'base64', data: 'iVBORw0KGgo=', mediaType: 'image/png' } },
            ],
          },
        ],
        options,
      ),
    ).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Compare' },
          { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'low' } },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
        ],
      },
    ]);
  });

  it('converts PDF file parts to file_data, naming them when the caller did not', () => {
    expect(
      convertToOpenAIMessages(
        [
          {
            role: 'user',
            content: [
              {
                type: 'file',
                source: { type: 'base64', data: 'JVBERi0=', mediaType: 'application/pdf' },
                filename: 'a.pdf',
              },
              { type: 'file', source: { type: 'url', url: 'data:application/pdf;base64,JVBERi1=' } },
            ],
          },
        ],
        options,
      ),
    ).toEqual([
      {
        role: 'user',
        content: [
          { type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' } },
          {
            type: 'file',
            file: { filename: 'document.pdf', file_data: 'data:application/pdf;base64,JVBERi1=' },
          },
        ],
      },
    ]);
  });

  it('refuses a file fetched from an https URL with a bad_request error naming the target', () => {
    const convert = () =>
      convertToOpenAIMessages(
        [
          {
            role: 'user',
            content: [{ type: 'file', source: { type: 'url', url: 'https://example.com/a.pdf' } }],
          },
        ],
        options,
      );
    expect(convert).toThrow(RouterError);
    expect(convert).toThrow(/file parts fetched from a URL/);
    try {
      convert();
    } catch (error) {
      expect(error).toMatchObject({ kind: 'bad_request', provider: 'openai', model: 'gpt-4o' });
    }
  });

  it('sends assistant tool calls and tool results', () => {
    expect(
      convertToOpenAIMessages(
        [
          {
            role: 'assistant',
            content: '',
            toolCalls: [{ id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}' }],
            reasoning: [{ text: 'I should call the tool' }],
          },
          { role: 'tool', toolCallId: 'call_1', content: '{"temp":21}' },
          { role: 'tool', toolCallId: 'call_2', content: 'city not found', isError: true },
          { role: 'assistant', content: 'It is 21 degrees.' },
          { role: 'assistant', content: null },
        ],
        options,
      ),
    ).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '{"temp":21}' },
      { role: 'tool', tool_call_id: 'call_2', content: 'city not found' },
      { role: 'assistant', content: 'It is 21 degrees.' },
      { role: 'assistant', content: '' },
    ]);
  });
});
