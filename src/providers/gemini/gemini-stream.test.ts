import { describe, expect, it } from 'vitest';
import { feedDecoder } from '../../../test/helpers/decoder-harness.js';
import { ApiCallError } from '../../errors/api-call-error.js';
import type { CallTarget } from '../../http/post-json.js';
import type { StreamPart } from '../../types/stream-part.js';
import type { GeminiPart, GeminiResponse } from './api-types.js';
import { readGeminiError } from './gemini-errors.js';
import { GeminiStreamDecoder } from './gemini-stream.js';

const target: CallTarget = { provider: 'gemini', model: 'gemini-2.5-flash', readBody: readGeminiError };

const stateOf = () => feedDecoder(new GeminiStreamDecoder(target));

const chunk = (
  parts: GeminiPart[],
  extra: Partial<GeminiResponse> & { finishReason?: string } = {},
): GeminiResponse => {
  const { finishReason, ...rest } = extra;
  return {
    candidates: [{ content: { role: 'model', parts }, ...(finishReason ? { finishReason } : {}) }],
    ...rest,
  };
};

function run(chunks: GeminiResponse[]): { parts: StreamPart[]; state: ReturnType<typeof stateOf> } {
  const state = stateOf();
  const parts = chunks.flatMap((item) => state.push(item));
  return { parts, state };
}

