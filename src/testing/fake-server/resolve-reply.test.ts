import { describe, expect, it } from 'vitest';
import { defaultReplyText, resolveReply, splitText } from './resolve-reply.js';

describe('splitText', () => {
  it('streams word by word, keeping the whitespace before each word', () => {
    expect(splitText('Hello  big\nworld ', undefined)).toEqual(['Hello', '  big', '\nworld', ' ']);
  });

  it('cuts fixed-size chunks when asked', () => {
    expect(splitText('abcdefg', 3)).toEqual(['abc', 'def', 'g']);
  });

  it('never splits a surrogate pair', () => {
    expect(splitText('a😀b', 2)).toEqual(['a😀', 'b']);
  });

  it('has no deltas for empty text', () => {
    expect(splitText('', 4)).toEqual([]);
    expect(splitText('', undefined)).toEqual([]);
  });
});

describe('resolveReply', () => {
  it('fills in the default reply', () => {
    const reply = resolveReply({});
    expect(reply.text).toBe(defaultReplyText);
    expect(reply.textChunks.join('')).toBe(defaultReplyText);
    expect(reply.finishReason).toBe('stop');
    expect(reply.usage).toEqual({
      inputTokens: 10,
      cachedInputTokens: undefined,
      cacheWriteTokens: undefined,
      outputTokens: Math.ceil(defaultReplyText.length / 4),
      reasoningTokens: undefined,
    });
  });

  it('defaults to no text and a tool_calls finish when the reply calls tools', () => {
    const reply = resolveReply({ toolCalls: [{ name: 'lookup', arguments: { city: 'Paris' } }] });
    expect(reply.text).toBe('');
    expect(reply.finishReason).toBe('tool_calls');
    expect(reply.toolCalls[0]).toMatchObject({
      index: 0,
      name: 'lookup',
      argumentsJson: '{"city":"Paris"}',
      argumentsValue: { city: 'Paris' },
    });
    expect(reply.toolCalls[0]!.argumentChunks.join('')).toBe('{"city":"Paris"}');
  });

  it('sends string arguments verbatim and gives object-only formats an empty object when they do not parse', () => {
    const reply = resolveReply({ toolCalls: [{ name: 'broken', arguments: '{"city": "Par' }] });
    expect(reply.toolCalls[0]!.argumentsJson).toBe('{"city": "Par');
    expect(reply.toolCalls[0]!.argumentsValue).toEqual({});
  });

  it('keeps the usage it is given and estimates reasoning tokens from reasoning text', () => {
    const reply = resolveReply({
      text: 'ok',
      reasoning: 'x'.repeat(40),
      usage: { inputTokens: 100, cachedInputTokens: 60 },
    });
    expect(reply.usage).toEqual({
      inputTokens: 100,
      cachedInputTokens: 60,
      cacheWriteTokens: undefined,
      outputTokens: 11,
      reasoningTokens: 10,
    });
  });

  it('resolves a reply object once and reuses it', () => {
    const content = { text: 'same' };
    expect(resolveReply(content)).toBe(resolveReply(content));
  });
});
