import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { azureOpenai } from '../../src/providers/azure/azure-openai-provider.js';
import { openaiCompatible } from '../../src/providers/openai-compatible/openai-compatible-provider.js';
import { createRouter } from '../../src/router/create-router.js';
import type { Provider } from '../../src/types/provider.js';
import {
  type LocalServer,
  type ReceivedRequest,
  sendJson,
  sendSse,
  startLocalServer,
} from '../helpers/local-server.js';

const apiKey = 'sk-echo-0123456789abcdefghijKLMNOP';
// Providers echo keys partly masked; the adapters drop 8-character heads and tails too (redactSecret).
const keyHead = apiKey.slice(0, 8);
const keyTail = apiKey.slice(-8);
const request = { model: 'echo-model', messages: [{ role: 'user' as const, content: 'Hello' }] };

/** The key the request carried, whichever header the adapter put it in. */
function keyOf(received: ReceivedRequest): string {
  const header =
    received.headers['api-key'] ?? received.headers['api-subscription-key'] ?? received.headers.authorization;
  return String(header ?? '').replace(/^Bearer /, '');
}

/** Every string reachable from an error: own fields, message, stack, its cause chain, nested errors, trail. */
function everythingIn(error: unknown, seen = new Set<unknown>()): string {
  if (error === null || typeof error !== 'object' || seen.has(error)) return '';
  seen.add(error);
  const record = error as Record<string, unknown>;
  const own = JSON.stringify({ ...record, message: record.message, stack: record.stack });
  const nested = [record.cause, ...(Array.isArray(record.errors) ? record.errors : [])];
  return [own, ...nested.map((inner) => everythingIn(inner, seen))].join('\n');
}

function expectNoKey(error: unknown) {
  const text = everythingIn(error);
  expect(text.length).toBeGreaterThan(0);
  expect(text).not.toContain(apiKey);
  expect(text).not.toContain(keyHead);
  expect(text).not.toContain(keyTail);
}

async function rejection(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Record<string, unknown>;
  }
  throw new Error('expected a rejection');
}

async function drain(provider: Provider) {
  for await (const _part of provider.stream(request)) {
    // reading until it fails
  }
}

let server: LocalServer;
// Each path answers the way that provider does, echoing the key the request actually carried.
beforeAll(async () => {
  server = await startLocalServer((received, response) => {
    const key = keyOf(received);
    if (received.url.includes('/azure-401/'))
      return sendJson(response, 401, {
        error: { code: '401', message: `Access denied due to invalid subscription key ${key}. Make sure...` },
      });
    if (received.url.includes('/azure-stream-event/'))
      return sendSse(
        response,
        `data: ${JSON.stringify({ error: { message: `upstream rejected key ${key}`, type: 'server_error' } })}\n\n`,
      );
    if (received.url.startsWith('/masked/'))
      return sendJson(response, 401, {
        error: {
          message: `Incorrect API key provided: ${key.slice(0, 8)}****${key.slice(-8)}.`,
          type: 'invalid_request_error',
          code: 'invalid_api_key',
        },
      });
    return sendJson(response, 400, {
      error: { message: `Bad request for key ${key}`, type: 'invalid_request_error', code: null },
    });
  });
});
afterAll(() => server.close());

function azure(path: string): Provider {
  return azureOpenai({
    apiKey,
    baseURL: `${server.url}/${path}/openai`,
    deployments: { 'echo-model': 'dep' },
  });
}

describe('Azure OpenAI errors never carry the key the upstream echoed', () => {
  it('a 401 from complete: auth, with the message kept and the key gone', async () => {
    const error = await rejection(azure('azure-401').complete(request));
    expect(error).toMatchObject({ kind: 'auth', status: 401, provider: 'azure' });
    expect(String(error.message)).toContain('Access denied due to invalid subscription key');
    expect(String(error.message)).toContain('[redacted]');
    expectNoKey(error);
    expect(keyOf(server.requests.at(-1)!)).toBe(apiKey);
  });

  it('a 401 before a stream starts, and an in-band error event in a stream', async () => {
    const before = await rejection(drain(azure('azure-401')));
    expect(before).toMatchObject({ kind: 'auth', status: 401 });
    expectNoKey(before);

    const inBand = await rejection(drain(azure('azure-stream-event')));
    expect(String(inBand.message)).toContain('upstream rejected key [redacted]');
    expectNoKey(inBand);
  });

  it('through a router: the error and every attempt of its trail', async () => {
    const router = createRouter({ providers: { azure: azure('azure-401') } });
    const error = await rejection(router.complete(request));
    const trail = error.trail as { message?: string }[];
    expect(trail).toHaveLength(1);
    expect(trail[0]!.message).toContain('[redacted]');
    expectNoKey(error);
  });
});

describe('OpenAI-compatible errors never carry the key the upstream echoed', () => {
  it('a bearer key echoed whole in a 400, from complete and from stream', async () => {
    const provider = openaiCompatible({
      name: 'compat',
      baseURL: `${server.url}/v1`,
      apiKey,
      models: ['echo-model'],
    });
    const error = await rejection(provider.complete(request));
    expect(error).toMatchObject({ kind: 'bad_request', status: 400, provider: 'compat' });
    expect(String(error.message)).toContain('Bad request for key [redacted]');
    expectNoKey(error);
    expect(server.requests.at(-1)!.headers.authorization).toBe(`Bearer ${apiKey}`);

    expectNoKey(await rejection(drain(provider)));
  });

  it('a key echoed masked (head****tail), as OpenAI does', async () => {
    const provider = openaiCompatible({
      name: 'compat',
      baseURL: `${server.url}/masked/v1`,
      apiKey,
      models: ['echo-model'],
    });
    const error = await rejection(provider.complete(request));
    expect(error).toMatchObject({ kind: 'auth', status: 401 });
    expect(String(error.message)).toContain('Incorrect API key provided');
    expectNoKey(error);
  });

  it('a preset with its own key header (sarvam), through a router with a fallback: no key in any error', async () => {
    const sarvam = openaiCompatible({ preset: 'sarvam', baseURL: `${server.url}/masked/v1`, apiKey });
    const groq = openaiCompatible({ preset: 'groq', baseURL: `${server.url}/v1`, apiKey });
    const router = createRouter({ providers: { sarvam, groq }, fallbacks: ['groq'] });
    const error = await rejection(router.complete({ ...request, model: 'sarvam-30b' }));
    expect(server.requests.at(-2)!.headers['api-subscription-key']).toBe(apiKey);
    const trail = error.trail as { provider: string; errorKind?: string }[];
    expect(trail.map((attempt) => [attempt.provider, attempt.errorKind])).toEqual([
      ['sarvam', 'auth'],
      ['groq', 'bad_request'],
    ]);
    expectNoKey(error);
  });
});
