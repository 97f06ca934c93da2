import type { ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FallbackExhaustedError } from '../../src/errors/fallback-exhausted-error.js';
import { openai } from '../../src/providers/index.js';
import { createRouter } from '../../src/router/create-router.js';
import { hedge } from '../../src/router/hedge-policy.js';
import { type FakeProviderServer, startFakeProviderServer } from '../../src/testing/index.js';
import { type LocalServer, startLocalServer } from '../helpers/local-server.js';

let fake: FakeProviderServer;
let slow: LocalServer;
/** Resolves when the slow primary's client closes the connection; replaced per test. */
let primaryClosed: Promise<void>;
let onPrimaryRequest: (response: ServerResponse) => void;

beforeAll(async () => {
  fake = await startFakeProviderServer();
  slow = await startLocalServer((_received, response) => onPrimaryRequest(response));
});
afterAll(async () => {
  await fake.close();
  await slow.close();
});
beforeEach(() => {
  fake.upstream('fast').reset();
  slow.requests.length = 0;
  primaryClosed = new Promise((resolve) => {
    // Never answers: holds the connection until the client closes it.
    onPrimaryRequest = (response) => response.on('close', () => resolve());
  });
});
afterEach(() => {
  onPrimaryRequest = () => {};
});

const providers = () => ({
  slow: openai({ name: 'slow', apiKey: 'sk-a', baseURL: `${slow.url}/v1`, models: ['gpt-4o'] }),
  fast: openai({
    name: 'fast',
    apiKey: 'sk-b',
    baseURL: fake.upstream('fast').baseURL('openai'),
    models: ['gpt-4o'],
  }),
});
const request = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'hi' }] };
/** The same two upstreams as one group `chat` (members `slow`, then `fast`), hedged after 20 ms. */
const grouped = () =>
  createRouter({
    providers: providers(),
    groups: {
      chat: {
        members: [
          { provider: 'slow', model: 'gpt-4o' },
          { provider: 'fast', model: 'gpt-4o' },
        ],
      },
    },
    hedge: hedge({ afterMs: 20 }),
  });
const chat = { ...request, model: 'chat' };

describe('hedged requests', () => {
  it('primary slow, secondary fast: the caller gets the secondary, the primary connection is closed, the trail holds both', async () => {
    const router = createRouter({
      providers: providers(),
      fallbacks: ['fast'],
      hedge: hedge({ afterMs: 30 }),
    });
    const response = await router.complete(request, { safeToDuplicate: true });
    expect(response.provider).toBe('fast');
    await primaryClosed;
    expect(slow.requests).toHaveLength(1);
    expect(fake.upstream('fast').requests).toHaveLength(1);
    expect(
      response.trail.map((attempt) => [attempt.provider, attempt.reason, attempt.outcome, attempt.hedge]),
    ).toEqual(
      expect.arrayContaining([
        ['slow', 'primary', 'error', 'lost'],
        ['fast', 'hedge', 'success', 'won'],
      ]),
    );
    expect(response.trail).toHaveLength(2);
  });

  it('with no hedge configured, a slow primary never gets a second call', async () => {
    onPrimaryRequest = (response) => {
      setTimeout(() => response.writeHead(503).end('{"error":{"message":"busy"}}'), 150);
    };
    const router = createRouter({ providers: providers(), fallbacks: ['fast'] });
    const start = performance.now();
    const stream = router.complete(request, { safeToDuplicate: true });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.upstream('fast').requests).toHaveLength(0);
    const response = await stream;
    // Only the primary's failure moved the call on, after it answered.
    expect(performance.now() - start).toBeGreaterThanOrEqual(140);
    expect(response.trail.map((attempt) => attempt.reason)).toEqual(['primary', 'fallback']);
  });

  it('a hedge policy alone does not duplicate a call that is not marked safeToDuplicate', async () => {
    onPrimaryRequest = (response) => {
      setTimeout(() => response.writeHead(503).end('{"error":{"message":"busy"}}'), 120);
    };
    const router = createRouter({
      providers: providers(),
      fallbacks: ['fast'],
      hedge: hedge({ afterMs: 10 }),
    });
    const pending = router.complete(request);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(fake.upstream('fast').requests).toHaveLength(0);
    await pending;
  });

  it('hedges draw on a budget: once it is spent, slow calls wait for their primary', async () => {
    onPrimaryRequest = (response) => {
      setTimeout(() => {
        if (!response.writableEnded && !response.destroyed)
          response.writeHead(503).end('{"error":{"message":"busy"}}');
      }, 60);
    };
    const policy = hedge({ afterMs: 5, burst: 1, budgetRatio: 0 });
    const router = createRouter({ providers: providers(), fallbacks: ['fast'], hedge: policy });
    const first = await router.complete(request, { safeToDuplicate: true });
    expect(first.trail.find((attempt) => attempt.hedge === 'won')?.provider).toBe('fast');
    const second = await router.complete(request, { safeToDuplicate: true });
    expect(second.trail.map((attempt) => attempt.reason)).toEqual(['primary', 'fallback']);
  });
});

