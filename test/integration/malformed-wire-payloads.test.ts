import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anthropic } from '../../src/providers/anthropic/anthropic-provider.js';
import { gemini } from '../../src/providers/gemini/gemini-provider.js';
import { openai } from '../../src/providers/openai/openai-provider.js';
import { createRouter } from '../../src/router/create-router.js';
import { MockProvider } from '../../src/testing/mock-provider.js';
import type { Provider } from '../../src/types/provider.js';
import { RouterError } from '../../src/types/router-error.js';
import type { StreamPart } from '../../src/types/stream-part.js';
import { type LocalServer, sendJson, sendSse, startLocalServer } from '../helpers/local-server.js';

/**
 * Answers that are valid JSON of the wrong shape (a field missing, null, or of another type), sent by a
 * real server on 127.0.0.1 to the real adapters: each must surface as a `server` RouterError naming the
 * provider and the field, never as a TypeError from inside a mapper, and a router must fall back from it
 * like from any server error.
 */

let server: LocalServer;
/** What the server answers next: an SSE body, or a JSON body. */
let answer: { sse: string } | { json: unknown } = { json: {} };

beforeAll(async () => {
  server = await startLocalServer((_received, response) => {
    if ('sse' in answer) sendSse(response, answer.sse);
    else sendJson(response, 200, answer.json);
  });
});
afterAll(() => server.close());

const key = 'sk-malformed-test-key-0001';

function sse(...payloads: unknown[]): string {
  return payloads.map((payload) => `data: ${JSON.stringify(payload)}\n\n`).join('');
}

interface WireCase {
  /** What is wrong, as the test title says it. */
  title: string;
  answer: { sse: string } | { json: unknown };
  /** The error message the caller must see. */
  message: string;
}

interface ProviderCases {
  provider: string;
  model: string;
  create(): Provider;
  cases: WireCase[];
}

const openAIPrelude = {
  id: 'c1',
  model: 'gpt-4o-mini',
  choices: [{ index: 0, delta: { role: 'assistant' } }],
};
const openAIChoice = (delta: unknown, extra: object = {}) => ({
  id: 'c1',
  model: 'gpt-4o-mini',
  choices: [{ index: 0, delta, ...extra }],
});
const openAIBody = (message: unknown) => ({
  id: 'c1',
  model: 'gpt-4o-mini',
  choices: [{ index: 0, message, finish_reason: 'stop' }],
});

const messageStart = {
  type: 'message_start',
  message: { id: 'm1', model: 'claude-sonnet-4-5', usage: { input_tokens: 3, output_tokens: 1 } },
};
const textStart = { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } };
const anthropicBody = (content: unknown) => ({
  id: 'm1',
  type: 'message',
  model: 'claude-sonnet-4-5',
  content,
  stop_reason: 'end_turn',
  usage: { input_tokens: 3, output_tokens: 1 },
});

const geminiChunk = (parts: unknown, extra: object = {}) => ({
  candidates: [{ content: { role: 'model', parts }, ...extra }],
  modelVersion: 'gemini-2.5-flash',
});

