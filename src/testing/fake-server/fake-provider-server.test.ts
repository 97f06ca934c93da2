import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeBehaviour, FakeFormat } from './fake-behaviour.js';
import { type FakeProviderServer, startFakeProviderServer } from './fake-provider-server.js';
import { faults } from './faults.js';
import { defaultReplyText } from './resolve-reply.js';
import { bodyText, call, completionBody } from './test-client.js';

let server: FakeProviderServer;
let upstreamCount = 0;

/** A fresh upstream per test, so tests sharing the server cannot see each other's scripts. */
function freshUpstream() {
  upstreamCount++;
  return server.upstream(`upstream-${upstreamCount}`);
}

async function textOf(format: FakeFormat, upstream: ReturnType<typeof freshUpstream>): Promise<string> {
  const outcome = await call(upstream, { format });
  return bodyText(format, JSON.parse(outcome.text));
}

beforeAll(async () => {
  server = await startFakeProviderServer();
});

afterAll(async () => {
  await server.close();
});

describe('startFakeProviderServer', () => {
  it('listens on an ephemeral loopback port and names base URLs per format', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const primary = server.upstream('primary');
    expect(primary.baseURL('openai')).toBe(`${server.url}/primary/v1`);
    expect(primary.baseURL('anthropic')).toBe(`${server.url}/primary/v1`);
    expect(primary.baseURL('gemini')).toBe(`${server.url}/primary/v1beta`);
    expect(server.upstream('primary')).toBe(primary);
  });

  it('refuses upstream names that cannot be one path segment', () => {
    expect(() => server.upstream('a/b')).toThrow(TypeError);
    expect(() => server.upstream('')).toThrow(TypeError);
  });
});

