import { describe, expect, it } from 'vitest';
import { RouterError } from '../../types/router-error.js';
import { convertToGeminiContents, SKIP_THOUGHT_SIGNATURE } from './convert-to-gemini-contents.js';

describe('convertToGeminiContents', () => {
  it('moves system messages to systemInstruction and maps roles to user/model', () => {
    expect(
      convertToGeminiContents([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello!' },
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: 'How are you?' },
      ]),
    ).toEqual({
      systemInstruction: { parts: [{ text: 'Be brief.' }, { text: 'Answer in French.' }] },
      contents: [
        { role: 'user', parts: [{ text: 'Hi' }] },
        { role: 'model', parts: [{ text: 'Hello!' }] },
        { role: 'user', parts: [{ text: 'How are you?' }] },
      ],
    });
  });

  it('has no systemInstruction without system messages', () => {
    expect(convertToGeminiContents([{ role: 'user', content: 'Hi' }]).systemInstruction).toBeUndefined();
  });

  it('sends images and PDFs inline or by URI', () => {
    const { contents } = convertToGeminiContents([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Compare these' },
          { type: 'image', source: { type: 'base64', data: 'iVBORw0KGgo=', mediaType: 'image/png' } },
          { type: 'image', source: { type: 'url', url: 'data:image/jpeg;base64,/9j/4AAQ' } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/cat.webp?size=large' } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/render' } },
          {
            type: 'file',
            source: { type: 'url', url: 'https://example.com/report' },
            filename: 'report.pdf',
          },
          { type: 'file', source: { type: 'base64', data: 'JVBERi0=', mediaType: 'application/pdf' } },
          { type: 'file', source: { type: 'url', url: 'data:application/pdf;base64,JVBERi0x' } },
        ],
      },
    ]);
    expect(contents).toEqual([
      {
        role: 'user',
        parts: [
          { text: 'Compare these' },
          { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
          { inlineData: { mimeType: 'image/jpeg', data: '/9j/4AAQ' } },
          { fileData: { mimeType: 'image/webp', fileUri: 'https://example.com/cat.webp?size=large' } },
          { fileData: { fileUri: 'https://example.com/render' } },
          { fileData: { mimeType: 'application/pdf', fileUri: 'https://example.com/report' } },
          { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0=' } },
          { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0x' } },
        ],
      },
    ]);
  });

  it('sends assistant tool calls back with their signatures, and tool results as functionResponse', () => {
    const { contents } = convertToGeminiContents([
      { role: 'user', content: 'Weather in Boston and SF?' },
      {
        role: 'assistant',
        content: null,
        toolCalls: [
          {
            id: 'call_0',
            name: 'getWeather',
            arguments: '{"location":"Boston"}',
            providerMetadata: { gemini: { thoughtSignature: 'sig-A' } },
          },
          { id: 'call_1', name: 'getWeather', arguments: '{"location":"San Francisco"}' },
        ],
      },
      { role: 'tool', toolCallId: 'call_0', content: '{"tempC":12}' },
      { role: 'tool', toolCallId: 'call_1', name: 'getWeather', content: 'sunny, 18C' },
      { role: 'user', content: 'Thanks. Which is warmer?' },
    ]);
    expect(contents).toEqual([
      { role: 'user', parts: [{ text: 'Weather in Boston and SF?' }] },
      {
        role: 'model',
        parts: [
          { functionCall: { name: 'getWeather', args: { location: 'Boston' } }, thoughtSignature: 'sig-A' },
          { functionCall: { name: 'getWeather', args: { location: 'San Francisco' } } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'getWeather', response: { tempC: 12 } } },
          { functionResponse: { name: 'getWeather', response: { content: 'sunny, 18C' } } },
          { text: 'Thanks. Which is warmer?' },
        ],
      },
    ]);
  });

  it('wraps non-object results as { content } and failed ones as { error }', () => {
    const { contents } = convertToGeminiContents([
      { role: 'assistant', content: null, toolCalls: [{ id: 'a', name: 'list', arguments: '{}' }] },
      { role: 'tool', toolCallId: 'a', content: '[1,2]' },
      { role: 'tool', toolCallId: 'a', content: '{not json' },
      { role: 'tool', toolCallId: 'a', content: '{"code":500}', isError: true },
    ]);
    expect(contents[1]?.parts).toEqual([
      { functionResponse: { name: 'list', response: { content: '[1,2]' } } },
      { functionResponse: { name: 'list', response: { content: '{not json' } } },
      { functionResponse: { name: 'list', response: { error: '{"code":500}' } } },
    ]);
  });

  it('names a tool result after the latest earlier call with its id', () => {
    const { contents } = convertToGeminiContents([
      { role: 'assistant', content: null, toolCalls: [{ id: 'call_0', name: 'first', arguments: '{}' }] },
      { role: 'tool', toolCallId: 'call_0', content: 'one' },
      // Gemini ids restart at call_0 in every response.
      { role: 'assistant', content: null, toolCalls: [{ id: 'call_0', name: 'second', arguments: '{}' }] },
      { role: 'tool', toolCallId: 'call_0', content: 'two' },
    ]);
    expect(contents.map((content) => content.parts[0]?.functionResponse?.name)).toEqual([
      undefined,
      'first',
      undefined,
      'second',
    ]);
  });

  it('refuses a tool result it cannot name', () => {
    const convert = () => convertToGeminiContents([{ role: 'tool', toolCallId: 'call_9', content: 'x' }]);
    expect(convert).toThrow(RouterError);
    expect(convert).toThrow('Tool result "call_9" has no name and answers no earlier tool call');
  });

  it("sends reasoning back first as thought parts with their signatures, leaving out other providers' reasoning", () => {
    const { contents } = convertToGeminiContents([
      {
        role: 'assistant',
        content: 'It is 42.',
        reasoning: [
          { text: 'Let me think.', signature: 'sig-R', provider: 'gemini' },
          { text: 'Claude thinking.', signature: 'anthropic-sig', provider: 'anthropic' },
          { text: 'Unsigned summary.' },
          { text: '', redactedData: 'anthropic-only' },
          { text: '' },
        ],
      },
    ]);
    expect(contents).toEqual([
      {
        role: 'model',
        parts: [
          { text: 'Let me think.', thought: true, thoughtSignature: 'sig-R' },
          { text: 'Unsigned summary.', thought: true },
          { text: 'It is 42.' },
        ],
      },
    ]);
  });

  it("puts Google's skip-validator signature on the first call of a turn no Gemini model signed", () => {
    const { contents } = convertToGeminiContents([
      {
        role: 'assistant',
        content: 'Checking.',
        toolCalls: [
          { id: 'call_abc', name: 'a', arguments: '{"x":1}', providerMetadata: { openai: { foo: 'bar' } } },
          { id: 'call_def', name: 'b', arguments: '' },
        ],
      },
    ]);
    expect(contents[0]?.parts).toEqual([
      { text: 'Checking.' },
      { functionCall: { name: 'a', args: { x: 1 } }, thoughtSignature: SKIP_THOUGHT_SIGNATURE },
      { functionCall: { name: 'b', args: {} } },
    ]);
  });

  it('drops an empty assistant turn, which Gemini would reject', () => {
    expect(
      convertToGeminiContents([
        { role: 'user', content: 'a' },
        { role: 'assistant', content: null },
        { role: 'user', content: 'b' },
      ]).contents,
    ).toEqual([{ role: 'user', parts: [{ text: 'a' }, { text: 'b' }] }]);
  });
});
