import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readSse, type SseEvent } from './sse.js';

const encoder = new TextEncoder();

async function* chunksOf(bytes: Uint8Array, cuts: number[]): AsyncGenerator<Uint8Array> {
  let start = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    if (cut <= start || cut >= bytes.length) continue;
    yield bytes.subarray(start, cut);
    start = cut;
  }
  yield bytes.subarray(start);
}

async function parse(body: AsyncIterable<Uint8Array>): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for await (const event of readSse(body)) events.push(event);
  return events;
}

/** An SSE body as a server might frame it, with the events it must yield. */
const streams = fc
  .record({
    events: fc.array(
      fc.record({
        event: fc.option(fc.constantFrom('message_start', 'content_block_delta', 'ping', 'error'), {
          nil: undefined,
        }),
        // Multi-line data with multi-byte characters (2, 3 and 4 bytes in UTF-8).
        lines: fc.array(
          fc.string({ unit: fc.constantFrom('a', 'Z', '{', '"', ':', ' ', 'é', '€', '😀', '中') }),
          {
            minLength: 1,
            maxLength: 3,
          },
        ),
        comment: fc.boolean(),
      }),
      { minLength: 1, maxLength: 8 },
    ),
    newline: fc.constantFrom('\n', '\r\n'),
  })
  .map(({ events, newline }) => {
    let body = '';
    const expected: SseEvent[] = [];
    for (const event of events) {
      if (event.comment) body += `: keep-alive${newline}`;
      if (event.event) body += `event: ${event.event}${newline}`;
      for (const line of event.lines) body += `data: ${line}${newline}`;
      body += newline;
      expected.push({ event: event.event, data: event.lines.join('\n') });
    }
    return { bytes: encoder.encode(body), expected };
  });

describe('readSse', () => {
  it('any split of a valid stream into network chunks yields the same events', async () => {
    await fc.assert(
      fc.asyncProperty(streams, fc.array(fc.nat({ max: 2_000 }), { maxLength: 40 }), async (stream, cuts) => {
        const events = await parse(chunksOf(stream.bytes, cuts));
        expect(events).toEqual(stream.expected);
      }),
      { numRuns: 300 },
    );
  });

  it('survives one byte per chunk, including inside a four-byte character', async () => {
    const bytes = encoder.encode('data: {"text":"😀 ok"}\r\n\r\nevent: ping\ndata: {}\n\n');
    const events = await parse(
      chunksOf(
        bytes,
        Array.from({ length: bytes.length }, (_, index) => index),
      ),
    );
    expect(events).toEqual([
      { event: undefined, data: '{"text":"😀 ok"}' },
      { event: 'ping', data: '{}' },
    ]);
  });

  it('ignores comments such as OpenRouter processing notices, and drops an event cut off before its blank line', async () => {
    const bytes = encoder.encode(': OPENROUTER PROCESSING\n\ndata: {"a":1}\n\ndata: {"cut":');
    expect(await parse(chunksOf(bytes, []))).toEqual([{ event: undefined, data: '{"a":1}' }]);
  });
});
