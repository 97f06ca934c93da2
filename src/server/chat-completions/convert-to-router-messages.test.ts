import { describe, expect, it } from 'vitest';
import { GatewayError } from '../core/gateway-error.js';
import { convertToRouterMessages } from './convert-to-router-messages.js';

describe('convertToRouterMessages', () => {
  it('converts every role, content parts and tool history', () => {
    expect(
      convertToRouterMessages([
        {
          role: 'system',
          content: [
            { type: 'text', text: 'Rule one.' },
            { type: 'text', text: 'Rule two.' },
          ],
        },
        {
          role: 'user',
          name: 'ada',
          content: [
            { type: 'text', text: 'Look:' },
            { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'high' } },
            { type: 'image_url', image_url: 'data:image/png;base64,iVBORw0KGgo=' },
            { type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' } },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":1}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: [{ type: 'text', text: '{"hit":true}' }] },
        { role: 'assistant', content: [{ type: 'refusal', refusal: 'I cannot.' }] },
      ]),
    ).toEqual([
      { role: 'system', content: 'Rule one.\nRule two.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Look:' },
          { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' }, detail: 'high' },
          { type: 'image', source: { type: 'url', url: 'data:image/png;base64,iVBORw0KGgo=' } },
          {
            type: 'file',
            source: { type: 'base64', mediaType: 'application/pdf', data: 'JVBERi0=' },
            filename: 'a.pdf',
          },
        ],
      },
      {
        role: 'assistant',
        content: null,
        toolCalls: [{ id: 'call_1', name: 'lookup', arguments: '{"q":1}' }],
      },
      { role: 'tool', toolCallId: 'call_1', content: '{"hit":true}' },
      { role: 'assistant', content: 'I cannot.' },
    ]);
  });

  it.each([
    [
      [{ role: 'function', content: 'x', name: 'f' }],
      'messages[0].role',
      "'function' messages are deprecated",
    ],
    [[{ role: 'user', content: [] }], 'messages[0].content', 'Expected at least one content part'],
    [
      [{ role: 'user', content: [{ type: 'input_audio' }] }],
      'messages[0].content[0].type',
      'Audio input is not supported',
    ],
    [
      [{ role: 'user', content: [{ type: 'file', file: { file_id: 'file-1' } }] }],
      'messages[0].content[0].file.file_id',
      'Uploaded file ids are not supported',
    ],
    [
      [{ role: 'user', content: [{ type: 'file', file: { file_data: 'JVBERi0=' } }] }],
      'messages[0].content[0].file.file_data',
      'expected a base64 data URL',
    ],
    [
      [{ role: 'assistant', content: 'x', tool_calls: [{ type: 'function', function: { name: 'f' } }] }],
      'messages[0].tool_calls[0].id',
      "Missing required parameter: 'messages[0].tool_calls[0].id'.",
    ],
    [
      [{ role: 'system', content: [{ type: 'image_url', image_url: { url: 'x' } }] }],
      'messages[0].content[0].type',
      "only 'text' parts are accepted here",
    ],
    [[{ content: 'Hi' }], 'messages[0].role', "Missing required parameter: 'messages[0].role'."],
  ])('refuses %j at %s', (messages, param, message) => {
    let error: unknown;
    try {
      convertToRouterMessages(messages);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).status).toBe(400);
    expect((error as GatewayError).param).toBe(param);
    expect((error as GatewayError).message).toContain(message);
  });
});
