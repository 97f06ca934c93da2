import { describe, expect, it } from 'vitest';
import { readSseContent } from '../../bench/streaming/raw-sse.js';

const encoder = new TextEncoder();

async function* chunks(...texts: string[]): AsyncGenerator<Uint8Array> {
  for (const text of texts) yield encoder.encode(text);
}

function delta(content: string): string {
  return `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content } }] })}\n\n`;
}

describe('readSseContent (the raw floor reader)', () => {
  it('reads content deltas split across chunks anywhere, skips comments and empty deltas, stops at [DONE]', async () => {
    const body = `: keep-alive\n\n${delta('')}${delta('Hel')}${delta('lo')}data: [DONE]\n\n${delta('after')}`;
    const pieces = [body.slice(0, 7), body.slice(7, 60), body.slice(60, 61), body.slice(61)];
    const received: string[] = [];
    let arrivals = 0;
    const done = await readSseContent({
      body: chunks(...pieces),
      onContent: (text) => received.push(text),
      onChunk: () => arrivals++,
    });
    expect(done).toBe(true);
    expect(received).toEqual(['Hel', 'lo']);
    expect(arrivals).toBe(4);
  });

  it('reports a stream that ends without [DONE]', async () => {
    const received: string[] = [];
    const done = await readSseContent({
      body: chunks(delta('cut')),
      onContent: (text) => received.push(text),
    });
    expect(done).toBe(false);
    expect(received).toEqual(['cut']);
  });

  it('keeps a multi-byte character split between chunks whole', async () => {
    const bytes = encoder.encode(delta('é🙂'));
    const split = bytes.indexOf(0xf0) + 2;
    async function* body() {
      yield bytes.slice(0, split);
      yield bytes.slice(split);
    }
    const received: string[] = [];
    await readSseContent({ body: body(), onContent: (text) => received.push(text) });
    expect(received).toEqual(['é🙂']);
  });
});
