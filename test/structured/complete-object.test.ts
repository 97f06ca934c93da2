import { afterAll, beforeAll, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { createRouter, isRetryable, type RouterError, retry } from '../../src/index.js';
import { anthropic, openai } from '../../src/providers/index.js';
import { completeObject, ObjectValidationError } from '../../src/structured/index.js';
import {
  type FakeProviderServer,
  MockProvider,
  mockStep,
  startFakeProviderServer,
} from '../../src/testing/index.js';
import type { JsonSchema } from '../../src/types/tool.js';
import { order, orderSchema } from './fixture-schemas.js';

const messages = [{ role: 'user' as const, content: 'Extract the order.' }];

/** The error a promise rejects with; fails the test when it resolves. */
async function rejection(promise: Promise<unknown>): Promise<RouterError> {
  return promise.then(
    () => expect.unreachable('expected a rejection'),
    (thrown: unknown) => thrown as RouterError,
  );
}
const valid = JSON.stringify(order);

describe('completeObject through real adapters', () => {
  let server: FakeProviderServer;
  let router: ReturnType<typeof createRouter>;

  beforeAll(async () => {
    server = await startFakeProviderServer();
    router = createRouter({
      providers: {
        primary: openai({ apiKey: 'sk-secret-key', baseURL: server.upstream('primary').baseURL('openai') }),
        backup: anthropic({
          apiKey: 'sk-secret-key',
          baseURL: server.upstream('backup').baseURL('anthropic'),
        }),
      },
      modelMap: { 'gpt-4o-mini': 'primary' },
      fallbacks: [{ provider: 'backup', model: 'claude-3-5-haiku-latest' }],
      middleware: [retry({ attempts: 2, baseDelayMs: 1 })],
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.upstream('primary').reset();
    server.upstream('backup').reset();
  });

  it('re-asks twice after invalid JSON twice, then succeeds, and the trail shows it', async () => {
    server
      .upstream('primary')
      .enqueue(
        { type: 'reply', text: 'Let me think about this order.' },
        { type: 'reply', text: '{"id": "A-1", "status": shipped' },
        { type: 'reply', text: valid },
      );
    const { object, response } = await completeObject(router, {
      model: 'gpt-4o-mini',
      messages,
      schema: orderSchema,
    });

    expect(object).toEqual(order);
    const requests = server.upstream('primary').requests;
    expect(requests).toHaveLength(3);
    // Each re-ask carries the rejected answer and what was wrong with it.
    const reask = (requests[2]!.body as { messages: Array<{ role: string; content: string }> }).messages;
    expect(reask.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
    expect(reask[1]!.content).toBe('{"id": "A-1", "status": shipped');
    expect(reask[2]!.content).toMatch(/^Your previous answer (could not be read as JSON|did not match)/);
    expect(
      response.trail.map(({ ordinal, provider, reason, outcome, structured }) => ({
        ordinal,
        provider,
        reason,
        outcome,
        structured,
      })),
    ).toEqual([
      {
        ordinal: 1,
        provider: 'primary',
        reason: 'primary',
        outcome: 'success',
        structured: ['schema_invalid'],
      },
      {
        ordinal: 2,
        provider: 'primary',
        reason: 'retry',
        outcome: 'success',
        structured: ['reasked', 'schema_invalid'],
      },
      { ordinal: 3, provider: 'primary', reason: 'retry', outcome: 'success', structured: ['reasked'] },
    ]);
    expect(response.trail[0]!.message).toBe('The answer contains no JSON object.');
  });

  it('falls back to the next provider when the primary never answers with a valid object', async () => {
    server
      .upstream('primary')
      .setDefault({ type: 'reply', text: JSON.stringify({ ...order, status: 'lost' }) });
    server.upstream('backup').enqueue({ type: 'reply', toolCalls: [{ name: 'json', arguments: order }] });

    const { object, response } = await completeObject(router, {
      model: 'gpt-4o-mini',
      messages,
      schema: orderSchema,
    });

    expect(object).toEqual(order);
    expect(response.provider).toBe('backup');
    expect(server.upstream('primary').requests).toHaveLength(3);
    expect(server.upstream('backup').requests).toHaveLength(1);
    // The fallback gets its own model name and the original question, not the primary's re-ask.
    const fallbackBody = server.upstream('backup').requests[0]!.body as {
      model: string;
      messages: unknown[];
    };
    expect(fallbackBody.model).toBe('claude-3-5-haiku-latest');
    expect(fallbackBody.messages).toHaveLength(1);
    expect(response.trail.map((attempt) => [attempt.provider, attempt.reason, attempt.structured])).toEqual([
      ['primary', 'primary', ['schema_invalid']],
      ['primary', 'retry', ['reasked', 'schema_invalid']],
      ['primary', 'retry', ['reasked', 'schema_invalid']],
      ['backup', 'fallback', undefined],
    ]);
    expect(response.trail[0]!.message).toBe('at /status: must be one of "pending", "shipped", "delivered"');
  });

  it('falls back after a provider error the router retried, with one trail for the whole call', async () => {
    server.upstream('primary').setDefault({ type: 'status', reason: 'overloaded' });
    server.upstream('backup').enqueue({ type: 'reply', toolCalls: [{ name: 'json', arguments: order }] });
    const { response } = await completeObject(router, {
      model: 'gpt-4o-mini',
      messages,
      schema: orderSchema,
    });
    expect(
      response.trail.map((attempt) => [attempt.ordinal, attempt.provider, attempt.reason, attempt.outcome]),
    ).toEqual([
      [1, 'primary', 'primary', 'error'],
      [2, 'primary', 'retry', 'error'],
      [3, 'backup', 'fallback', 'success'],
    ]);
  });

  it('does not fall back after a bad request: the request itself is wrong', async () => {
    server.upstream('primary').enqueue({ type: 'status', status: 400, reason: 'bad_request' });
    const error = await rejection(
      completeObject(router, { model: 'gpt-4o-mini', messages, schema: orderSchema }),
    );
    expect(error.kind).toBe('bad_request');
    expect(error.trail).toHaveLength(1);
    expect(server.upstream('backup').requests).toHaveLength(0);
  });

  it('ends in ObjectValidationError with the raw text, the issues and the trail when nothing validates', async () => {
    const wrong = JSON.stringify({ ...order, id: 7 });
    server.upstream('primary').setDefault({ type: 'reply', text: wrong });
    server
      .upstream('backup')
      .setDefault({ type: 'reply', toolCalls: [{ name: 'json', arguments: { ...order, id: 8 } }] });

    const error = await completeObject(router, {
      model: 'gpt-4o-mini',
      messages,
      schema: orderSchema,
      maxReasks: 1,
    }).catch((thrown: unknown) => thrown);

    expect(ObjectValidationError.isInstance(error)).toBe(true);
    const failure = error as ObjectValidationError;
    expect(failure.text).toBe(JSON.stringify({ ...order, id: 8 }));
    expect(failure.issues).toEqual([{ path: '/id', message: 'must be string' }]);
    expect(failure.rejected.map((answer) => [answer.provider, answer.problem, answer.text])).toEqual([
      ['primary', 'schema', wrong],
      ['primary', 'schema', wrong],
      ['backup', 'schema', JSON.stringify({ ...order, id: 8 })],
      ['backup', 'schema', JSON.stringify({ ...order, id: 8 })],
    ]);
    expect(failure.trail).toHaveLength(4);
    expect(failure.kind).toBe('server');
    // The pipeline already asked again; a caller's retry loop must not multiply the calls.
    expect(isRetryable(failure)).toBe(false);
    expect(failure.message).toBe(
      'No answer matched the schema for "gpt-4o-mini" after 4 rejected answer(s); last from backup/claude-3-5-haiku-latest: at /id: must be string',
    );
    expect(JSON.stringify({ ...failure, message: failure.message })).not.toContain('sk-secret-key');
  });
});

describe('completeObject with schemas from schema libraries', () => {
  function routerAnswering(...answers: string[]) {
    const provider = new MockProvider({
      name: 'mock',
      models: ['m'],
      script: answers.map((text) => mockStep.reply(text)),
    });
    return { provider, router: createRouter({ providers: { mock: provider } }) };
  }

  it('validates with zod, returns its output type, and maps strict-mode nulls back to absent fields', async () => {
    const { z } = await import('zod');
    const Person = z.object({
      name: z.string(),
      nickname: z.string().optional(),
      born: z.string().transform((text) => Number(text.slice(0, 4))),
    });
    const { router } = routerAnswering('{"name":"Ada","nickname":null,"born":"1815-12-10"}');
    const { object } = await completeObject(router, { model: 'm', messages, schema: Person });
    expectTypeOf(object).toEqualTypeOf<{ name: string; nickname?: string | undefined; born: number }>();
    expect(object).toEqual({ name: 'Ada', born: 1815 });
  });

  it('validates with valibot through its Standard JSON Schema adapter', async () => {
    const v = await import('valibot');
    const { toStandardJsonSchema } = await import('@valibot/to-json-schema');
    const schema = toStandardJsonSchema(v.object({ name: v.string(), age: v.optional(v.number()) }));
    const { router, provider } = routerAnswering('{"name":"Ada","age":"36"}', '{"name":"Ada","age":36}');
    const { object } = await completeObject(router, { model: 'm', messages, schema });
    expectTypeOf(object).toEqualTypeOf<{ name: string; age?: number | undefined }>();
    expect(object).toEqual({ name: 'Ada', age: 36 });
    expect(provider.calls[1]!.request.messages.at(-1)?.content).toContain('at /age: ');
  });

  it('validates with arktype', async () => {
    const { type } = await import('arktype');
    const schema = type({ name: 'string', 'age?': 'number' });
    const { router } = routerAnswering('{"name":"Ada"}');
    const { object } = await completeObject(router, { model: 'm', messages, schema });
    expectTypeOf(object.name).toEqualTypeOf<string>();
    expect(object).toEqual({ name: 'Ada' });
  });

  it('rejects a Standard Schema that cannot describe itself as JSON Schema, naming the fix', async () => {
    const v = await import('valibot');
    const { router } = routerAnswering(valid);
    // The type checker already refuses it; plain JavaScript callers get the runtime error.
    const schema = v.object({ name: v.string() }) as unknown as JsonSchema;
    await expect(completeObject(router, { model: 'm', messages, schema })).rejects.toThrow(
      /cannot describe itself as JSON Schema.*toStandardJsonSchema/,
    );
  });

  it('wraps a non-object schema as { value } for the provider and unwraps the answer', async () => {
    const { z } = await import('zod');
    const { router, provider } = routerAnswering('{"value":["a","b"]}');
    const { object } = await completeObject(router, { model: 'm', messages, schema: z.array(z.string()) });
    expectTypeOf(object).toEqualTypeOf<string[]>();
    expect(object).toEqual(['a', 'b']);
    const format = provider.calls[0]!.request.responseFormat;
    expect(format).toEqual({
      type: 'json_schema',
      strict: true,
      schema: {
        type: 'object',
        properties: { value: { type: 'array', items: { type: 'string' } } },
        required: ['value'],
        additionalProperties: false,
      },
    });
  });
});

describe('completeObject modes and call options', () => {
  it('asks in json_mode where the provider has JSON mode but no schema support, with the schema in the prompt', async () => {
    const provider = new MockProvider({
      name: 'jsonish',
      models: ['m'],
      capabilities: { jsonSchemaOutput: false },
      script: [mockStep.reply(valid)],
    });
    const router = createRouter({ providers: { jsonish: provider } });
    const { response } = await completeObject(router, {
      model: 'm',
      messages,
      schema: orderSchema,
      schemaName: 'order',
    });
    const request = provider.calls[0]!.request;
    expect(request.responseFormat).toEqual({ type: 'json' });
    expect(request.messages[0]).toMatchObject({ role: 'system' });
    expect(request.messages[0]!.content).toContain('JSON Schema:\n{"type":"object"');
    // The router reports capabilities, so the mode is known up front: no skipped attempt.
    expect(response.trail.map((attempt) => attempt.outcome)).toEqual(['success']);
  });

  it('finds the mode from the router skipping the target when the router cannot report capabilities', async () => {
    const provider = new MockProvider({
      name: 'jsonish',
      models: ['m'],
      capabilities: { jsonSchemaOutput: false },
      script: [mockStep.reply(valid)],
    });
    const full = createRouter({ providers: { jsonish: provider } });
    const minimal = { complete: full.complete, stream: full.stream, explain: full.explain };
    const { response } = await completeObject(minimal, { model: 'm', messages, schema: orderSchema });
    expect(provider.calls[0]!.request.responseFormat).toEqual({ type: 'json' });
    expect(response.trail.map((attempt) => attempt.outcome)).toEqual(['skipped', 'success']);
  });

  it("uses the router's capabilities() when it has one, without a skipped attempt", async () => {
    const provider = new MockProvider({
      name: 'plain',
      models: ['m'],
      capabilities: { jsonSchemaOutput: false, jsonOutput: false },
      script: [mockStep.reply(valid)],
    });
    const base = createRouter({ providers: { plain: provider } });
    const router = { ...base, capabilities: () => provider.capabilities };
    const { response } = await completeObject(router, { model: 'm', messages, schema: orderSchema });
    const request = provider.calls[0]!.request;
    expect(request.responseFormat).toBeUndefined();
    expect(request.messages.map((message) => message.role)).toEqual(['system', 'user']);
    expect(response.trail.map((attempt) => attempt.outcome)).toEqual(['success']);
  });

  it('stops at once when the caller cancels, without falling back', async () => {
    const primary = new MockProvider({ name: 'primary', models: ['m'], fallback: mockStep.hang() });
    const backup = new MockProvider({ name: 'backup', models: ['b'] });
    const router = createRouter({ providers: { primary, backup }, fallbacks: ['backup'] });
    const controller = new AbortController();
    const pending = completeObject(router, {
      model: 'm',
      messages,
      schema: orderSchema,
      call: { signal: controller.signal },
    });
    setTimeout(() => controller.abort(), 1);
    await expect(pending).rejects.toMatchObject({ kind: 'cancelled' });
    expect(backup.calls).toHaveLength(0);
  });

  it('bounds every re-ask and fallback by one deadline', async () => {
    vi.useFakeTimers();
    try {
      const primary = new MockProvider({ name: 'primary', models: ['m'], fallback: mockStep.hang() });
      const backup = new MockProvider({ name: 'backup', models: ['b'], fallback: mockStep.hang() });
      const router = createRouter({ providers: { primary, backup }, fallbacks: ['backup'] });
      let settled: RouterError | undefined;
      const pending = rejection(
        completeObject(router, { model: 'm', messages, schema: orderSchema, call: { deadlineMs: 30 } }),
      ).then((error) => {
        settled = error;
        return error;
      });
      await vi.advanceTimersByTimeAsync(29);
      expect(settled).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      const error = await pending;
      expect(error).toMatchObject({ kind: 'timeout', phase: 'deadline', timeoutMs: 30 });
      // The deadline ends the primary's hanging attempt and leaves no time for the fallback to start.
      expect(error.trail?.map((attempt) => [attempt.provider, attempt.errorKind])).toEqual([
        ['primary', 'timeout'],
      ]);
      expect(backup.calls).toHaveLength(0);
      expect(primary.calls.map((call) => call.aborted)).toEqual([true]);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects a negative or fractional maxReasks as a bad request', async () => {
    const router = createRouter({ providers: { mock: new MockProvider({ models: ['m'] }) } });
    await expect(
      completeObject(router, { model: 'm', messages, schema: orderSchema, maxReasks: -1 }),
    ).rejects.toMatchObject({
      kind: 'bad_request',
    });
  });
});
