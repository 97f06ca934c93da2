import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRouter, type ErrorKind, type Provider, RouterError, retry, timeout } from '../../src/index.js';
import { anthropic, gemini, openai } from '../../src/providers/index.js';
import {
  type FakeBehaviour,
  type FakeProviderServer,
  faults,
  startFakeProviderServer,
} from '../../src/testing/index.js';

/**
 * Every fault the fake server can play, in every wire format, through a real adapter and the router:
 * the error reaches the router as the right kind, and the router retries, falls back or gives up as
 * DESIGN.md's table says.
 */

type Format = 'openai' | 'anthropic' | 'gemini';
type Expected =
  | { outcome: 'retried'; kind: ErrorKind }
  | { outcome: 'fell-back'; kind: ErrorKind }
  | { outcome: 'failed'; kind: ErrorKind }
  | { outcome: 'interrupted'; kind: ErrorKind }
  /** A 200 answer stopped on policy grounds: returned as is unless the router falls back on content filtering. */
  | { outcome: 'filtered'; kind: ErrorKind };

const models: Record<Format, string> = {
  openai: 'gpt-4o-mini',
  anthropic: 'claude-haiku-4-5',
  gemini: 'gemini-2.5-flash',
};

const reply = { text: 'one two three four five six', chunkSize: 4 };
const cases: { name: string; fault: () => FakeBehaviour; expected: Expected; streamOnly?: boolean }[] = [
  {
    name: '429 rate limited',
    fault: () => faults.rateLimited({ retryAfterMs: 1 }),
    expected: { outcome: 'retried', kind: 'rate_limited' },
  },
  {
    name: '429 quota exhausted',
    fault: () => faults.quotaExhausted(),
    expected: { outcome: 'fell-back', kind: 'quota_exhausted' },
  },
  {
    name: 'overloaded',
    fault: () => faults.overloaded(),
    expected: { outcome: 'retried', kind: 'overloaded' },
  },
  { name: '500', fault: () => faults.serverError(), expected: { outcome: 'retried', kind: 'server' } },
  { name: '503', fault: () => faults.unavailable(), expected: { outcome: 'retried', kind: 'overloaded' } },
  { name: '401', fault: () => faults.unauthorized(), expected: { outcome: 'fell-back', kind: 'auth' } },
  { name: '403', fault: () => faults.forbidden(), expected: { outcome: 'fell-back', kind: 'auth' } },
  {
    name: '404 model',
    fault: () => faults.modelNotFound(),
    expected: { outcome: 'fell-back', kind: 'not_found' },
  },
  {
    name: 'context length',
    fault: () => faults.contextLength(),
    expected: { outcome: 'fell-back', kind: 'context_length' },
  },
  { name: '400', fault: () => faults.badRequest(), expected: { outcome: 'failed', kind: 'bad_request' } },
  {
    name: 'content filtered answer',
    fault: () => faults.contentFiltered(),
    expected: { outcome: 'filtered', kind: 'content_filter' },
  },
  { name: 'hang', fault: () => faults.hang(), expected: { outcome: 'retried', kind: 'timeout' } },
  {
    name: 'reset before answering',
    fault: () => faults.reset(),
    expected: { outcome: 'retried', kind: 'network' },
  },
  {
    name: 'malformed body',
    fault: () => faults.malformed(),
    expected: { outcome: 'retried', kind: 'server' },
  },
  {
    name: 'stream error before content',
    fault: () => faults.streamError({ afterParts: 0 }),
    expected: { outcome: 'retried', kind: 'overloaded' },
    streamOnly: true,
  },
  {
    name: 'truncated before content',
    fault: () => faults.truncate({ afterParts: 0 }),
    expected: { outcome: 'retried', kind: 'network' },
    streamOnly: true,
  },
  {
    name: 'reset after 5 parts',
    fault: () => faults.resetAfter(5, { reply }),
    expected: { outcome: 'interrupted', kind: 'network' },
    streamOnly: true,
  },
  {
    name: 'stream error after 5 parts',
    fault: () => faults.streamError({ afterParts: 5, reply }),
    expected: { outcome: 'interrupted', kind: 'overloaded' },
    streamOnly: true,
  },
  {
    name: 'truncated after 5 parts',
    fault: () => faults.truncate({ afterParts: 5, reply }),
    expected: { outcome: 'interrupted', kind: 'network' },
    streamOnly: true,
  },
  {
    name: 'malformed event after 5 parts',
    fault: () => faults.malformed({ afterParts: 5, reply }),
    expected: { outcome: 'interrupted', kind: 'server' },
    streamOnly: true,
  },
];