const providers: ProviderCases[] = [
  {
    provider: 'openai',
    model: 'gpt-4o-mini',
    create: () => openai({ apiKey: key, baseURL: server.url }),
    cases: [
      {
        title: 'stream: delta.content of the wrong type',
        answer: { sse: sse(openAIPrelude, openAIChoice({ content: 42 })) },
        message: 'openai stream chunk: choices[0].delta.content is not a string, an array or null',
      },
      {
        title: 'stream: a tool call whose function name is a number',
        answer: {
          sse: sse(openAIChoice({ tool_calls: [{ index: 0, id: 'call_1', function: { name: 7 } }] })),
        },
        message: 'openai stream chunk: choices[0].delta.tool_calls[0].function.name is not a string',
      },
      {
        title: 'stream: choices an object',
        answer: { sse: sse({ id: 'c1', choices: { 0: {} } }) },
        message: 'openai stream chunk: choices is not an array',
      },
      {
        title: 'stream: a null choice',
        answer: { sse: sse({ id: 'c1', choices: [null] }) },
        message: 'openai stream chunk: choices[0] is not an object',
      },
      {
        title: 'response: message.content of the wrong type',
        answer: { json: openAIBody({ role: 'assistant', content: { text: 'hi' } }) },
        message: 'openai response: choices[0].message.content is not a string, an array or null',
      },
      {
        title: 'response: a null choice',
        answer: { json: { id: 'c1', choices: [null] } },
        message: 'openai response: choices[0] is not an object',
      },
      {
        title: 'response: tool_calls a string',
        answer: { json: openAIBody({ role: 'assistant', content: null, tool_calls: 'none' }) },
        message: 'openai response: choices[0].message.tool_calls is not an array or null',
      },
    ],
  },
  {
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    create: () => anthropic({ apiKey: key, baseURL: server.url }),
    cases: [
      {
        title: 'stream: text_delta without its text',
        answer: {
          sse: sse(messageStart, textStart, {
            type: 'content_block_delta',
            index: 0,
            delta: { type: 'text_delta' },
          }),
        },
        message: 'anthropic stream event content_block_delta: delta.text is not a string',
      },
      {
        title: 'stream: text_delta with a null text',
        answer: {
          sse: sse(messageStart, textStart, {
            type: 'content_block_delta',
            index: 0,
            delta: { type: 'text_delta', text: null },
          }),
        },
        message: 'anthropic stream event content_block_delta: delta.text is not a string',
      },
      {
        title: 'stream: a block index given as a string',
        answer: { sse: sse(messageStart, { ...textStart, index: '0' }) },
        message: 'anthropic stream event content_block_start: index is not a number',
      },
      {
        title: 'stream: message_start without its message',
        answer: { sse: sse({ type: 'message_start' }) },
        message: 'anthropic stream event message_start: message is not an object',
      },
      {
        title: 'response: a text block without its text',
        answer: { json: anthropicBody([{ type: 'text' }]) },
        message: 'anthropic response: content[0].text is not a string',
      },
      {
        title: 'response: a tool_use block with a null name',
        answer: { json: anthropicBody([{ type: 'tool_use', id: 'toolu_1', name: null, input: {} }]) },
        message: 'anthropic response: content[0].name is not a string',
      },
      {
        title: 'response: content an object',
        answer: { json: anthropicBody({ type: 'text', text: 'hi' }) },
        message: 'anthropic response: content is not an array',
      },
    ],
  },
  {
    provider: 'gemini',
    model: 'gemini-2.5-flash',
    create: () => gemini({ apiKey: key, baseURL: server.url }),
    cases: [
      {
        title: 'stream: a text part of the wrong type',
        answer: { sse: sse(geminiChunk([{ text: 42 }])) },
        message: 'gemini response chunk: candidates[0].content.parts[0].text is not a string',
      },
      {
        title: 'stream: a null finishReason',
        answer: { sse: sse(geminiChunk([{ text: '' }], { finishReason: null })) },
        message: 'gemini response chunk: candidates[0].finishReason is not a string',
      },
      {
        title: 'stream: candidates a string',
        answer: { sse: sse({ candidates: 'none' }) },
        message: 'gemini response chunk: candidates is not an array',
      },
      {
        title: 'response: parts an object',
        answer: { json: geminiChunk({ text: 'hi' }, { finishReason: 'STOP' }) },
        message: 'gemini response chunk: candidates[0].content.parts is not an array',
      },
      {
        title: 'response: function call arguments a string',
        answer: {
          json: geminiChunk([{ functionCall: { name: 'weather', args: 'Paris' } }], { finishReason: 'STOP' }),
        },
        message: 'gemini response chunk: candidates[0].content.parts[0].functionCall.args is not an object',
      },
      {
        title: 'response: a null part',
        answer: { json: geminiChunk([null], { finishReason: 'STOP' }) },
        message: 'gemini response chunk: candidates[0].content.parts[0] is not an object',
      },
    ],
  },
];

const streaming = (wireCase: WireCase) => 'sse' in wireCase.answer;

/** Runs one call as the case needs it (streamed or not) and returns what it threw. */
async function failureOf(provider: Provider, wireCase: WireCase, model: string): Promise<unknown> {
  const request = { model, messages: [{ role: 'user' as const, content: 'Hi' }] };
  try {
    if (streaming(wireCase)) {
      for await (const _part of provider.stream(request)) {
        // Consumed for its error.
      }
    } else {
      await provider.complete(request);
    }
  } catch (error) {
    return error;
  }
  throw new Error('the call succeeded');
}

describe.each(providers)('$provider adapter, wrong-shaped answers', ({ provider, model, create, cases }) => {
  it.each(cases)('$title: a server error naming the field', async (wireCase) => {
    answer = wireCase.answer;
    const error = await failureOf(create(), wireCase, model);
    expect(RouterError.isInstance(error)).toBe(true);
    const routerError = error as RouterError;
    expect(routerError.message).toBe(wireCase.message);
    expect(routerError.kind).toBe('server');
    expect(routerError.provider).toBe(provider);
    expect(routerError.model).toBe(model);
  });

  it.each(cases)('$title: the router falls back to the next provider', async (wireCase) => {
    answer = wireCase.answer;
    const backup = new MockProvider({ name: 'backup', models: ['backup-model'] });
    const router = createRouter({ providers: { broken: create(), backup }, fallbacks: ['backup'] });
    const request = { model, messages: [{ role: 'user' as const, content: 'Hi' }] };
    let text: string;
    let trail: readonly { provider: string; outcome: string; errorKind?: string; message?: string }[];
    if (streaming(wireCase)) {
      const stream = router.stream(request);
      const parts: StreamPart[] = [];
      for await (const part of stream) parts.push(part);
      text = parts.flatMap((part) => (part.type === 'text-delta' ? [part.text] : [])).join('');
      trail = stream.trail;
    } else {
      const response = await router.complete(request);
      text = response.text;
      trail = response.trail;
    }
    expect(text).toBe('Hello from backup');
    expect(backup.calls).toHaveLength(1);
    expect(trail.map(({ provider, outcome, errorKind }) => ({ provider, outcome, errorKind }))).toEqual([
      { provider: 'broken', outcome: 'error', errorKind: 'server' },
      { provider: 'backup', outcome: 'success', errorKind: undefined },
    ]);
    expect(trail[0]?.message).toContain(wireCase.message.split(': ').at(-1));
  });
});
