import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { feedDecoder } from '../../../test/helpers/decoder-harness.js';
import type { CallTarget } from '../../http/post-json.js';
import type { StreamPart } from '../../types/stream-part.js';
import type { OpenAIChatChunk, OpenAIResponseMessage } from './api-types.js';
import { readOpenAIError } from './openai-errors.js';
import { OpenAIStreamDecoder } from './openai-stream.js';

const target: CallTarget = { provider: 'openai', model: 'gpt-4o', readBody: readOpenAIError };

const stateOf = () => feedDecoder(new OpenAIStreamDecoder(target));

function chunk(delta: OpenAIResponseMessage | null, extra: Partial<OpenAIChatChunk> = {}): OpenAIChatChunk {
  return { id: 'chatcmpl-1', model: 'gpt-4o', choices: [{ index: 0, delta, finish_reason: null }], ...extra };
}

function finishChunk(reason: string, extra: Partial<OpenAIChatChunk> = {}): OpenAIChatChunk {
  return {
    id: 'chatcmpl-1',
    model: 'gpt-4o',
    choices: [{ index: 0, delta: {}, finish_reason: reason }],
    ...extra,
  };
}

function run(chunks: OpenAIChatChunk[]): StreamPart[] {
  const state = stateOf();
  return [...chunks.flatMap((item) => state.push(item)), ...state.end()];
}

