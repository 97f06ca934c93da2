import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { circuitBreaker, createRouter, type Router, type RouterError, retry, timeout } from '../src/index.js';
import { anthropic, openai } from '../src/providers/index.js';
import { type FakeProviderServer, faults, startFakeProviderServer } from '../src/testing/index.js';

/**
 * Aborting a call releases everything it held: the connection to the provider (both of its ends), the
 * timers of the timeout middleware and of the call's deadline, and the listeners on the caller's signal.
 * Each test compares against what was open just before the call, so other files' state cannot hide a leak.
 */

let server: FakeProviderServer;
let router: Router;
const messages = [{ role: 'user' as const, content: 'hi' }];

beforeAll(async () => {
  server = await startFakeProviderServer();
  router = createRouter({
    providers: {
      primary: openai({ apiKey: 'test', baseURL: server.upstream('primary').baseURL('openai') }),
      fallback: anthropic({ apiKey: 'test', baseURL: server.upstream('fallback').baseURL('anthropic') }),
    },
    modelMap: { m: { provider: 'primary', model: 'gpt-test' } },
    fallbacks: [{ provider: 'fallback', model: 'claude-test' }],
    middleware: [
      retry({ attempts: 2, baseDelayMs: 10 }),
      circuitBreaker({ failureThreshold: 50 }),
      timeout({ totalMs: 60_000, firstContentMs: 30_000, idleMs: 30_000 }),
    ],
  });
});

afterAll(async () => {
  await server.close();
});

interface HandleLike {
  constructor: { name: string };
  localPort?: number;
  remotePort?: number;
  destroyed?: boolean;
}

/** Sockets of either end of a connection to the fake server, as the process sees them. */
function socketsToServer(): number {
  const handles = (process as unknown as { _getActiveHandles(): HandleLike[] })._getActiveHandles();
  return handles.filter(
    (handle) =>
      handle.constructor.name === 'Socket' &&
      !handle.destroyed &&
      (handle.remotePort === server.port || handle.localPort === server.port),
  ).length;
}

function refTimers(): number {
  return process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
}

/** Waits (up to 1 s) until `read()` is at most `expected`: what the call held is gone (others' may go too). */
async function settlesTo(read: () => number, expected: number): Promise<number> {
  for (let waited = 0; waited < 1_000 && read() > expected; waited += 10) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return read();
}

/** The call held nothing once it settled: no socket to the server, no timer of its own, no abort listener. */
async function expectReleased(controller: AbortController, timersBefore: number): Promise<void> {
  expect(await settlesTo(socketsToServer, 0)).toBe(0);
  expect(await settlesTo(refTimers, timersBefore)).toBeLessThanOrEqual(timersBefore);
  expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
}

/** The primary answers three parts of a stream, then hangs; returns the timer count before the call. */
function primaryHangsAfterThreeParts(): number {
  server
    .upstream('primary')
    .reset()
    .setDefault(faults.hang({ afterParts: 3 }));
  return refTimers();
}

/** Waits until the fake server has received `count` requests on `upstream`. */
async function requestsReach(upstream: string, count: number): Promise<void> {
  while (server.upstream(upstream).requests.length < count) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('the abort of a call releases everything it held', () => {
  it('complete: the connection is closed at both ends, timers cleared, the signal left bare', async () => {
    server.upstream('primary').reset().setDefault(faults.hang());
    const timersBefore = refTimers();
    const controller = new AbortController();
    const call = router.complete(
      { model: 'm', messages },
      { signal: controller.signal, deadlineMs: 120_000 },
    );
    const outcome = call.catch((error: RouterError) => error);
    await requestsReach('primary', 1);
    expect(socketsToServer()).toBe(2);
    expect(refTimers()).toBeGreaterThan(timersBefore);

    controller.abort();
    const error = (await outcome) as RouterError;
    expect(error.kind).toBe('cancelled');
    await expectReleased(controller, timersBefore);
    // The abort did not count against the provider, nor start a fallback.
    expect(server.upstream('fallback').requests).toHaveLength(0);
  });

  it('stream: aborted after first content, the stream ends cancelled and holds nothing', async () => {
    const timersBefore = primaryHangsAfterThreeParts();
    const controller = new AbortController();
    const stream = router.stream(
      { model: 'm', messages },
      { signal: controller.signal, deadlineMs: 120_000 },
    );
    const texts: string[] = [];
    const reading = (async () => {
      for await (const part of stream) {
        if (part.type === 'text-delta') {
          texts.push(part.text);
          controller.abort();
        }
      }
    })().catch((error: RouterError) => error);
    const error = (await reading) as RouterError;
    expect(texts.length).toBeGreaterThan(0);
    expect(error.kind).toBe('cancelled');
    await expect(stream.response).rejects.toMatchObject({ kind: 'cancelled' });
    await expectReleased(controller, timersBefore);
    expect(server.upstream('fallback').requests).toHaveLength(0);
  });

  it('stream: a caller that stops reading early releases the same way', async () => {
    const timersBefore = primaryHangsAfterThreeParts();
    const controller = new AbortController();
    const stream = router.stream(
      { model: 'm', messages },
      { signal: controller.signal, deadlineMs: 120_000 },
    );
    for await (const part of stream) if (part.type === 'text-delta') break;
    await stream.response.catch(() => undefined);
    await expectReleased(controller, timersBefore);
  });
});
