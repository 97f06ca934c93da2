import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeFormat } from './fake-behaviour.js';
import { type FakeProviderServer, startFakeProviderServer } from './fake-provider-server.js';
import type { FakeUpstream } from './fake-upstream.js';
import { faults } from './faults.js';
import { defaultReplyText } from './resolve-reply.js';
import { bodyText, type CallOutcome, call, isTerminated, streamText } from './test-client.js';

/** How long a test waits on a deliberate stall before aborting: long enough for the parts before it. */
const stallWaitMs = 1_000;

const formats: FakeFormat[] = ['openai', 'anthropic', 'gemini'];
const overloadedStatus: Record<FakeFormat, number> = { openai: 503, anthropic: 529, gemini: 503 };
/** Stream events of the two-word reply `Hello world` (OpenAI without include_usage). */
const twoWords = { text: 'Hello world' };
const twoWordEvents: Record<FakeFormat, number> = {
  // prelude, 2 deltas, finish, [DONE]
  openai: 5,
  // message_start, block start, ping, 2 deltas, block stop, message_delta, message_stop
  anthropic: 8,
  // one chunk per word, finishReason on the last
  gemini: 2,
};

function failed(outcome: CallOutcome): boolean {
  return outcome.error !== undefined;
}

let server: FakeProviderServer;
let upstream: FakeUpstream;

beforeAll(async () => {
  server = await startFakeProviderServer();
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  upstream = server.upstream('behaviours').reset();
});