describe('hedged streams', () => {
  /** The slow primary with the fast fallback, hedged after 30 ms. */
  const hedgedPair = () =>
    createRouter({ providers: providers(), fallbacks: ['fast'], hedge: hedge({ afterMs: 30 }) });
  const collect = async (stream: AsyncIterable<{ type: string; text?: string }>) => {
    let text = '';
    for await (const part of stream) if (part.type === 'text-delta') text += part.text;
    return text;
  };

  it('primary silent, secondary streaming: the caller reads the secondary, the primary is closed, the trail holds both', async () => {
    fake.upstream('fast').enqueue({ type: 'reply', text: 'hedged stream answer', partDelayMs: 1 });
    const router = hedgedPair();
    const stream = router.stream(request, { safeToDuplicate: true });
    expect(await collect(stream)).toBe('hedged stream answer');
    const response = await stream.response;
    expect(response.provider).toBe('fast');
    await primaryClosed;
    expect(slow.requests).toHaveLength(1);
    expect(fake.upstream('fast').requests).toHaveLength(1);
    expect(
      response.trail.map((attempt) => [attempt.provider, attempt.reason, attempt.outcome, attempt.hedge]),
    ).toEqual([
      ['slow', 'primary', 'error', 'lost'],
      ['fast', 'hedge', 'success', 'won'],
    ]);
  });

  it('a primary that streams before the delay is read alone: no hedge is started', async () => {
    onPrimaryRequest = (response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (delta: object, finish: string | null = null) =>
        `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      response.write(chunk({ role: 'assistant', content: 'quick ' }));
      setTimeout(
        () => response.end(`${chunk({ content: 'primary' })}${chunk({}, 'stop')}data: [DONE]\n\n`),
        80,
      );
    };
    const router = hedgedPair();
    const stream = router.stream(request, { safeToDuplicate: true });
    expect(await collect(stream)).toBe('quick primary');
    expect(fake.upstream('fast').requests).toHaveLength(0);
    expect((await stream.response).trail.map((attempt) => [attempt.provider, attempt.hedge])).toEqual([
      ['slow', undefined],
    ]);
  });

  it('with no hedge configured, a silent primary never gets a second stream', async () => {
    const router = createRouter({ providers: providers(), fallbacks: ['fast'] });
    const stream = router.stream(request, { safeToDuplicate: true, deadlineMs: 150 });
    await expect(collect(stream)).rejects.toMatchObject({ kind: 'timeout' });
    expect(fake.upstream('fast').requests).toHaveLength(0);
  });

  it('a consumer that stops after the first part closes the winner and the loser and frees both members', async () => {
    fake
      .upstream('fast')
      .enqueue({ type: 'reply', text: 'one two three four', partDelayMs: 20, chunkSize: 4 });
    const router = grouped();
    const stream = router.stream(chat, { safeToDuplicate: true });
    for await (const part of stream) if (part.type === 'text-delta') break;
    await primaryClosed;
    expect(router.explain('chat').group!.members.map((figures) => figures.inFlight)).toEqual([0, 0]);
    await expect(stream.response).rejects.toMatchObject({ kind: 'cancelled' });
    expect(stream.trail.map((attempt) => [attempt.member, attempt.outcome, attempt.hedge])).toEqual([
      ['slow', 'error', 'lost'],
      ['fast', 'error', 'won'],
    ]);
  });
});

describe('hedged requests over a group', () => {
  const inFlight = (router: ReturnType<typeof grouped>) =>
    router.explain('chat').group!.members.map((figures) => [figures.member, figures.inFlight]);

  it('frees both members once the hedge has won: nothing is left in flight on either', async () => {
    const router = grouped();
    for (let call = 0; call < 5; call++) {
      const response = await router.complete(chat, { safeToDuplicate: true });
      expect(response.trail.map((attempt) => [attempt.member, attempt.hedge])).toEqual(
        expect.arrayContaining([
          ['slow', 'lost'],
          ['fast', 'won'],
        ]),
      );
      expect(inFlight(router)).toEqual([
        ['slow', 0],
        ['fast', 0],
      ]);
    }
    expect(slow.requests).toHaveLength(5);
  });

  it('frees both members when the first fails while the hedge is running, and when both fail', async () => {
    onPrimaryRequest = (response) => {
      setTimeout(() => response.writeHead(503).end('{"error":{"message":"busy"}}'), 40);
    };
    fake.upstream('fast').enqueue({ type: 'reply', delayMs: 80, text: 'late but fine' });
    const router = grouped();
    const response = await router.complete(chat, { safeToDuplicate: true });
    expect(response.trail.map((attempt) => [attempt.member, attempt.outcome])).toEqual([
      ['slow', 'error'],
      ['fast', 'success'],
    ]);
    expect(inFlight(router)).toEqual([
      ['slow', 0],
      ['fast', 0],
    ]);
    fake.upstream('fast').enqueue({ type: 'status', status: 503, delayMs: 60 });
    await expect(router.complete(chat, { safeToDuplicate: true })).rejects.toBeInstanceOf(
      FallbackExhaustedError,
    );
    expect(inFlight(router)).toEqual([
      ['slow', 0],
      ['fast', 0],
    ]);
  });
});

describe('hedge policy', () => {
  it('uses the percentile of recent times to first content once enough samples are known', () => {
    const policy = hedge({ afterMs: 500, afterPercentile: 90, minSamples: 10 });
    const target = { provider: 'a', model: 'm' };
    for (let sample = 1; sample <= 9; sample++) policy.record(target, sample * 10);
    expect(policy.delayFor(target)).toBe(500);
    policy.record(target, 100);
    expect(policy.delayFor(target)).toBe(90);
  });

  it('rejects a policy without a delay', () => {
    expect(() => hedge({})).toThrow(/afterMs or afterPercentile/);
  });
});
