import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ERROR_POLICY, type Provider, RouterError } from '../../src/index.js';
import { anthropic, gemini, openai } from '../../src/providers/index.js';
import { fuzzRuns, garbage, variantOf } from './wire-variants.js';

/**
 * Each adapter, whole answers and streams, fed hostile bodies through its `fetch` option (in memory, the
 * same code path as over HTTP after the response arrives): any field missing, null, of the wrong type or
 * huge, any status, stray garbage events. Nothing may throw but a RouterError with a known kind, and
 * nothing may hang (each case has a time limit).
 */

const kinds = new Set(Object.keys(ERROR_POLICY));
const request = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] };

interface Answer {
  status: number;
  body: string;
  contentType: string;
}

function providerAnswering(build: (fetch: typeof globalThis.fetch) => Provider, answer: Answer): Provider {
  return build(
    async () =>
      new Response(answer.body, { status: answer.status, headers: { 'content-type': answer.contentType } }),
  );
}

function expectRouterError(error: unknown): void {
  if (!(error instanceof RouterError) || !kinds.has(error.kind)) {
    throw new Error(`threw something other than a RouterError with a kind: ${String(error)}`, {
      cause: error,
    });
  }
}

async function completeSettles(provider: Provider): Promise<void> {
  try {
    await provider.complete(request);
  } catch (error) {
    expectRouterError(error);
  }
}

async function streamSettles(provider: Provider): Promise<void> {
  try {
    for await (const _part of provider.stream(request)) {
      // every part is read; only how the stream ends matters here
    }
  } catch (error) {
    expectRouterError(error);
  }
}

const status = fc.oneof(
  { weight: 8, arbitrary: fc.constant(200) },
  { weight: 2, arbitrary: fc.constantFrom(400, 401, 404, 408, 413, 429, 500, 502, 503, 529) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 599 }) },
);

const errorBody = variantOf({
  error: {
    message: 'boom',
    type: 'server_error',
    code: 'x',
    status: 'UNAVAILABLE',
    details: [{ retryDelay: '1s' }],
  },
});

function wholeAnswers(template: unknown): fc.Arbitrary<Answer> {
  return fc.record({
    status,
    body: fc.oneof(
      { weight: 10, arbitrary: variantOf(template).map((value) => JSON.stringify(value) ?? '') },
      { weight: 2, arbitrary: errorBody.map((value) => JSON.stringify(value) ?? '') },
      { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    ),
    contentType: fc.constantFrom('application/json', 'text/html', ''),
  });
}

/** An SSE body of the template's events in any order, each possibly broken, with stray garbage between. */
function streamAnswers(
  events: ReadonlyArray<{ event?: string; data: unknown }>,
  terminator?: string,
): fc.Arbitrary<Answer> {
  const one = fc.oneof(
    {
      weight: 10,
      arbitrary: fc
        .constantFrom(...events)
        .chain((e) =>
          variantOf(e.data).map((data) => ({ event: e.event, data: JSON.stringify(data) ?? 'null' })),
        ),
    },
    {
      weight: 1,
      arbitrary: garbage.map((data) => ({ event: undefined, data: JSON.stringify(data) ?? 'null' })),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }).map((data) => ({ event: undefined, data })) },
    {
      weight: 1,
      arbitrary: errorBody.map((data) => ({ event: 'error', data: JSON.stringify(data) ?? 'null' })),
    },
  );
  const inOrder = fc.tuple(
    ...events.map((e) =>
      variantOf(e.data).map((data) => ({ event: e.event, data: JSON.stringify(data) ?? 'null' })),
    ),
  );
  return fc.record({
    status,
    body: fc
      .tuple(fc.oneof(inOrder, fc.array(one, { maxLength: 12 })), fc.boolean())
      .map(([list, terminated]) => {
        const frames = list.map(
          (e) => `${e.event ? `event: ${e.event}\n` : ''}data: ${e.data.replace(/\n/g, ' ')}\n\n`,
        );
        if (terminated && terminator) frames.push(`data: ${terminator}\n\n`);
        return frames.join('');
      }),
    contentType: fc.constantFrom('text/event-stream', 'application/json'),
  });
}

const openaiWhole = {
  id: 'c1',
  object: 'chat.completion',
  model: 'gpt-4o',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content: 'Hi',
        reasoning_content: 'think',
        refusal: null,
        tool_calls: [{ id: 't1', type: 'function', function: { name: 'f', arguments: '{"a":1}' } }],
      },
      finish_reason: 'stop',
    },
  ],
  usage: {
    prompt_tokens: 3,
    completion_tokens: 2,
    total_tokens: 5,
    prompt_tokens_details: { cached_tokens: 1 },
    completion_tokens_details: { reasoning_tokens: 1 },
  },
};