describe.each(formats)('%s', (format) => {
  it('replies with the default reply when nothing is scripted', async () => {
    const outcome = await call(upstream, { format });
    expect(outcome.status).toBe(200);
    expect(outcome.headers?.get('content-type')).toBe('application/json');
    expect(Number(outcome.headers?.get('content-length'))).toBe(Buffer.byteLength(outcome.text));
    expect(bodyText(format, JSON.parse(outcome.text))).toBe(defaultReplyText);
  });

  it('streams the default reply as valid wire format with its terminator', async () => {
    const outcome = await call(upstream, { format, stream: true, includeUsage: true });
    expect(outcome.status).toBe(200);
    expect(outcome.headers?.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(failed(outcome)).toBe(false);
    expect(streamText(format, outcome)).toBe(defaultReplyText);
    expect(isTerminated(format, outcome)).toBe(true);
  });

  it('replies with scripted text and the model it was asked for', async () => {
    upstream.enqueue(faults.reply({ text: 'Scripted answer' }));
    const outcome = await call(upstream, { format, model: 'model-b' });
    const body = JSON.parse(outcome.text);
    expect(bodyText(format, body)).toBe('Scripted answer');
    expect(format === 'gemini' ? body.modelVersion : body.model).toBe('model-b');
  });

  it('answers a status behaviour with the format’s overloaded status and body', async () => {
    upstream.enqueue(faults.overloaded());
    const outcome = await call(upstream, { format, stream: true });
    expect(outcome.status).toBe(overloadedStatus[format]);
    const body = JSON.parse(outcome.text);
    if (format === 'anthropic') expect(body.error.type).toBe('overloaded_error');
    else if (format === 'gemini') expect(body.error.status).toBe('UNAVAILABLE');
    else expect(body.error.type).toBe('server_error');
  });

  it('hangs without answering until the client gives up, then serves the next request', async () => {
    upstream.enqueue(faults.hang());
    const hung = await call(upstream, { format, signal: AbortSignal.timeout(40) });
    expect(hung.status).toBeUndefined();
    expect((hung.error as Error).name).toBe('TimeoutError');
    const next = await call(upstream, { format });
    expect(next.status).toBe(200);
  });

  it('stalls a stream after the parts it was told to send', async () => {
    upstream.enqueue(faults.hang({ afterParts: 2, reply: twoWords }));
    // Only the abort ends a stall; it must come after the parts that do arrive, which on a loaded machine
    // can take far longer than the few milliseconds they take when idle.
    const outcome = await call(upstream, { format, stream: true, signal: AbortSignal.timeout(stallWaitMs) });
    expect(outcome.status).toBe(200);
    expect(outcome.events).toHaveLength(2);
    expect((outcome.error as Error).name).toBe('TimeoutError');
  });

  it('sends only the headers of a non-streaming answer when told to hang after them', async () => {
    upstream.enqueue(faults.hang({ afterParts: 0 }));
    const outcome = await call(upstream, { format, signal: AbortSignal.timeout(stallWaitMs) });
    expect(outcome.status).toBe(200);
    expect(outcome.text).toBe('');
    expect((outcome.error as Error).name).toBe('TimeoutError');
  });

  it('resets the connection before any response', async () => {
    upstream.enqueue(faults.reset());
    const outcome = await call(upstream, { format, stream: true });
    expect(outcome.status).toBeUndefined();
    expect(failed(outcome)).toBe(true);
    expect(upstream.requests).toHaveLength(1);
  });

  it('resets the connection after the parts it was told to send', async () => {
    upstream.enqueue(faults.resetAfter(1, { reply: twoWords }));
    const outcome = await call(upstream, { format, stream: true });
    expect(outcome.status).toBe(200);
    expect(outcome.events).toHaveLength(1);
    expect(failed(outcome)).toBe(true);
  });

  it('resets the connection right after the headers with afterParts 0', async () => {
    upstream.enqueue(faults.resetAfter(0));
    const outcome = await call(upstream, { format, stream: true });
    expect(outcome.status).toBe(200);
    expect(outcome.events).toEqual([]);
    expect(failed(outcome)).toBe(true);
  });

  it('resets a non-streaming answer part-way through its body', async () => {
    upstream.enqueue(faults.resetAfter(1));
    const outcome = await call(upstream, { format });
    expect(outcome.status).toBe(200);
    expect(failed(outcome)).toBe(true);
  });

  it('sends an in-band error event after the given parts, then ends the stream', async () => {
    upstream.enqueue(faults.streamError({ afterParts: 1, reply: twoWords }));
    const outcome = await call(upstream, { format, stream: true });
    expect(outcome.status).toBe(200);
    expect(failed(outcome)).toBe(false);
    expect(outcome.events).toHaveLength(2);
    const last = outcome.events[1]!;
    const payload = JSON.parse(last.data);
    if (format === 'anthropic') {
      expect(last.event).toBe('error');
      expect(payload).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
    } else if (format === 'gemini') {
      expect(payload.error).toMatchObject({ code: 503, status: 'UNAVAILABLE' });
    } else {
      expect(payload.error).toMatchObject({ type: 'server_error' });
    }
  });

  it('answers a stream error on a non-streaming request as the HTTP error', async () => {
    upstream.enqueue(faults.streamError({ reason: 'rate_limited' }));
    const outcome = await call(upstream, { format });
    expect(outcome.status).toBe(429);
  });

  it('sends a body that is not JSON', async () => {
    upstream.enqueue(faults.malformed());
    const outcome = await call(upstream, { format });
    expect(outcome.status).toBe(200);
    expect(failed(outcome)).toBe(false);
    expect(() => JSON.parse(outcome.text)).toThrow(SyntaxError);
  });

  it('sends one unparseable event after the given parts and the rest of the stream after it', async () => {
    upstream.enqueue(faults.malformed({ afterParts: 1, reply: twoWords }));
    const outcome = await call(upstream, { format, stream: true });
    expect(outcome.events).toHaveLength(twoWordEvents[format] + 1);
    expect(() => JSON.parse(outcome.events[1]!.data)).toThrow(SyntaxError);
    expect(isTerminated(format, outcome)).toBe(true);
  });

  it('truncates a stream: a clean end without the terminator', async () => {
    upstream.enqueue(faults.truncate({ reply: twoWords }));
    const outcome = await call(upstream, { format, stream: true });
    expect(outcome.status).toBe(200);
    expect(failed(outcome)).toBe(false);
    expect(outcome.events).toHaveLength(twoWordEvents[format] - 1);
    expect(isTerminated(format, outcome)).toBe(false);
  });

  it('truncates a stream after the given parts', async () => {
    upstream.enqueue(faults.truncate({ afterParts: 1, reply: twoWords }));
    const outcome = await call(upstream, { format, stream: true });
    expect(failed(outcome)).toBe(false);
    expect(outcome.events).toHaveLength(1);
  });

  it('truncates a non-streaming body: a clean end with half the JSON', async () => {
    upstream.enqueue(faults.truncate());
    const outcome = await call(upstream, { format });
    expect(outcome.status).toBe(200);
    expect(failed(outcome)).toBe(false);
    expect(() => JSON.parse(outcome.text)).toThrow(SyntaxError);
  });

  it('reports a content-filtered answer with the format’s own finish reason', async () => {
    upstream.enqueue(faults.contentFiltered());
    const body = JSON.parse((await call(upstream, { format })).text);
    if (format === 'openai') expect(body.choices[0].finish_reason).toBe('content_filter');
    else if (format === 'anthropic') expect(body.stop_reason).toBe('refusal');
    else expect(body.candidates[0].finishReason).toBe('SAFETY');
  });

  it('streams tool calls whose arguments reassemble', async () => {
    upstream.enqueue(
      faults.reply({ toolCalls: [{ name: 'weather', arguments: { city: 'Paris', days: 3 } }] }),
    );
    const outcome = await call(upstream, { format, stream: true });
    const payloads = outcome.events
      .filter((event) => event.data !== '[DONE]')
      .map((event) => JSON.parse(event.data));
    let argumentsText = '';
    for (const payload of payloads) {
      if (format === 'openai')
        argumentsText += payload.choices[0]?.delta.tool_calls?.[0]?.function.arguments ?? '';
      else if (format === 'anthropic') argumentsText += payload.delta?.partial_json ?? '';
      else {
        const call = payload.candidates[0].content.parts[0].functionCall;
        if (call) argumentsText += JSON.stringify(call.args);
      }
    }
    expect(JSON.parse(argumentsText)).toEqual({ city: 'Paris', days: 3 });
  });
});
