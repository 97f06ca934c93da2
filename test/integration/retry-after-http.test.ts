import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRouter, RouterError, retry } from '../../src/index.js';
import { anthropic, openai } from '../../src/providers/index.js';
import {
  type FakeProviderServer,
  faults,
  startFakeProviderServer,
} from '../../src/testing/fake-server/index.js';

// Retry-After as real providers send it, over HTTP on 127.0.0.1, read by the adapters and honoured by retry.
let server: FakeProviderServer;
beforeAll(async () => {
  server = await startFakeProviderServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.upstream('primary').reset();
  server.upstream('backup').reset();
});

const messages = [{ role: 'user' as const, content: 'hi' }];

function adapters() {
  return [
    openai({
      apiKey: 'primary-key-0123456789',
      baseURL: server.upstream('primary').baseURL('openai'),
      models: ['m'],
    }),
    anthropic({
      apiKey: 'primary-key-0123456789',
      baseURL: server.upstream('primary').baseURL('anthropic'),
      models: ['m'],
    }),
  ];
}

async function rateLimitedWith(headers: Record<string, string>): Promise<Array<number | undefined>> {
  const delays: Array<number | undefined> = [];
  for (const provider of adapters()) {
    server.upstream('primary').enqueue(faults.status(429, { headers }));
    const error = await provider.complete({ model: 'm', messages }).catch((caught: unknown) => caught);
    expect(RouterError.isInstance(error), provider.name).toBe(true);
    expect((error as RouterError).kind).toBe('rate_limited');
    delays.push((error as RouterError).retryAfterMs);
  }
  return delays;
}

describe('Retry-After from a real 429', () => {
  it('reads seconds', async () => {
    expect(await rateLimitedWith({ 'retry-after': '7' })).toEqual([7_000, 7_000]);
  });

  it('reads an HTTP date as the time until it', async () => {
    const inTwoMinutes = new Date(Date.now() + 120_000).toUTCString();
    for (const delay of await rateLimitedWith({ 'retry-after': inTwoMinutes })) {
      // An HTTP date has one-second resolution, and the request itself takes a moment.
      expect(delay).toBeGreaterThan(115_000);
      expect(delay).toBeLessThanOrEqual(120_000);
    }
  });

  it('prefers retry-after-ms to retry-after', async () => {
    expect(await rateLimitedWith({ 'retry-after-ms': '1500', 'retry-after': '9' })).toEqual([1_500, 1_500]);
  });

  it('ignores garbage and negative values instead of waiting on them', async () => {
    for (const value of ['soon', '-5', '1.5.2', '']) {
      const delays = await rateLimitedWith({ 'retry-after': value });
      expect(delays, `retry-after: ${JSON.stringify(value)}`).toEqual([undefined, undefined]);
    }
    expect(await rateLimitedWith({ 'retry-after-ms': 'abc' })).toEqual([undefined, undefined]);
  });
});

describe('a router meeting a real 429', () => {
  function router() {
    return createRouter({
      providers: {
        primary: openai({
          apiKey: 'primary-key-0123456789',
          baseURL: server.upstream('primary').baseURL('openai'),
          name: 'primary',
          models: ['m'],
        }),
        backup: openai({
          apiKey: 'backup-key-0123456789',
          baseURL: server.upstream('backup').baseURL('openai'),
          name: 'backup',
          models: ['b'],
        }),
      },
      fallbacks: ['backup'],
      middleware: [retry({ attempts: 3, baseDelayMs: 1, maxRetryAfterMs: 30_000 })],
    });
  }

  it('falls back at once on a Retry-After over the cap, without sleeping on it', async () => {
    server.upstream('primary').enqueue(faults.status(429, { headers: { 'retry-after': '120' } }));
    server.upstream('backup').enqueue(faults.reply({ text: 'from backup' }));
    const started = performance.now();
    const response = await router().complete({ model: 'm', messages });
    expect(response.text).toBe('from backup');
    expect(response.trail.map((attempt) => [attempt.provider, attempt.reason, attempt.errorKind])).toEqual([
      ['primary', 'primary', 'rate_limited'],
      ['backup', 'fallback', undefined],
    ]);
    expect(server.upstream('primary').requests).toHaveLength(1);
    // Two local round trips; anything near the 120 s (or the 30 s cap) would mean it slept.
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('waits out a Retry-After under the cap and retries the same target', async () => {
    server
      .upstream('primary')
      .enqueue(
        faults.status(429, { headers: { 'retry-after-ms': '200' } }),
        faults.reply({ text: 'second try' }),
      );
    const started = performance.now();
    const response = await router().complete({ model: 'm', messages });
    expect(response.text).toBe('second try');
    expect(response.trail.map((attempt) => [attempt.provider, attempt.reason])).toEqual([
      ['primary', 'primary'],
      ['primary', 'retry'],
    ]);
    expect(server.upstream('backup').requests).toHaveLength(0);
    // A lower bound only: a timer never fires early, however loaded the machine.
    expect(performance.now() - started).toBeGreaterThanOrEqual(200);
  });
});