describe('scripting', () => {
  it('consumes queued behaviours one per request, in order, then falls back to the default', async () => {
    const upstream = freshUpstream().enqueue(
      faults.reply({ text: 'first' }),
      faults.reply({ text: 'second' }),
    );
    expect(upstream.pending).toBe(2);
    expect(await textOf('openai', upstream)).toBe('first');
    expect(await textOf('anthropic', upstream)).toBe('second');
    expect(upstream.pending).toBe(0);
    expect(await textOf('gemini', upstream)).toBe(defaultReplyText);
  });

  it('uses the default set for an empty queue, after the queue', async () => {
    const upstream = freshUpstream()
      .setDefault(faults.reply({ text: 'always' }))
      .enqueue(faults.serverError());
    expect((await call(upstream, { format: 'openai' })).status).toBe(500);
    expect(await textOf('openai', upstream)).toBe('always');
    expect(await textOf('openai', upstream)).toBe('always');
  });

  it('lets a handler win over the queue and default when it returns a behaviour, and leaves the queue alone', async () => {
    const upstream = freshUpstream()
      .enqueue(faults.reply({ text: 'queued' }))
      .setDefault(faults.reply({ text: 'default' }))
      .setHandler((request) => (request.model === 'special' ? faults.reply({ text: 'handled' }) : undefined));
    expect(
      await call(upstream, { format: 'openai', model: 'special' }).then((outcome) => outcome.text),
    ).toContain('handled');
    expect(upstream.pending).toBe(1);
    expect(await textOf('openai', upstream)).toBe('queued');
    expect(await textOf('openai', upstream)).toBe('default');
    upstream.setHandler(undefined);
  });

  it('answers 500 in the format when the handler throws, and keeps serving', async () => {
    const upstream = freshUpstream().setHandler(() => {
      throw new Error('handler bug');
    });
    const outcome = await call(upstream, { format: 'anthropic' });
    expect(outcome.status).toBe(500);
    expect(JSON.parse(outcome.text)).toEqual({
      type: 'error',
      error: { type: 'api_error', message: 'fake provider handler threw: handler bug' },
    });
    upstream.setHandler(undefined);
    expect(await textOf('anthropic', upstream)).toBe(defaultReplyText);
  });

  it('answers 500 for a behaviour of unknown type, as a JavaScript caller could script', async () => {
    const upstream = freshUpstream().enqueue({ type: 'explode' } as unknown as FakeBehaviour);
    const outcome = await call(upstream, { format: 'openai' });
    expect(outcome.status).toBe(500);
    expect(JSON.parse(outcome.text).error.message).toBe(
      'fake provider server could not play the behaviour: unknown behaviour type "explode"',
    );
  });

  it('answers 500 when a behaviour cannot be rendered', async () => {
    const upstream = freshUpstream().enqueue(
      faults.reply({ toolCalls: [{ name: 'f', arguments: { size: 1n } }] }),
    );
    const outcome = await call(upstream, { format: 'openai' });
    expect(outcome.status).toBe(500);
    expect(JSON.parse(outcome.text).error.message).toContain('could not play the behaviour');
  });

  it('keeps named upstreams independent', async () => {
    const primary = freshUpstream().enqueue(faults.overloaded());
    const fallback = freshUpstream();
    expect((await call(fallback, { format: 'anthropic' })).status).toBe(200);
    expect((await call(primary, { format: 'anthropic' })).status).toBe(529);
    expect(primary.requests).toHaveLength(1);
    expect(fallback.requests).toHaveLength(1);
  });

  it('creates an upstream on the first request addressed to it', async () => {
    const response = await fetch(`${server.url}/never-declared/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify(completionBody('openai')),
    });
    expect(response.status).toBe(200);
    expect(server.upstream('never-declared').requests).toHaveLength(1);
  });

  it('reset clears the queue, requests, handler, models and default', async () => {
    const upstream = freshUpstream()
      .enqueue(faults.serverError())
      .setDefault(faults.serverError())
      .setHandler(() => faults.serverError())
      .models(['a']);
    await call(upstream, { format: 'openai' });
    upstream.reset();
    expect(upstream.pending).toBe(0);
    expect(upstream.requests).toEqual([]);
    expect(await textOf('openai', upstream)).toBe(defaultReplyText);
    const list = await fetch(`${upstream.baseURL('openai')}/models`).then((response) => response.json());
    expect(list).toEqual({ object: 'list', data: [] });
  });
});

describe('recorded requests', () => {
  it('records format, path, headers, parsed body, model and streaming per format', async () => {
    const upstream = freshUpstream();
    const before = Date.now();
    await call(upstream, {
      format: 'openai',
      stream: true,
      model: 'gpt-a',
      headers: { authorization: 'Bearer sk-test' },
    });
    await call(upstream, { format: 'anthropic', model: 'claude-b', headers: { 'x-api-key': 'test-key' } });
    await call(upstream, { format: 'gemini', stream: true, model: 'gemini-c' });
    const [openai, anthropic, gemini] = upstream.requests;
    expect(openai).toMatchObject({
      format: 'openai',
      upstream: upstream.name,
      path: `/${upstream.name}/v1/chat/completions`,
      body: completionBody('openai', { stream: true, model: 'gpt-a' }),
      model: 'gpt-a',
      stream: true,
    });
    expect(openai!.headers.authorization).toBe('Bearer sk-test');
    expect(openai!.receivedAt).toBeGreaterThanOrEqual(before);
    expect(anthropic).toMatchObject({ format: 'anthropic', model: 'claude-b', stream: false });
    expect(anthropic!.headers['x-api-key']).toBe('test-key');
    expect(gemini).toMatchObject({
      format: 'gemini',
      path: `/${upstream.name}/v1beta/models/gemini-c:streamGenerateContent?alt=sse`,
      model: 'gemini-c',
      stream: true,
      body: completionBody('gemini'),
    });
  });

  it('records nothing when recording is off', async () => {
    const quiet = await startFakeProviderServer({ recordRequests: false });
    const upstream = quiet.upstream('quiet');
    expect((await call(upstream, { format: 'openai' })).status).toBe(200);
    expect(upstream.requests).toEqual([]);
    await quiet.close();
  });
});

describe('bad requests', () => {
  const cases: [FakeFormat, (body: unknown) => unknown][] = [
    ['openai', (body) => (body as { error: { type: string } }).error.type],
    ['anthropic', (body) => (body as { error: { type: string } }).error.type],
    ['gemini', (body) => (body as { error: { status: string } }).error.status],
  ];
  const expectedType: Record<FakeFormat, string> = {
    openai: 'invalid_request_error',
    anthropic: 'invalid_request_error',
    gemini: 'INVALID_ARGUMENT',
  };

  it.each(cases)(
    '%s: answers 400 in the format for a body that is not JSON, without consuming the script',
    async (format, typeOf) => {
      const upstream = freshUpstream().enqueue(faults.serverError());
      const outcome = await call(upstream, { format, body: '{"model": ' });
      expect(outcome.status).toBe(400);
      expect(typeOf(JSON.parse(outcome.text))).toBe(expectedType[format]);
      expect(upstream.pending).toBe(1);
      expect(upstream.requests).toHaveLength(1);
      expect(upstream.requests[0]!.body).toBeUndefined();
    },
  );

  it.each(cases)(
    '%s: answers 400 for a JSON body that is not an object or misses required fields',
    async (format, typeOf) => {
      const upstream = freshUpstream();
      for (const body of [[1, 2], 'null', {}]) {
        const outcome = await call(upstream, { format, body: typeof body === 'string' ? body : body });
        expect(outcome.status).toBe(400);
        expect(typeOf(JSON.parse(outcome.text))).toBe(expectedType[format]);
      }
    },
  );

  it('answers 413 for a body over the limit', async () => {
    const small = await startFakeProviderServer({ maxBodyBytes: 64 });
    const outcome = await call(small.upstream('p'), {
      format: 'openai',
      body: { model: 'm', messages: [{ role: 'user', content: 'x'.repeat(200) }] },
    });
    expect(outcome.status).toBe(413);
    await small.close();
  });

  it('answers 404 for an unknown endpoint and 400 for a Gemini stream without alt=sse', async () => {
    const missing = await fetch(`${server.url}/p/v1/completions`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toBe(
      'No fake provider endpoint at /p/v1/completions',
    );
    const gemini = await fetch(`${server.url}/p/v1beta/models/m:streamGenerateContent`, {
      method: 'POST',
      body: JSON.stringify(completionBody('gemini')),
    });
    expect(gemini.status).toBe(400);
    expect(((await gemini.json()) as { error: { status: string } }).error.status).toBe('INVALID_ARGUMENT');
  });
});

describe('status behaviours', () => {
  it('sends Retry-After and retry-after-ms for OpenAI and Anthropic', async () => {
    const upstream = freshUpstream().enqueue(
      faults.rateLimited({ retryAfterSeconds: 2, retryAfterMs: 1500 }),
      faults.rateLimited({ retryAfterSeconds: 7 }),
    );
    const openai = await call(upstream, { format: 'openai' });
    expect(openai.status).toBe(429);
    expect(openai.headers?.get('retry-after')).toBe('2');
    expect(openai.headers?.get('retry-after-ms')).toBe('1500');
    expect(JSON.parse(openai.text).error.code).toBe('rate_limit_exceeded');
    const anthropic = await call(upstream, { format: 'anthropic' });
    expect(anthropic.headers?.get('retry-after')).toBe('7');
    expect(JSON.parse(anthropic.text).error.type).toBe('rate_limit_error');
  });

  it('puts Gemini retry delays in a RetryInfo detail, not a header', async () => {
    const upstream = freshUpstream().enqueue(faults.rateLimited({ retryAfterSeconds: 34.4 }));
    const outcome = await call(upstream, { format: 'gemini' });
    expect(outcome.status).toBe(429);
    expect(outcome.headers?.get('retry-after')).toBeNull();
    const details = JSON.parse(outcome.text).error.details;
    expect(details).toContainEqual({
      '@type': 'type.googleapis.com/google.rpc.RetryInfo',
      retryDelay: '34.4s',
    });
  });

  it('tells quota exhaustion apart from rate limiting in each format', async () => {
    const upstream = freshUpstream().enqueue(
      faults.quotaExhausted(),
      faults.quotaExhausted(),
      faults.quotaExhausted(),
    );
    const openai = JSON.parse((await call(upstream, { format: 'openai' })).text);
    expect(openai.error).toMatchObject({ type: 'insufficient_quota', code: 'insufficient_quota' });
    const anthropic = JSON.parse((await call(upstream, { format: 'anthropic' })).text);
    expect(anthropic.error.details).toEqual({ error_code: 'enforced_spend_limit_reached' });
    const gemini = JSON.parse((await call(upstream, { format: 'gemini' })).text);
    expect(gemini.error.details[0].violations[0].quotaId).toBe(
      'GenerateRequestsPerDayPerProjectPerModel-FreeTier',
    );
  });

  it('sends x-should-retry, extra headers and a verbatim body', async () => {
    const upstream = freshUpstream().enqueue(
      faults.status(500, { shouldRetry: false }),
      faults.status(502, {
        body: '<html>Bad Gateway</html>',
        headers: { 'Content-Type': 'text/html', 'X-Proxy': 'edge' },
      }),
    );
    const first = await call(upstream, { format: 'openai' });
    expect(first.headers?.get('x-should-retry')).toBe('false');
    const second = await call(upstream, { format: 'openai' });
    expect(second.status).toBe(502);
    expect(second.headers?.get('content-type')).toBe('text/html');
    expect(second.headers?.get('x-proxy')).toBe('edge');
    expect(second.text).toBe('<html>Bad Gateway</html>');
  });

  it('answers 503 as overloaded in every format, Anthropic included', async () => {
    const upstream = freshUpstream().enqueue(faults.unavailable());
    const outcome = await call(upstream, { format: 'anthropic' });
    expect(outcome.status).toBe(503);
    expect(JSON.parse(outcome.text).error.type).toBe('overloaded_error');
  });

  it('builds the canonical body for any status, naming the model on a 404', async () => {
    const upstream = freshUpstream().enqueue(
      faults.modelNotFound(),
      faults.unauthorized(),
      faults.status(504),
    );
    const notFound = await call(upstream, { format: 'gemini', model: 'gemini-gone' });
    expect(notFound.status).toBe(404);
    expect(JSON.parse(notFound.text).error.message).toContain('models/gemini-gone is not found');
    expect((await call(upstream, { format: 'gemini' })).status).toBe(401);
    const timeout = await call(upstream, { format: 'gemini' });
    expect(timeout.status).toBe(504);
    expect(JSON.parse(timeout.text).error.status).toBe('DEADLINE_EXCEEDED');
  });
});

describe('model listing', () => {
  it('lists the upstream’s models in the caller’s format', async () => {
    const upstream = freshUpstream().models(['model-a', 'model-b']);
    const openai = await fetch(`${upstream.baseURL('openai')}/models`).then((response) => response.json());
    expect(openai).toEqual({
      object: 'list',
      data: [
        { id: 'model-a', object: 'model', created: 0, owned_by: 'fake' },
        { id: 'model-b', object: 'model', created: 0, owned_by: 'fake' },
      ],
    });
    const anthropic = await fetch(`${upstream.baseURL('anthropic')}/models`, {
      headers: { 'anthropic-version': '2023-06-01' },
    }).then((response) => response.json());
    expect(anthropic).toMatchObject({
      data: [{ type: 'model', id: 'model-a' }, { id: 'model-b' }],
      has_more: false,
    });
    const gemini = (await fetch(`${upstream.baseURL('gemini')}/models`).then((response) =>
      response.json(),
    )) as {
      models: { name: string }[];
    };
    expect(gemini.models.map((model) => model.name)).toEqual(['models/model-a', 'models/model-b']);
  });
});

// Only lower bounds on elapsed time here: a loaded machine can only make a wait longer, never shorter,
// and Node never fires a timer early, so these hold however busy the machine is.
describe('timing', () => {
  it('waits delayMs before the headers', async () => {
    const upstream = freshUpstream().enqueue(faults.reply({ delayMs: 30 }));
    const started = performance.now();
    const outcome = await call(upstream, { format: 'openai' });
    expect(outcome.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(28);
  });

  it('paces stream parts and writes keep-alive comments before each part', async () => {
    const upstream = freshUpstream().enqueue(
      faults.reply({ text: 'a b c', partDelayMs: 5, keepAliveComments: 1 }),
    );
    const started = performance.now();
    const outcome = await call(upstream, { format: 'gemini', stream: true });
    const elapsed = performance.now() - started;
    expect(outcome.events).toHaveLength(3);
    expect(outcome.comments).toEqual(['keep-alive', 'keep-alive', 'keep-alive']);
    expect(outcome.text.startsWith(': keep-alive\n\ndata: ')).toBe(true);
    // comment, part, comment, part, comment, part: five pauses between six writes.
    expect(elapsed).toBeGreaterThanOrEqual(20);
  });

  it('writes keep-alive comments before each part when the stream is not paced', async () => {
    const upstream = freshUpstream().enqueue(faults.reply({ text: 'a b', keepAliveComments: 2 }));
    const outcome = await call(upstream, { format: 'openai', stream: true });
    // prelude, two deltas, finish chunk, [DONE]: five parts with two comments each.
    expect(outcome.events).toHaveLength(5);
    expect(outcome.comments).toHaveLength(10);
  });

  it('delivers each paced part as it is produced, not all at the end', async () => {
    const upstream = freshUpstream().enqueue(faults.reply({ text: 'a b c d', partDelayMs: 15 }));
    const response = await fetch(`${upstream.baseURL('anthropic')}/messages`, {
      method: 'POST',
      body: JSON.stringify(completionBody('anthropic', { stream: true })),
    });
    const reader = response.body!.getReader();
    const first = await reader.read();
    const firstAt = performance.now();
    expect(new TextDecoder().decode(first.value)).toContain('event: message_start');
    while (!(await reader.read()).done);
    expect(performance.now() - firstAt).toBeGreaterThanOrEqual(50);
  });
});
