import fc from 'fast-check';
import { describe, it } from 'vitest';
import { ERROR_POLICY, type Provider, RouterError } from '../../src/index.js';
import { anthropic, gemini, openai } from '../../src/providers/index.js';
import type { ToolCall } from '../../src/types/message.js';
import { fuzzRuns } from './wire-variants.js';

/**
 * Tool-call arguments as each provider streams them: split at any points into fragments, the fragments
 * of several calls interleaved where the format allows it (OpenAI's `tool_calls[].index`), the SSE body
 * cut into network chunks at any bytes. Every call must come out whole, with its id, its name and its
 * arguments exactly as sent, in index order; anything else is a failure, and so is any throw.
 */

const kinds = new Set(Object.keys(ERROR_POLICY));
const request = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] };
const encoder = new TextEncoder();

interface SentCall {
  id: string;
  name: string;
  arguments: string;
  /** The arguments cut into the fragments sent. */
  fragments: string[];
}

/** Any JSON object as text, cut into fragments at arbitrary points (empty fragments included). */
const sentCall = (index: number): fc.Arbitrary<SentCall> =>
  fc
    .tuple(
      fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
      fc.array(fc.nat(), { maxLength: 6 }),
      fc.constantFrom('get_weather', 'search', 'f'),
    )
    .map(([args, cuts, name]) => {
      const text = JSON.stringify(args);
      const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
      const fragments: string[] = [];
      let from = 0;
      for (const point of points) {
        fragments.push(text.slice(from, point));
        from = point;
      }
      fragments.push(text.slice(from));
      return { id: `call_${index}`, name, arguments: text, fragments };
    });

const sentCalls = fc
  .integer({ min: 1, max: 3 })
  .chain((count) => fc.tuple(...Array.from({ length: count }, (_, index) => sentCall(index))));

/** An SSE body cut at any byte offsets into the chunks the client reads. */
function chunked(body: string, cuts: readonly number[]): Uint8Array[] {
  const bytes = encoder.encode(body);
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const point of [...points, bytes.length]) {
    if (point > from) chunks.push(bytes.subarray(from, point));
    from = point;
  }
  return chunks;
}

function providerStreaming(build: (fetch: typeof globalThis.fetch) => Provider, chunks: Uint8Array[]) {
  return build(async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(chunk);
        controller.close();
      },
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  });
}

async function callsOf(provider: Provider): Promise<ToolCall[]> {
  const calls: ToolCall[] = [];
  try {
    for await (const part of provider.stream(request)) {
      if (part.type === 'tool-call') calls[part.index] = part.toolCall;
    }
  } catch (error) {
    if (error instanceof RouterError && kinds.has(error.kind)) {
      throw new Error(`a well-formed stream failed: ${error.kind}: ${error.message}`);
    }
    throw new Error(`threw something other than a RouterError: ${String(error)}`, { cause: error });
  }
  return calls;
}

function expectSame(received: ToolCall[], sent: readonly SentCall[], exact: boolean): void {
  const seen = received.map((call) => [call?.id, call?.name, call?.arguments]);
  const expected = sent.map((call) => [call.id, call.name, call.arguments]);
  const same = exact
    ? JSON.stringify(seen) === JSON.stringify(expected)
    : seen.length === expected.length &&
      seen.every(
        ([, name, args], index) =>
          name === expected[index]![1] &&
          JSON.stringify(JSON.parse(String(args))) === JSON.stringify(JSON.parse(expected[index]![2]!)),
      );
  if (!same)
    throw new Error(`tool calls differ: got ${JSON.stringify(seen)}, sent ${JSON.stringify(expected)}`);
}

const frame = (data: unknown, event?: string) =>
  `${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`;

/**
 * OpenAI: each call's fragments in order, the calls' fragments interleaved in any order. The adapter
 * numbers calls by first appearance (some compatible services start their indices at 1), so `calls`
 * comes back in that order.
 */
