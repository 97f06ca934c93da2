/**
 * Cost per stream part of `streamObject`'s partial objects, over a 2,000-part answer. Not a test: run it
 * with
 *
 *   npx tsx bench/stream-object.ts
 *
 * The answer is an order with a long note and a growing item list, one to two characters a part, so
 * the buffer grows twentyfold from the first window to the last. Time per part is reported in windows
 * of 200 parts, best of several rounds:
 *
 * - `parser`: `PartialJsonParser.push` plus a snapshot for every change, the work `streamObject` adds to
 *   each part. It should stay flat: each character is read once, and a snapshot copies only the
 *   containers still open.
 * - `streamObject`: whole calls through a router and an in-process mock provider (no network).
 * - `re-parse`: for contrast, what a parser that re-reads the whole buffer on every part costs
 *   (`jsonrepair` + `JSON.parse` of the text so far, the approach of re-parsing partial-JSON libraries).
 *   It grows with the buffer, so the whole answer costs quadratic time.
 */
import { jsonrepair } from 'jsonrepair';
import { createRouter } from '../src/index.js';
import { PartialJsonParser, streamObject } from '../src/structured/index.js';
import { MockProvider } from '../src/testing/index.js';
import type { Provider } from '../src/types/provider.js';
import type { StreamPart } from '../src/types/stream-part.js';

const partCount = 2_000;
const window = 200;
const rounds = 7;

const schema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    note: { type: 'string' },
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: { sku: { type: 'string' }, quantity: { type: 'integer' } },
        required: ['sku', 'quantity'],
      },
    },
  },
  required: ['id', 'note', 'items'],
};

/** An answer cut into `partCount` parts: a note that streams as text, then items that stream as objects. */
function answerChunks(): string[] {
  const items = Array.from({ length: 90 }, (_, index) => ({ sku: `SKU-${index}`, quantity: index + 1 }));
  const text = JSON.stringify({
    id: 'A-1',
    note: 'The customer asked for gift wrapping. '.repeat(40),
    items,
  });
  const chunks: string[] = [];
  for (let index = 0; index < partCount; index++) {
    chunks.push(
      text.slice(
        Math.round((index * text.length) / partCount),
        Math.round(((index + 1) * text.length) / partCount),
      ),
    );
  }
  return chunks;
}

/** Nanoseconds per part in each window, best of `rounds`. */
function perWindow(
  chunks: readonly string[],
  run: (chunks: readonly string[], marks: bigint[]) => void,
): number[] {
  let best: number[] | undefined;
  for (let round = 0; round < rounds; round++) {
    const marks: bigint[] = [];
    run(chunks, marks);
    const windows: number[] = [];
    for (let start = 0; start + window < marks.length; start += window) {
      windows.push(Number(marks[start + window]! - marks[start]!) / window);
    }
    best = best ? best.map((value, index) => Math.min(value, windows[index] ?? value)) : windows;
  }
  return best!;
}

function incremental(chunks: readonly string[], marks: bigint[]): void {
  const parser = new PartialJsonParser();
  let sink: unknown;
  marks.push(process.hrtime.bigint());
  for (const chunk of chunks) {
    if (parser.push(chunk)) sink = parser.snapshot();
    marks.push(process.hrtime.bigint());
  }
  if (sink === undefined) throw new Error('no partial object');
}

function reparse(chunks: readonly string[], marks: bigint[]): void {
  let buffer = '';
  let sink: unknown;
  marks.push(process.hrtime.bigint());
  for (const chunk of chunks) {
    buffer += chunk;
    try {
      sink = JSON.parse(jsonrepair(buffer));
    } catch {
      // Not repairable yet (a half-written literal); the next part may fix it.
    }
    marks.push(process.hrtime.bigint());
  }
  if (sink === undefined) throw new Error('no partial object');
}

/**
 * Whole `streamObject` calls through a router, timed per part: the provider notes the time each part is
 * pulled, so the gap between two pulls is everything the pipeline did with a part (router, parser,
 * snapshot, the consumer's loop).
 */
async function throughRouter(chunks: readonly string[]): Promise<number[]> {
  const parts: StreamPart[] = chunks.map((text) => ({ type: 'text-delta', text }));
  parts.push({
    type: 'finish',
    finishReason: { unified: 'stop', raw: 'stop' },
    usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
  });
  let marks: bigint[] = [];
  const timed: Provider = {
    name: 'timed',
    models: ['m'],
    capabilities: new MockProvider().capabilities,
    complete: () => Promise.reject(new Error('streams only')),
    async *stream() {
      for (const part of parts) {
        marks.push(process.hrtime.bigint());
        yield part;
      }
    },
  };
  const router = createRouter({ providers: { timed } });
  let best: number[] | undefined;
  for (let round = 0; round < rounds; round++) {
    marks = [];
    let partials = 0;
    const stream = streamObject(router, { model: 'm', messages: [{ role: 'user', content: 'Q' }], schema });
    for await (const _partial of stream) partials++;
    await stream.result;
    if (partials < partCount / 4) throw new Error(`only ${partials} partial objects`);
    const windows: number[] = [];
    for (let start = 0; start + window < marks.length; start += window) {
      windows.push(Number(marks[start + window]! - marks[start]!) / window);
    }
    best = best ? best.map((value, index) => Math.min(value, windows[index] ?? value)) : windows;
  }
  return best!;
}

function row(name: string, values: readonly number[]): string {
  const cells = values.map((nanoseconds) => (nanoseconds / 1_000).toFixed(2).padStart(8));
  const first = values[0]!;
  const last = values[values.length - 1]!;
  return `${name.padEnd(14)}${cells.join('')}   last/first ${(last / first).toFixed(2)}x`;
}

const chunks = answerChunks();
console.log(
  `${chunks.length} parts, ${chunks.join('').length} characters; µs per part in windows of ${window}\n`,
);
const header = Array.from({ length: Math.floor(chunks.length / window) }, (_, index) =>
  `${(index + 1) * window}`.padStart(8),
).join('');
console.log(`${'window end'.padEnd(14)}${header}`);
console.log(row('parser', perWindow(chunks, incremental)));
console.log(row('streamObject', await throughRouter(chunks)));
console.log(row('re-parse', perWindow(chunks, reparse)));