describe('OpenAIStreamDecoder', () => {
  it('turns content deltas into text parts and skips empty ones', () => {
    expect(
      run([
        chunk({ role: 'assistant', content: '', refusal: null }),
        chunk({ content: 'Hel' }),
        chunk({ content: 'lo' }),
        finishChunk('stop'),
        {
          id: 'chatcmpl-1',
          model: 'gpt-4o',
          choices: [],
          usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
        },
      ]),
    ).toEqual([
      { type: 'text-delta', text: 'Hel' },
      { type: 'text-delta', text: 'lo' },
      {
        type: 'finish',
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: { inputTokens: 5, outputTokens: 2, totalTokens: 7 },
        id: 'chatcmpl-1',
        model: 'gpt-4o',
      },
    ]);
  });

  it("skips Azure's empty first chunk and takes id and model from the first chunk that has them", () => {
    const parts = run([
      { choices: [], id: '', model: '', prompt_filter_results: [] } as OpenAIChatChunk,
      chunk({ content: 'Hi' }, { id: 'chatcmpl-azure', model: 'gpt-5-nano' }),
      finishChunk('stop', { id: 'chatcmpl-azure', model: 'gpt-5-nano' }),
    ]);
    expect(parts.at(-1)).toMatchObject({ id: 'chatcmpl-azure', model: 'gpt-5-nano' });
  });

  it('assembles tool-call arguments by index and yields each call once the finish reason arrives', () => {
    const state = stateOf();
    const before = [
      chunk({
        tool_calls: [
          { index: 0, id: 'call_a', type: 'function', function: { name: 'weather', arguments: '' } },
        ],
      }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
      chunk({
        tool_calls: [
          { index: 1, id: 'call_b', type: 'function', function: { name: 'time', arguments: '{}' } },
        ],
      }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }),
    ].flatMap((item) => state.push(item));
    expect(before).toEqual([
      { type: 'tool-call-delta', index: 0, id: 'call_a', name: 'weather', argumentsDelta: '' },
      { type: 'tool-call-delta', index: 0, id: 'call_a', name: 'weather', argumentsDelta: '{"city":' },
      { type: 'tool-call-delta', index: 1, id: 'call_b', name: 'time', argumentsDelta: '{}' },
      { type: 'tool-call-delta', index: 0, id: 'call_a', name: 'weather', argumentsDelta: '"Paris"}' },
    ]);
    expect(state.finished).toBe(false);
    expect(state.push(finishChunk('tool_calls'))).toEqual([
      {
        type: 'tool-call',
        index: 0,
        toolCall: { id: 'call_a', name: 'weather', arguments: '{"city":"Paris"}' },
      },
      { type: 'tool-call', index: 1, toolCall: { id: 'call_b', name: 'time', arguments: '{}' } },
    ]);
    expect(state.finished).toBe(true);
    expect(state.end()).toEqual([
      expect.objectContaining({ type: 'finish', finishReason: { unified: 'tool_calls', raw: 'tool_calls' } }),
    ]);
  });

  it('numbers calls from 0 by first appearance when the service starts its indices at 1', () => {
    const parts = run([
      chunk({ tool_calls: [{ index: 1, id: 'toolu_1', function: { name: 'read_file', arguments: '' } }] }),
      chunk({ tool_calls: [{ index: 1, function: { arguments: '{"pa' } }] }),
      chunk({ tool_calls: [{ index: 1, function: { arguments: 'th": "a.txt"}' } }] }),
      finishChunk('tool_calls'),
    ]);
    expect(parts.filter((part) => part.type === 'tool-call')).toEqual([
      {
        type: 'tool-call',
        index: 0,
        toolCall: { id: 'toolu_1', name: 'read_file', arguments: '{"path": "a.txt"}' },
      },
    ]);
  });

  it('tells Mistral calls without an index apart by id, and continues the last call when there is none', () => {
    const parts = run([
      chunk({ tool_calls: [{ id: 'a1', function: { name: 'weather', arguments: '{"city":"Paris"}' } }] }),
      chunk({ tool_calls: [{ id: 'b2', function: { name: 'weather', arguments: '{"city":' } }] }),
      chunk({ tool_calls: [{ function: { arguments: '"Rome"}' } }] }),
      finishChunk('tool_calls'),
    ]);
    expect(parts.filter((part) => part.type === 'tool-call')).toEqual([
      { type: 'tool-call', index: 0, toolCall: { id: 'a1', name: 'weather', arguments: '{"city":"Paris"}' } },
      { type: 'tool-call', index: 1, toolCall: { id: 'b2', name: 'weather', arguments: '{"city":"Rome"}' } },
    ]);
  });

  it('starts a new call when a service numbers every call 0 but gives each its own id', () => {
    const parts = run([
      chunk({ tool_calls: [{ index: 0, id: 'c1', function: { name: 'a', arguments: '{}' } }] }),
      chunk({ tool_calls: [{ index: 0, id: 'c2', function: { name: 'b', arguments: '{"x":1}' } }] }),
      finishChunk('tool_calls'),
    ]);
    expect(
      parts
        .filter((part) => part.type === 'tool-call')
        .map((part) => part.type === 'tool-call' && part.toolCall),
    ).toEqual([
      { id: 'c1', name: 'a', arguments: '{}' },
      { id: 'c2', name: 'b', arguments: '{"x":1}' },
    ]);
  });

  it('keeps the first name when a later fragment repeats it empty', () => {
    const parts = run([
      chunk({ tool_calls: [{ index: 0, id: 't', function: { name: 'webSearchTool', arguments: '' } }] }),
      chunk({ tool_calls: [{ index: 0, type: 'function', function: { name: '', arguments: '{"q":"x"}' } }] }),
      finishChunk('tool_calls'),
    ]);
    expect(parts.find((part) => part.type === 'tool-call')).toEqual({
      type: 'tool-call',
      index: 0,
      toolCall: { id: 't', name: 'webSearchTool', arguments: '{"q":"x"}' },
    });
  });

  it('reads reasoning from reasoning_content, reasoning, and Mistral thinking parts, closing the block when the answer starts', () => {
    expect(
      run([
        chunk({ role: 'assistant', content: null, reasoning_content: '' }),
        chunk({ content: null, reasoning_content: 'Deep' }),
        chunk({ reasoning: 'Seek' }),
        chunk({ content: [{ type: 'thinking', thinking: [{ type: 'text', text: ' thought' }] }] }),
        chunk({ content: [{ type: 'text', text: 'Answer' }] }),
        finishChunk('stop'),
      ]).slice(0, -1),
    ).toEqual([
      { type: 'reasoning-delta', text: 'Deep' },
      { type: 'reasoning-delta', text: 'Seek' },
      { type: 'reasoning-delta', text: ' thought' },
      { type: 'reasoning-end', block: { text: 'DeepSeek thought' } },
      { type: 'text-delta', text: 'Answer' },
    ]);
  });

  it('closes a reasoning block at a tool call, and at the finish when nothing followed it', () => {
    expect(
      run([
        chunk({ reasoning_content: 'Call it.' }),
        chunk({ tool_calls: [{ index: 0, id: 'c', function: { name: 'f', arguments: '{}' } }] }),
        finishChunk('tool_calls'),
      ])
        .slice(0, 3)
        .map((part) => part.type),
    ).toEqual(['reasoning-delta', 'reasoning-end', 'tool-call-delta']);
    expect(run([chunk({ reasoning: 'Only thinking' }), finishChunk('length')]).slice(0, 2)).toEqual([
      { type: 'reasoning-delta', text: 'Only thinking' },
      { type: 'reasoning-end', block: { text: 'Only thinking' } },
    ]);
  });

  it('takes usage from the finish chunk (DeepSeek) or from x_groq', () => {
    const deepseek = run([
      finishChunk('length', { usage: { prompt_tokens: 13, completion_tokens: 400, total_tokens: 413 } }),
    ]);
    expect(deepseek.at(-1)).toMatchObject({
      usage: { inputTokens: 13, outputTokens: 400, totalTokens: 413 },
    });
    const groq = run([
      finishChunk('stop', {
        x_groq: { usage: { prompt_tokens: 45, completion_tokens: 662, total_tokens: 707 } },
      }),
    ]);
    expect(groq.at(-1)).toMatchObject({ usage: { inputTokens: 45, outputTokens: 662, totalTokens: 707 } });
  });

  it('reports unknown usage when the stream carried none', () => {
    expect(run([finishChunk('stop')]).at(-1)).toMatchObject({
      usage: { inputTokens: undefined, outputTokens: undefined, totalTokens: undefined },
    });
  });

  it('passes a refusal on as text and finishes with content_filter', () => {
    expect(run([chunk({ refusal: "I can't" }), chunk({ refusal: ' help.' }), finishChunk('stop')])).toEqual([
      { type: 'text-delta', text: "I can't" },
      { type: 'text-delta', text: ' help.' },
      expect.objectContaining({ type: 'finish', finishReason: { unified: 'content_filter', raw: 'stop' } }),
    ]);
  });

  it('completes tool calls at the end when [DONE] came without a finish reason', () => {
    expect(
      run([chunk({ tool_calls: [{ index: 0, id: 'c', function: { name: 'f', arguments: '{}' } }] })]).slice(
        1,
      ),
    ).toEqual([
      { type: 'tool-call', index: 0, toolCall: { id: 'c', name: 'f', arguments: '{}' } },
      expect.objectContaining({ type: 'finish', finishReason: { unified: 'tool_calls', raw: undefined } }),
    ]);
  });

  it('assembles the same arguments however the service splits them', () => {
    fc.assert(
      fc.property(
        fc.array(fc.json(), { minLength: 1, maxLength: 3 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 20 }),
        (argumentTexts, cuts) => {
          const state = stateOf();
          const parts: StreamPart[] = [];
          argumentTexts.forEach((text, position) => {
            parts.push(
              ...state.push(
                chunk({
                  tool_calls: [
                    { index: position + 3, id: `id${position}`, function: { name: `f${position}` } },
                  ],
                }),
              ),
            );
            let offset = 0;
            let cut = 0;
            while (offset < text.length) {
              const size = cuts[cut++ % cuts.length]!;
              parts.push(
                ...state.push(
                  chunk({
                    tool_calls: [
                      { index: position + 3, function: { arguments: text.slice(offset, offset + size) } },
                    ],
                  }),
                ),
              );
              offset += size;
            }
          });
          parts.push(...state.push(finishChunk('tool_calls')), ...state.end());
          const calls = parts.flatMap((part) => (part.type === 'tool-call' ? [part.toolCall.arguments] : []));
          expect(calls).toEqual(argumentTexts.map((text) => (text === '' ? '{}' : text)));
          const deltas = argumentTexts.map((_, position) =>
            parts
              .flatMap((part) =>
                part.type === 'tool-call-delta' && part.index === position ? [part.argumentsDelta] : [],
              )
              .join(''),
          );
          expect(deltas).toEqual(argumentTexts);
        },
      ),
    );
  });
});