describe('GeminiStreamDecoder', () => {
  it('streams text and finishes with the last usage (cumulative, never summed), id and model', () => {
    const usage = (candidates: number) => ({
      promptTokenCount: 9,
      candidatesTokenCount: candidates,
      totalTokenCount: 9 + candidates,
    });
    const { parts, state } = run([
      chunk([{ text: 'Hel' }], { usageMetadata: usage(1), responseId: 'r1', modelVersion: 'gemini-x' }),
      chunk([{ text: 'lo' }], { usageMetadata: usage(2) }),
      chunk([{ text: '' }], { usageMetadata: usage(3), finishReason: 'STOP' }),
      // Metadata without counts (early chunks of some streams) does not replace real counts.
      { usageMetadata: { trafficType: 'ON_DEMAND' } as never },
    ]);
    expect(parts).toEqual([
      { type: 'text-delta', text: 'Hel' },
      { type: 'text-delta', text: 'lo' },
    ]);
    expect(state.finished).toBe(true);
    expect(state.finishPart()).toEqual({
      type: 'finish',
      finishReason: { unified: 'stop', raw: 'STOP' },
      usage: { inputTokens: 9, outputTokens: 3, totalTokens: 12 },
      id: 'r1',
      model: 'gemini-x',
    });
  });

  it('is not finished until a candidate carries a finishReason', () => {
    const { state } = run([chunk([{ text: 'cut' }])]);
    expect(state.finished).toBe(false);
  });

  it('streams thoughts as reasoning, ending the block at its signature or at the first answer part', () => {
    const { parts, state } = run([
      chunk([{ text: 'Plan: ', thought: true }]),
      chunk([{ text: 'count letters.', thought: true, thoughtSignature: 'sig-1' }]),
      chunk([{ text: 'Second thought.', thought: true }]),
      chunk([{ text: '3' }]),
      chunk([{ text: '', thoughtSignature: 'sig-on-text' }], { finishReason: 'STOP' }),
    ]);
    expect(parts).toEqual([
      { type: 'reasoning-delta', text: 'Plan: ' },
      { type: 'reasoning-delta', text: 'count letters.' },
      {
        type: 'reasoning-end',
        block: { text: 'Plan: count letters.', signature: 'sig-1', provider: 'gemini' },
      },
      { type: 'reasoning-delta', text: 'Second thought.' },
      { type: 'reasoning-end', block: { text: 'Second thought.', provider: 'gemini' } },
      { type: 'text-delta', text: '3' },
    ]);
    expect(state.finishPart().finishReason).toEqual({ unified: 'stop', raw: 'STOP' });
  });

  it('ends a reasoning block still open at the finish', () => {
    const { parts } = run([chunk([{ text: 'Hmm', thought: true }], { finishReason: 'MAX_TOKENS' })]);
    expect(parts).toEqual([
      { type: 'reasoning-delta', text: 'Hmm' },
      { type: 'reasoning-end', block: { text: 'Hmm', provider: 'gemini' } },
    ]);
  });

  it('yields a whole function call as one delta and a tool call carrying its signature', () => {
    const { parts, state } = run([
      chunk([{ functionCall: { name: 'weather', args: { location: 'Paris' } }, thoughtSignature: 'sig-W' }]),
      chunk([{ functionCall: { name: 'time' } }], { finishReason: 'STOP' }),
    ]);
    expect(parts).toEqual([
      {
        type: 'tool-call-delta',
        index: 0,
        id: 'call_0',
        name: 'weather',
        argumentsDelta: '{"location":"Paris"}',
      },
      {
        type: 'tool-call',
        index: 0,
        toolCall: {
          id: 'call_0',
          name: 'weather',
          arguments: '{"location":"Paris"}',
          providerMetadata: { gemini: { thoughtSignature: 'sig-W' } },
        },
      },
      { type: 'tool-call-delta', index: 1, id: 'call_1', name: 'time', argumentsDelta: '{}' },
      { type: 'tool-call', index: 1, toolCall: { id: 'call_1', name: 'time', arguments: '{}' } },
    ]);
    expect(state.finishPart().finishReason).toEqual({ unified: 'tool_calls', raw: 'STOP' });
  });

  it('assembles streamed arguments: a delta on start and per piece, the call when a chunk stops continuing', () => {
    const { parts } = run([
      chunk([{ functionCall: { name: 'search', willContinue: true } }]),
      chunk([
        {
          functionCall: {
            partialArgs: [{ jsonPath: '$.query', stringValue: 'green ', willContinue: true }],
            willContinue: true,
          },
          thoughtSignature: 'late-sig',
        },
      ]),
      chunk([
        {
          functionCall: {
            partialArgs: [
              { jsonPath: '$.query', stringValue: 'tea' },
              { jsonPath: '$.limit', numberValue: 3 },
            ],
            willContinue: true,
          },
        },
      ]),
      chunk([{ functionCall: {} }]),
      chunk([{ text: '' }], { finishReason: 'STOP' }),
    ]);
    expect(parts).toEqual([
      { type: 'tool-call-delta', index: 0, id: 'call_0', name: 'search', argumentsDelta: '' },
      { type: 'tool-call-delta', index: 0, id: 'call_0', name: 'search', argumentsDelta: '{"query":"green ' },
      { type: 'tool-call-delta', index: 0, id: 'call_0', name: 'search', argumentsDelta: 'tea"' },
      { type: 'tool-call-delta', index: 0, id: 'call_0', name: 'search', argumentsDelta: ',"limit":3' },
      { type: 'tool-call-delta', index: 0, id: 'call_0', name: 'search', argumentsDelta: '}' },
      {
        type: 'tool-call',
        index: 0,
        toolCall: {
          id: 'call_0',
          name: 'search',
          arguments: '{"query":"green tea","limit":3}',
          providerMetadata: { gemini: { thoughtSignature: 'late-sig' } },
        },
      },
    ]);
  });

  it('closes a streamed call when the next call starts, or at the finish', () => {
    const { parts } = run([
      chunk([
        {
          functionCall: { name: 'a', willContinue: true, partialArgs: [{ jsonPath: '$.n', numberValue: 1 }] },
        },
      ]),
      chunk([{ functionCall: { name: 'b', willContinue: true } }]),
      chunk(
        [
          {
            functionCall: {
              partialArgs: [{ jsonPath: '$.s', stringValue: 'x', willContinue: true }],
              willContinue: true,
            },
          },
        ],
        {
          finishReason: 'MAX_TOKENS',
        },
      ),
    ]);
    const calls = parts.flatMap((part) => (part.type === 'tool-call' ? [part.toolCall] : []));
    expect(calls).toEqual([
      { id: 'call_0', name: 'a', arguments: '{"n":1}' },
      { id: 'call_1', name: 'b', arguments: '{"s":"x"}' },
    ]);
  });

  it('takes a call delivered as partial arguments in a single chunk', () => {
    const { parts } = run([
      chunk([{ functionCall: { name: 'a', partialArgs: [{ jsonPath: '$.k', boolValue: false }] } }]),
    ]);
    expect(parts.at(-1)).toEqual({
      type: 'tool-call',
      index: 0,
      toolCall: { id: 'call_0', name: 'a', arguments: '{"k":false}' },
    });
  });

  it('ignores a continuation piece when no call is open', () => {
    const { parts } = run([
      chunk([{ functionCall: { partialArgs: [{ jsonPath: '$.x', numberValue: 1 }] } }, { text: 'ok' }]),
    ]);
    expect(parts).toEqual([{ type: 'text-delta', text: 'ok' }]);
  });

  it('throws a content_filter error for a blocked prompt (no candidate)', () => {
    const state = stateOf();
    let thrown: unknown;
    try {
      state.push({
        promptFeedback: { blockReason: 'SAFETY', blockReasonMessage: 'unsafe' },
        usageMetadata: { promptTokenCount: 4, totalTokenCount: 4 },
      });
    } catch (error) {
      thrown = error;
    }
    expect(ApiCallError.isInstance(thrown)).toBe(true);
    expect((thrown as ApiCallError).kind).toBe('content_filter');
    expect((thrown as ApiCallError).code).toBe('SAFETY');
    expect((thrown as Error).message).toBe('gemini: the prompt was blocked (SAFETY): unsafe');
    expect(state.finished).toBe(false);
  });

  it('maps a safety stop to content_filter', () => {
    const { state } = run([chunk([], { finishReason: 'SAFETY' })]);
    expect(state.finishPart().finishReason).toEqual({ unified: 'content_filter', raw: 'SAFETY' });
  });

  it('end closes a reasoning block still open, then finishes', () => {
    const state = stateOf();
    state.push(chunk([{ text: 'x', thought: true }]));
    expect(state.end()).toEqual([
      { type: 'reasoning-end', block: { text: 'x', provider: 'gemini' } },
      expect.objectContaining({ type: 'finish' }),
    ]);
  });
});
