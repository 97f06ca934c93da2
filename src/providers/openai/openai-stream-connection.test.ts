import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { StreamPart } from '../../types/stream-part.js';
import { openai } from './openai-provider.js';

const frames = [
  { choices: [{ index: 0, delta: { role: 'assistant', content: 'Hel' } }] },
  { choices: [{ index: 0, delta: { content: 'lo' } }] },
  { choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
];

let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** A Chat Completions stream server that counts TCP connections; `afterDone` decides how a body ends. */
async function startServer(afterDone: (response: ServerResponse) => void) {
  const seen = { connections: 0 };
  server = createServer((request, response) => {
    request.resume();
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.write(frames.map((frame) => `data: ${JSON.stringify(frame)}\n\n`).join(''));
    response.write('data: [DONE]\n\n');
    afterDone(response);
  });
  server.on('connection', () => seen.connections++);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { seen, baseURL: `http://127.0.0.1:${port}/v1` };
}

async function text(stream: AsyncIterable<StreamPart>): Promise<string> {
  let result = '';
  for await (const part of stream) if (part.type === 'text-delta') result += part.text;
  return result;
}

describe('OpenAI stream connections', () => {
  it('reuses connections for the next streams once answers end with [DONE]', async () => {
    const { seen, baseURL } = await startServer((response) => response.end());
    const provider = openai({ apiKey: 'sk-test', baseURL });
    const request = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'hi' }] };
    for (let stream = 0; stream < 6; stream++) expect(await text(provider.stream(request))).toBe('Hello');
    // The body's end can trail [DONE] by a moment, so the next stream may open a second connection
    // while the first drains; after that they are reused.
    expect(seen.connections).toBeLessThanOrEqual(2);
  });

  it('finishes at [DONE] even when the server keeps the body open after it', async () => {
    const { baseURL } = await startServer(() => {});
    const provider = openai({ apiKey: 'sk-test', baseURL });
    const parts: StreamPart[] = [];
    for await (const part of provider.stream({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
    }))
      parts.push(part);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'stop' } });
  });
});