let server: FakeProviderServer;

beforeAll(async () => {
  server = await startFakeProviderServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.upstream('primary').reset();
  server.upstream('backup').reset();
  server.upstream('primary').setDefault(faults.reply({ text: 'primary ok' }));
  server.upstream('backup').setDefault(faults.reply({ text: 'backup ok' }));
});

function adapter(format: Format): Provider {
  const options = {
    apiKey: 'test-key-0123456789',
    baseURL: server.upstream('primary').baseURL(format),
    name: 'primary',
  };
  if (format === 'openai') return openai(options);
  if (format === 'anthropic') return anthropic(options);
  return gemini(options);
}

function routerFor(format: Format, fallbackOnContentFilter = false) {
  return createRouter({
    fallbackOnContentFilter,
    providers: {
      primary: adapter(format),
      backup: openai({
        apiKey: 'backup-key-0123456789',
        baseURL: server.upstream('backup').baseURL('openai'),
        name: 'backup',
        models: ['backup-model'],
      }),
    },
    modelMap: { [models[format]]: 'primary' },
    fallbacks: ['backup'],
    // The limits end the hang and stall cases; they are set well above what a real local answer takes on
    // a machine under load, so that an answer that merely arrives late is never read as a timeout.
    middleware: [retry({ attempts: 2, baseDelayMs: 1 }), timeout({ totalMs: 2_000, idleMs: 1_000 })],
  });
}

async function streamText(router: ReturnType<typeof routerFor>, model: string) {
  const stream = router.stream({ model, messages: [{ role: 'user', content: 'hi' }] });
  let text = '';
  for await (const part of stream) if (part.type === 'text-delta') text += part.text;
  return { text, response: await stream.response };
}

describe.each(['openai', 'anthropic', 'gemini'] as const)('%s faults through the router', (format) => {
  const model = models[format];
  for (const mode of ['complete', 'stream'] as const) {
    for (const testCase of cases) {
      if (testCase.streamOnly && mode === 'complete') continue;
      it(`${mode}: ${testCase.name} -> ${testCase.expected.outcome} (${testCase.expected.kind})`, async () => {
        server.upstream('primary').enqueue(testCase.fault());
        const router = routerFor(format);
        const run =
          mode === 'complete'
            ? router
                .complete({ model, messages: [{ role: 'user', content: 'hi' }] })
                .then((response) => ({ text: response.text, response }))
            : streamText(router, model);
        const expected = testCase.expected;
        if (expected.outcome === 'failed' || expected.outcome === 'interrupted') {
          const error = await run.then(
            () => undefined,
            (thrown: unknown) => thrown,
          );
          expect(RouterError.isInstance(error)).toBe(true);
          expect((error as RouterError).kind).toBe(expected.kind);
          if (expected.outcome === 'interrupted') {
            expect((error as RouterError).name).toBe('StreamInterruptedError');
            expect((error as { partial: { text: string } }).partial.text.length).toBeGreaterThan(0);
          }
          expect(server.upstream('primary').requests).toHaveLength(1);
          expect(server.upstream('backup').requests).toHaveLength(0);
          return;
        }
        const { text, response } = await run;
        if (expected.outcome === 'filtered') {
          expect(response.finishReason.unified).toBe('content_filter');
          expect(response.provider).toBe('primary');
          expect(server.upstream('backup').requests).toHaveLength(0);
          // Configured to fall back on refusals, the router asks the next target instead.
          server.upstream('primary').enqueue(testCase.fault());
          const strict = routerFor(format, true);
          const request = { model, messages: [{ role: 'user' as const, content: 'hi' }] };
          const fallen =
            mode === 'complete' ? await strict.complete(request) : await strict.stream(request).response;
          expect(fallen.text).toBe('backup ok');
          expect(fallen.trail.map((attempt) => [attempt.provider, attempt.errorKind ?? 'ok'])).toEqual([
            ['primary', 'content_filter'],
            ['backup', 'ok'],
          ]);
          return;
        }
        const trail = response.trail.map((attempt) => [attempt.provider, attempt.errorKind ?? 'ok']);
        if (expected.outcome === 'retried') {
          expect(text).toBe('primary ok');
          expect(trail).toEqual([
            ['primary', expected.kind],
            ['primary', 'ok'],
          ]);
        } else {
          expect(text).toBe('backup ok');
          expect(trail).toEqual([
            ['primary', expected.kind],
            ['backup', 'ok'],
          ]);
          expect(server.upstream('backup').requests[0]!.model).toBe('backup-model');
        }
      });
    }
  }
});
