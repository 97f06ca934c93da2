import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faults } from '../../src/testing/fake-server/index.js';
import { type GatewayHarness, startGatewayHarness } from './gateway-harness.js';

let harness: GatewayHarness;
beforeAll(async () => {
  harness = await startGatewayHarness({
    server: '  cors: { origins: [https://app.example], maxAgeSeconds: 120 }',
  });
  harness.primary.setDefault(faults.reply({ text: 'decoded fine' }));
});
afterAll(() => harness.close());

const body = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });

function post(payload: Uint8Array | string, headers: Record<string, string> = {}) {
  return fetch(`${harness.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${harness.key}`, 'content-type': 'application/json', ...headers },
    body: payload,
  });
}

describe('CORS', () => {
  it('answers a preflight from an allowed origin with the methods, headers and cache time', async () => {
    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(response.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
    expect(response.headers.get('access-control-allow-headers')).toBe('*, authorization');
    expect(response.headers.get('access-control-max-age')).toBe('120');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect(response.headers.get('vary')).toBe('Origin');
  });

  it('gives an allowed origin’s request the origin and the trail headers; another origin gets none', async () => {
    const allowed = await post(body, { origin: 'https://app.example' });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(allowed.headers.get('access-control-expose-headers')).toContain('x-llmrouter-provider');
    await allowed.text();

    const other = await fetch(`${harness.url}/v1/models`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(other.status).toBe(204);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(other.headers.get('access-control-allow-methods')).toBeNull();
  });
});

describe('HEAD', () => {
  it('answers HEAD on the GET endpoints with their headers and no body', async () => {
    const get = await fetch(`${harness.url}/v1/models`, {
      headers: { authorization: `Bearer ${harness.key}` },
    });
    const getBody = await get.text();
    const head = await fetch(`${harness.url}/v1/models`, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${harness.key}` },
    });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(getBody)));
    expect(await head.text()).toBe('');
    for (const path of ['/healthz', '/readyz', '/metrics']) {
      const response = await fetch(`${harness.url}${path}`, { method: 'HEAD' });
      expect([path, response.status, await response.text()]).toEqual([path, 200, '']);
    }
    const refused = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${harness.key}` },
    });
    expect(refused.status).toBe(405);
    expect(refused.headers.get('allow')).toBe('POST');
  });
});

describe('compressed request bodies', () => {
  it('decodes gzip, deflate and brotli bodies', async () => {
    const encoded: Array<[string, Uint8Array]> = [
      ['gzip', gzipSync(body)],
      ['deflate', deflateSync(body)],
      ['br', brotliCompressSync(body)],
    ];
    for (const [encoding, payload] of encoded) {
      const response = await post(payload, { 'content-encoding': encoding });
      const answer = (await response.json()) as { choices: Array<{ message: { content: string } }> };
      expect([encoding, response.status, answer.choices[0]!.message.content]).toEqual([
        encoding,
        200,
        'decoded fine',
      ]);
    }
  });

  it('refuses a broken stream with 400 and an unknown coding with 415', async () => {
    const broken = await post(gzipSync(body).subarray(0, 20), { 'content-encoding': 'gzip' });
    expect(broken.status).toBe(400);
    const brokenError = ((await broken.json()) as { error: { code: string; message: string } }).error;
    expect(brokenError.code).toBe('invalid_body_encoding');
    expect(brokenError.message).toMatch(
      /^The request body is not valid gzip data \(Content-Encoding: gzip\): /,
    );

    const garbage = await post('not gzip at all', { 'content-encoding': 'gzip' });
    expect(garbage.status).toBe(400);
    await garbage.text();

    const unknown = await post(body, { 'content-encoding': 'zstd' });
    expect(unknown.status).toBe(415);
    expect(((await unknown.json()) as { error: { code: string; message: string } }).error).toEqual(
      expect.objectContaining({
        code: 'unsupported_content_encoding',
        message:
          "Content-Encoding 'zstd' is not supported: send the body uncompressed, or as gzip, deflate or br.",
      }),
    );
    // One CORS request and the three decoded bodies reached the upstream; none of the refused ones.
    expect(harness.primary.requests).toHaveLength(4);
  });

  it('stops a zip bomb at the decompressed limit with 413', async () => {
    // 64 MiB of zeros compress to about 64 KiB of gzip; the harness's limit is 64 KiB decompressed.
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(128 * 1024);
    const response = await post(bomb, { 'content-encoding': 'gzip' });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
      'Request body too large: the limit is 65536 bytes once decompressed.',
    );
    // The gateway still serves the next request.
    expect((await post(body)).status).toBe(200);
  });
});
