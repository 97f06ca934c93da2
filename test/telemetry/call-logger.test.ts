import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { retry } from '../../src/middleware/retry.js';
import { openai } from '../../src/providers/index.js';
import { createRouter } from '../../src/router/create-router.js';
import { callLogger } from '../../src/telemetry/call-logger.js';
import { faults, MockProvider, mockStep, startFakeProviderServer } from '../../src/testing/index.js';

const secretPrompt = 'Summarise the NIGHTJAR memo';
const messages = [{ role: 'user' as const, content: secretPrompt }];

/** A pino logger writing JSON lines into memory. */
function memoryLogger() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      raw.push(chunk.toString());
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { logger: pino({ base: undefined, timestamp: false }, stream), lines, raw };
}

describe('callLogger', () => {
  it('writes one structured line per call with the whole trail, tokens and cost', async () => {
    const { logger, lines } = memoryLogger();
    const router = createRouter({
      providers: {
        a: new MockProvider({
          name: 'a',
          models: ['ma'],
          script: [
            mockStep.error({ status: 503, message: 'busy' }),
            mockStep.error({ status: 503, message: 'busy' }),
          ],
        }),
        b: new MockProvider({
          name: 'b',
          models: ['mb'],
          script: [
            mockStep.reply('The ZEBRA answer', {
              usage: { inputTokens: 40, cachedInputTokens: 8, outputTokens: 10 },
            }),
          ],
        }),
      },
      fallbacks: ['b'],
      middleware: [retry({ attempts: 2, baseDelayMs: 0 })],
      instrumentation: callLogger(logger),
      pricer: ({ usage }) => ({ usd: (usage.outputTokens ?? 0) / 8 }),
    });
    await router.complete({ model: 'ma', messages });

    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    expect(typeof line.latencyMs).toBe('number');
    const trail = line.trail as Record<string, unknown>[];
    for (const attempt of trail) expect(typeof attempt.latencyMs).toBe('number');
    expect({ ...line, latencyMs: 0, trail: trail.map((attempt) => ({ ...attempt, latencyMs: 0 })) }).toEqual({
      level: 30,
      msg: 'llmrouter call',
      event: 'llmrouter.call',
      operation: 'complete',
      requestedModel: 'ma',
      outcome: 'success',
      provider: 'b',
      model: 'mb',
      responseModel: 'mb',
      latencyMs: 0,
      attempts: 3,
      retries: 1,
      fallbackUsed: true,
      usage: { inputTokens: 40, cachedInputTokens: 8, outputTokens: 10, totalTokens: 50 },
      costUsd: 1.25,
      trail: [
        {
          ordinal: 1,
          provider: 'a',
          model: 'ma',
          reason: 'primary',
          outcome: 'error',
          errorKind: 'overloaded',
          status: 503,
          message: 'a 503: busy',
          latencyMs: 0,
        },
        {
          ordinal: 2,
          provider: 'a',
          model: 'ma',
          reason: 'retry',
          outcome: 'error',
          errorKind: 'overloaded',
          status: 503,
          message: 'a 503: busy',
          latencyMs: 0,
        },
        {
          ordinal: 3,
          provider: 'b',
          model: 'mb',
          reason: 'fallback',
          outcome: 'success',
          latencyMs: 0,
          inputTokens: 40,
          outputTokens: 10,
          costUsd: 1.25,
        },
      ],
    });
  });

  it('logs a failed call at error level, without content, and error messages only when allowed', async () => {
    const { logger, lines, raw } = memoryLogger();
    const failing = () =>
      new MockProvider({
        name: 'a',
        models: ['ma'],
        script: [mockStep.error({ status: 400, message: 'messages[0] is invalid' })],
      });
    await expect(
      createRouter({ providers: { a: failing() }, instrumentation: callLogger(logger) }).complete({
        model: 'ma',
        messages,
      }),
    ).rejects.toThrow();
    await expect(
      createRouter({
        providers: { a: failing() },
        instrumentation: callLogger(logger, { errorMessages: false }),
      }).complete({
        model: 'ma',
        messages,
      }),
    ).rejects.toThrow();

    expect(
      lines.map((line) => [line.level, line.outcome, line.errorKind, line.status, line.errorMessage]),
    ).toEqual([
      [50, 'error', 'bad_request', 400, 'a 400: messages[0] is invalid'],
      [50, 'error', 'bad_request', 400, undefined],
    ]);
    expect((lines[1]!.trail as Record<string, unknown>[])[0]!.message).toBeUndefined();
    expect(raw.join('')).not.toContain('NIGHTJAR');
  });

  it('never logs a provider key a real upstream echoes in its error', async () => {
    const key = 'sk-logger-secret-0123456789abcdef';
    const fake = await startFakeProviderServer();
    try {
      const upstream = fake.upstream('echo');
      upstream.enqueue(faults.badRequest({ message: `Incorrect API key provided: ${key}` }));
      const { logger, lines, raw } = memoryLogger();
      const router = createRouter({
        providers: { a: openai({ apiKey: key, baseURL: upstream.baseURL('openai'), models: ['ma'] }) },
        instrumentation: callLogger(logger),
      });
      await expect(router.complete({ model: 'ma', messages })).rejects.toMatchObject({ kind: 'bad_request' });
      // The message is logged (so the check below is on a line that carries it), the key is not.
      expect(lines).toHaveLength(1);
      expect(lines[0]!.errorMessage).toContain('Incorrect API key provided');
      expect(raw.join('')).not.toContain(key.slice(0, 8));
      expect(raw.join('')).not.toContain(key.slice(-8));
    } finally {
      await fake.close();
    }
  });

  it('logs streams too, with time to first content', async () => {
    const { logger, lines } = memoryLogger();
    const router = createRouter({
      providers: {
        s: new MockProvider({ name: 's', models: ['ms'], script: [mockStep.reply('a b c', { delayMs: 3 })] }),
      },
      instrumentation: callLogger(logger, { message: 'llm' }),
    });
    await router.stream({ model: 'ms', messages }).response;
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: 'llm', operation: 'stream', outcome: 'success', provider: 's' });
    const [attempt] = lines[0]!.trail as Record<string, number>[];
    expect(attempt!.timeToFirstContentMs).toBeGreaterThanOrEqual(1);
  });

  it('logs embedding calls too: provider, input tokens, the fallback to a replica, the input only with content', async () => {
    const fake = await startFakeProviderServer();
    try {
      fake.upstream('primary').enqueue(faults.status(503));
      const { logger, lines } = memoryLogger();
      const embedder = (name: string) =>
        openai({
          name,
          apiKey: 'sk-embed',
          baseURL: fake.upstream(name).baseURL('openai'),
          models: ['text-embedding-3-small'],
        });
      const router = (content: boolean) =>
        createRouter({
          providers: { primary: embedder('primary'), replica: embedder('replica') },
          embeddingReplicas: { 'text-embedding-3-small': ['replica'] },
          instrumentation: callLogger(logger, { content }),
        });
      await router(false).embed({ model: 'text-embedding-3-small', input: secretPrompt });
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({
        event: 'llmrouter.call',
        operation: 'embed',
        outcome: 'success',
        requestedModel: 'text-embedding-3-small',
        provider: 'replica',
        attempts: 2,
        fallbackUsed: true,
      });
      expect((lines[0]!.usage as { inputTokens?: number }).inputTokens).toBeGreaterThan(0);
      expect((lines[0]!.trail as Record<string, unknown>[]).map((attempt) => attempt.errorKind)).toEqual([
        'overloaded',
        undefined,
      ]);
      expect(JSON.stringify(lines[0])).not.toContain('NIGHTJAR');
      await router(true).embed({ model: 'text-embedding-3-small', input: [secretPrompt] });
      expect(lines[1]).toMatchObject({ operation: 'embed', provider: 'primary', input: [secretPrompt] });
    } finally {
      await fake.close();
    }
  });

  it('accepts any logger with info and error methods', async () => {
    const seen: [string, object, string | undefined][] = [];
    const router = createRouter({
      providers: { s: new MockProvider({ name: 's', models: ['ms'] }) },
      instrumentation: callLogger({
        info: (object, message) => seen.push(['info', object, message]),
        error: (object, message) => seen.push(['error', object, message]),
      }),
    });
    await router.complete({ model: 'ms', messages });
    expect(
      seen.map(([level, object, message]) => [level, (object as { provider: string }).provider, message]),
    ).toEqual([['info', 's', 'llmrouter call']]);
  });
});