const openaiChunks = [
  {
    data: {
      id: 'c1',
      model: 'gpt-4o',
      choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }],
    },
  },
  {
    data: {
      id: 'c1',
      model: 'gpt-4o',
      choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: null }],
    },
  },
  {
    data: {
      id: 'c1',
      choices: [
        {
          index: 0,
          delta: {
            tool_calls: [
              { index: 0, id: 't1', type: 'function', function: { name: 'f', arguments: '{"a":' } },
            ],
          },
        },
      ],
    },
  },
  {
    data: {
      id: 'c1',
      choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '1}' } }] } }],
    },
  },
  { data: { id: 'c1', choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] } },
  { data: { id: 'c1', choices: [], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } } },
];

const anthropicWhole = {
  id: 'msg_1',
  type: 'message',
  role: 'assistant',
  model: 'claude-x',
  content: [
    { type: 'thinking', thinking: 't', signature: 's' },
    { type: 'text', text: 'Hi' },
    { type: 'tool_use', id: 'tu1', name: 'f', input: { a: 1 } },
  ],
  stop_reason: 'tool_use',
  stop_sequence: null,
  usage: { input_tokens: 3, output_tokens: 2, cache_read_input_tokens: 1, cache_creation_input_tokens: 0 },
};

const anthropicEvents = [
  {
    event: 'message_start',
    data: { type: 'message_start', message: { ...anthropicWhole, content: [], stop_reason: null } },
  },
  {
    event: 'content_block_start',
    data: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
  },
  { event: 'ping', data: { type: 'ping' } },
  {
    event: 'content_block_delta',
    data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } },
  },
  { event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } },
  {
    event: 'content_block_start',
    data: {
      type: 'content_block_start',
      index: 1,
      content_block: { type: 'tool_use', id: 'tu1', name: 'f', input: {} },
    },
  },
  {
    event: 'content_block_delta',
    data: {
      type: 'content_block_delta',
      index: 1,
      delta: { type: 'input_json_delta', partial_json: '{"a":1}' },
    },
  },
  { event: 'content_block_stop', data: { type: 'content_block_stop', index: 1 } },
  {
    event: 'message_delta',
    data: { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 2 } },
  },
  { event: 'message_stop', data: { type: 'message_stop' } },
];

const geminiWhole = {
  candidates: [
    {
      content: {
        role: 'model',
        parts: [
          { text: 't', thought: true },
          { text: 'Hi' },
          { functionCall: { name: 'f', args: { a: 1 } } },
        ],
      },
      finishReason: 'STOP',
      index: 0,
    },
  ],
  usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 2, totalTokenCount: 5, thoughtsTokenCount: 1 },
  modelVersion: 'gemini-2.5-flash',
  promptFeedback: { blockReason: 'SAFETY' },
};

const geminiChunks = [
  {
    data: {
      candidates: [{ content: { role: 'model', parts: [{ text: 'Hi' }] }, index: 0 }],
      modelVersion: 'g',
    },
  },
  {
    data: {
      candidates: [
        { content: { role: 'model', parts: [{ functionCall: { name: 'f', args: { a: 1 } } }] }, index: 0 },
      ],
    },
  },
  { data: geminiWhole },
];

const adapters: Array<{
  name: string;
  build: (fetch: typeof globalThis.fetch) => Provider;
  whole: unknown;
  events: ReadonlyArray<{ event?: string; data: unknown }>;
  terminator?: string;
}> = [
  {
    name: 'OpenAI',
    build: (fetch) => openai({ apiKey: 'k', fetch }),
    whole: openaiWhole,
    events: openaiChunks,
    terminator: '[DONE]',
  },
  {
    name: 'Anthropic',
    build: (fetch) => anthropic({ apiKey: 'k', fetch }),
    whole: anthropicWhole,
    events: anthropicEvents,
  },
  {
    name: 'Gemini',
    build: (fetch) => gemini({ apiKey: 'k', fetch }),
    whole: geminiWhole,
    events: geminiChunks,
  },
];

// Two targets per adapter, whole answers and streams, each with the full count.
const adapterRuns = fuzzRuns;

describe.each(adapters)('$name adapter under hostile answers', ({ build, whole, events, terminator }) => {
  it(`a whole answer either maps or fails as a RouterError with a kind (${adapterRuns} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(wholeAnswers(whole), (answer) => completeSettles(providerAnswering(build, answer))),
      { numRuns: adapterRuns, timeout: 2_000 },
    );
  });

  it(`a stream either ends or fails as a RouterError with a kind (${adapterRuns} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(streamAnswers(events, terminator), (answer) =>
        streamSettles(providerAnswering(build, answer)),
      ),
      { numRuns: adapterRuns, timeout: 2_000 },
    );
  });
});

it('the fuzz harness itself tells a foreign throw from a RouterError', () => {
  expect(() => expectRouterError(new TypeError('x'))).toThrow(/other than a RouterError/);
});
