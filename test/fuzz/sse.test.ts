import fc from 'fast-check';
import { expect, it } from 'vitest';
import { readSse, type SseEvent } from '../../src/http/sse.js';
import { fuzzRuns } from './wire-variants.js';

/**
 * SSE framing (src/http/sse.ts) under any chunking: the same events come out whether the body arrives
 * whole or cut anywhere (inside a line ending, inside a multi-byte character), with any of the three line
 * endings, comments and retry fields; and garbage bytes never make it throw.
 */

async function eventsOf(chunks: Uint8Array[]): Promise<SseEvent[]> {
  async function* body() {
    yield* chunks;
  }
  const events: SseEvent[] = [];
  for await (const event of readSse(body())) events.push(event);
  return events;
}

/** Cuts `bytes` at the given positions (any, sorted, deduplicated). */
function cut(bytes: Uint8Array, at: number[]): Uint8Array[] {
  const points = [...new Set(at.map((n) => n % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const point of points) {
    chunks.push(bytes.subarray(from, point));
    from = point;
  }
  chunks.push(bytes.subarray(from));
  return chunks;
}

// Field values: any text without line breaks, multi-byte characters and emoji included.
const line = fc.string({ unit: 'grapheme', maxLength: 20 }).map((text) => text.replace(/[\r\n]/g, ''));
const eventArb = fc.record({
  event: fc.option(
    line.filter((name) => name !== ''),
    { nil: undefined },
  ),
  lines: fc.array(line, { minLength: 1, maxLength: 3 }),
  comment: fc.option(line, { nil: undefined }),
});

it(`events survive any chunking and any line ending (${fuzzRuns} cases)`, async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(eventArb, { maxLength: 6 }),
      fc.constantFrom('\n', '\r\n', '\r'),
      fc.array(fc.nat(), { maxLength: 12 }),
      async (events, eol, cuts) => {
        const text = events
          .map(
            (e) =>
              (e.comment !== undefined ? `:${e.comment}${eol}` : '') +
              (e.event !== undefined ? `event: ${e.event}${eol}` : '') +
              e.lines.map((data) => `data: ${data}${eol}`).join('') +
              eol,
          )
          .join('');
        const read = await eventsOf(cut(new TextEncoder().encode(text), cuts));
        expect(read).toEqual(events.map((e) => ({ event: e.event, data: e.lines.join('\n') })));
      },
    ),
    { numRuns: fuzzRuns, timeout: 2_000 },
  );
});

it(`garbage bytes in any chunking never throw, and chunking changes nothing (${fuzzRuns} cases)`, async () => {
  const piece = fc.oneof(
    fc.uint8Array({ maxLength: 30 }),
    fc
      .constantFrom(
        'data: x\n\n',
        'event: e\r\n',
        'data:\r\r',
        ':\n',
        'retry: 5\n',
        'id: 1\n',
        '\n\n',
        'data',
      )
      .map((text) => new TextEncoder().encode(text)),
  );
  await fc.assert(
    fc.asyncProperty(
      fc.array(piece, { maxLength: 10 }),
      fc.array(fc.nat(), { maxLength: 12 }),
      async (pieces, cuts) => {
        const bytes = new Uint8Array(pieces.reduce((sum, p) => sum + p.length, 0));
        let offset = 0;
        for (const p of pieces) {
          bytes.set(p, offset);
          offset += p.length;
        }
        const whole = await eventsOf([bytes]);
        expect(await eventsOf(cut(bytes, cuts))).toEqual(whole);
      },
    ),
    { numRuns: fuzzRuns, timeout: 2_000 },
  );
});