function openaiBody(
  sent: readonly SentCall[],
  order: readonly number[],
): { body: string; calls: SentCall[] } {
  const calls = sent;
  const appearance: SentCall[] = [];
  const queue = calls.map((call) => [...call.fragments]);
  const started = new Set<number>();
  const delta = (value: unknown) =>
    frame({ id: 'c', choices: [{ index: 0, delta: value, finish_reason: null }] });
  let body = delta({ role: 'assistant', content: null });
  const pending = () => queue.some((fragments) => fragments.length > 0);
  let turn = 0;
  while (pending()) {
    let index = (order.length === 0 ? 0 : order[turn++ % order.length]!) % calls.length;
    while (queue[index]!.length === 0) index = (index + 1) % calls.length;
    const fragment = queue[index]!.shift()!;
    const call = calls[index]!;
    const head = started.has(index) ? {} : { id: call.id, type: 'function' };
    const fn = started.has(index) ? { arguments: fragment } : { name: call.name, arguments: fragment };
    if (!started.has(index)) appearance.push(call);
    started.add(index);
    body += delta({ tool_calls: [{ index, ...head, function: fn }] });
  }
  body += frame({ id: 'c', choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] });
  return { body: `${body}data: [DONE]\n\n`, calls: appearance };
}

/** Anthropic: one tool_use block per call, its input as input_json_delta fragments. */
function anthropicBody(calls: readonly SentCall[]): string {
  let body = frame(
    {
      type: 'message_start',
      message: {
        id: 'msg',
        type: 'message',
        role: 'assistant',
        model: 'claude',
        content: [],
        stop_reason: null,
        usage: { input_tokens: 1, output_tokens: 0 },
      },
    },
    'message_start',
  );
  for (const [index, call] of calls.entries()) {
    body += frame(
      {
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} },
      },
      'content_block_start',
    );
    for (const partial of call.fragments) {
      body += frame(
        { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: partial } },
        'content_block_delta',
      );
    }
    body += frame({ type: 'content_block_stop', index }, 'content_block_stop');
  }
  body += frame(
    { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 5 } },
    'message_delta',
  );
  return body + frame({ type: 'message_stop' }, 'message_stop');
}

/** Gemini: calls arrive whole (functionCall parts), spread over several chunks of the answer. */
function geminiBody(calls: readonly SentCall[]): string {
  let body = '';
  for (const call of calls) {
    body += frame({
      candidates: [
        {
          content: {
            role: 'model',
            parts: [{ functionCall: { name: call.name, args: JSON.parse(call.arguments) } }],
          },
          index: 0,
        },
      ],
    });
  }
  return (
    body +
    frame({
      candidates: [{ content: { role: 'model', parts: [] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: 1, candidatesTokenCount: 1, totalTokenCount: 2 },
    })
  );
}

const cuts = fc.array(fc.nat(), { maxLength: 12 });
const options = { numRuns: fuzzRuns, timeout: 2_000 };

describe('tool-call arguments in any fragments, interleaving and chunking', () => {
  it(`OpenAI: every call reassembles exactly (${fuzzRuns} cases)`, async () => {
    const provider = (chunks: Uint8Array[]) =>
      providerStreaming((fetch) => openai({ apiKey: 'k', fetch }), chunks);
    await fc.assert(
      fc.asyncProperty(sentCalls, fc.array(fc.nat(), { maxLength: 20 }), cuts, async (calls, order, at) => {
        const sent = openaiBody(calls, order);
        expectSame(await callsOf(provider(chunked(sent.body, at))), sent.calls, true);
      }),
      options,
    );
  });

  it(`Anthropic: every call reassembles exactly (${fuzzRuns} cases)`, async () => {
    const provider = (chunks: Uint8Array[]) =>
      providerStreaming((fetch) => anthropic({ apiKey: 'k', fetch }), chunks);
    await fc.assert(
      fc.asyncProperty(sentCalls, cuts, async (calls, at) => {
        expectSame(await callsOf(provider(chunked(anthropicBody(calls), at))), calls, true);
      }),
      options,
    );
  });

  it(`Gemini: every call arrives with the same arguments (${fuzzRuns} cases)`, async () => {
    const provider = (chunks: Uint8Array[]) =>
      providerStreaming((fetch) => gemini({ apiKey: 'k', fetch }), chunks);
    await fc.assert(
      fc.asyncProperty(sentCalls, cuts, async (calls, at) => {
        // Gemini's ids are the adapter's own and its args are re-serialised: names and values must match.
        expectSame(await callsOf(provider(chunked(geminiBody(calls), at))), calls, false);
      }),
      options,
    );
  });
});
