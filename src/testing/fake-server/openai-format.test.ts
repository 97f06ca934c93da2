import { describe, expect, it } from 'vitest';
import type { FakeErrorReason, FakeReplyContent } from './fake-behaviour.js';
import { openaiFormat } from './openai-format.js';
import { resolveReply } from './resolve-reply.js';
import type { RenderContext } from './wire-format.js';

const richReply: FakeReplyContent = {
  reasoning: 'Let me think.',
  text: 'Sunny in Paris.',
  toolCalls: [
    { name: 'weather', arguments: { city: 'Paris' } },
    { name: 'time', arguments: '{"tz":"CET"}', id: 'call_custom' },
  ],
  usage: { inputTokens: 120, cachedInputTokens: 100, outputTokens: 40, reasoningTokens: 12 },
  chunkSize: 5,
};

function context(includeUsage: boolean): RenderContext {
  return {
    serial: 7,
    id: openaiFormat.responseId(7),
    model: 'gpt-test',
    created: 1_700_000_000,
    includeUsage,
  };
}

function chunksOf(parts: string[]): Record<string, unknown>[] {
  for (const part of parts) expect(part).toMatch(/^data: [^\n]*\n\n$/);
  expect(parts.at(-1)).toBe('data: [DONE]\n\n');
  return parts.slice(0, -1).map((part) => JSON.parse(part.slice('data: '.length)) as Record<string, unknown>);
}

interface Choice {
  delta: {
    role?: string;
    content?: string;
    reasoning_content?: string;
    tool_calls?: {
      index: number;
      id?: string;
      type?: string;
      function: { name?: string; arguments: string };
    }[];
  };
  finish_reason: string | null;
}

describe('openaiFormat', () => {
  it('reads model, stream and stream_options.include_usage, and rejects what OpenAI rejects', () => {
    const path = { model: undefined, stream: false };
    expect(
      openaiFormat.readRequest(
        { model: 'gpt-test', messages: [], stream: true, stream_options: { include_usage: true } },
        path,
      ),
    ).toEqual({ model: 'gpt-test', stream: true, includeUsage: true });
    expect(openaiFormat.readRequest({ messages: [] }, path)).toEqual({
      invalid: 'you must provide a model parameter',
    });
    expect(openaiFormat.readRequest({ model: 'gpt-test' }, path)).toEqual({
      invalid: "Missing required parameter: 'messages'.",
    });
  });

  it('renders a whole chat.completion', () => {
    const body = JSON.parse(openaiFormat.replyBody(resolveReply(richReply), context(false)));
    // A chat.completion object with one choice.
    expect(body.object).toBe('chat.completion');
    expect(body.id).toBe('chatcmpl-fake7');
    expect(body.created).toBe(1_700_000_000);
    expect(body.model).toBe('gpt-test');
    expect(body.service_tier).toBe('default');
    expect(body.system_fingerprint).toBe('fp_fake');
    expect(body.choices).toHaveLength(1);
    const [choice] = body.choices;
    expect(choice.index).toBe(0);
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.logprobs).toBeNull();
    // Text and tool calls side by side; each call is type function with its arguments as a JSON string,
    // a given id kept and a missing one generated.
    expect(choice.message).toEqual({
      role: 'assistant',
      content: 'Sunny in Paris.',
      reasoning_content: 'Let me think.',
      refusal: null,
      annotations: [],
      tool_calls: [
        {
          id: 'call_fake7_0',
          type: 'function',
          function: { name: 'weather', arguments: '{"city":"Paris"}' },
        },
        { id: 'call_custom', type: 'function', function: { name: 'time', arguments: '{"tz":"CET"}' } },
      ],
    });
    // prompt_tokens includes the cached tokens and completion_tokens the reasoning ones; both are broken
    // out again in the *_details objects.
    expect(body.usage).toEqual({
      prompt_tokens: 120,
      completion_tokens: 40,
      total_tokens: 160,
      prompt_tokens_details: { cached_tokens: 100, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 12,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    });
    expect(Object.keys(body).sort()).toEqual([
      'choices',
      'created',
      'id',
      'model',
      'object',
      'service_tier',
      'system_fingerprint',
      'usage',
    ]);
  });

  it('sends null content when the answer is only tool calls', () => {
    const reply = resolveReply({ toolCalls: [{ name: 'f', arguments: {} }] });
    const body = JSON.parse(openaiFormat.replyBody(reply, context(false)));
    expect(body.choices[0].message.content).toBeNull();
  });

  it('streams chunks with a role prelude, deltas, one finish chunk, the usage-only chunk and [DONE]', () => {
    const reply = resolveReply(richReply);
    const chunks = chunksOf(openaiFormat.streamParts(reply, context(true)));
    const usageChunk = chunks.at(-1)!;
    expect(usageChunk.choices).toEqual([]);
    expect(usageChunk.usage).toMatchObject({ prompt_tokens: 120, completion_tokens: 40, total_tokens: 160 });

    const choices = chunks.slice(0, -1).map((chunk) => {
      expect(chunk).toMatchObject({
        id: 'chatcmpl-fake7',
        object: 'chat.completion.chunk',
        model: 'gpt-test',
        usage: null,
      });
      return (chunk.choices as Choice[])[0]!;
    });
    expect(choices[0]!.delta).toEqual({ role: 'assistant', content: '', refusal: null });
    expect(choices.map((choice) => choice.delta.reasoning_content ?? '').join('')).toBe('Let me think.');
    expect(choices.map((choice) => choice.delta.content ?? '').join('')).toBe('Sunny in Paris.');
    expect(
      choices.filter((choice) => choice.finish_reason !== null).map((choice) => choice.finish_reason),
    ).toEqual(['tool_calls']);
    expect(choices.at(-1)!.delta).toEqual({});

    const calls = choices.flatMap((choice) => choice.delta.tool_calls ?? []);
    const openers = calls.filter((call) => call.id !== undefined);
    expect(openers).toEqual([
      { index: 0, id: 'call_fake7_0', type: 'function', function: { name: 'weather', arguments: '' } },
      { index: 1, id: 'call_custom', type: 'function', function: { name: 'time', arguments: '' } },
    ]);
    const argumentsOf = (index: number) =>
      calls
        .filter((call) => call.index === index)
        .map((call) => call.function.arguments)
        .join('');
    expect(argumentsOf(0)).toBe('{"city":"Paris"}');
    expect(argumentsOf(1)).toBe('{"tz":"CET"}');
  });

  it('sends no usage at all without stream_options.include_usage, as OpenAI does', () => {
    const chunks = chunksOf(openaiFormat.streamParts(resolveReply({ text: 'Hi' }), context(false)));
    for (const chunk of chunks) {
      expect(chunk).not.toHaveProperty('usage');
      expect((chunk.choices as Choice[]).length).toBe(1);
    }
  });

  it('renders the canonical error body for each reason', () => {
    const table: [FakeErrorReason, number, string, string | null][] = [
      ['rate_limited', 429, 'requests', 'rate_limit_exceeded'],
      ['quota_exhausted', 429, 'insufficient_quota', 'insufficient_quota'],
      ['overloaded', 503, 'server_error', null],
      ['server', 500, 'server_error', null],
      ['auth', 401, 'invalid_request_error', 'invalid_api_key'],
      ['permission', 403, 'invalid_request_error', null],
      ['not_found', 404, 'invalid_request_error', 'model_not_found'],
      ['bad_request', 400, 'invalid_request_error', null],
      ['context_length', 400, 'invalid_request_error', 'context_length_exceeded'],
    ];
    for (const [reason, status, type, code] of table) {
      expect(openaiFormat.errorStatus(reason)).toBe(status);
      const body = openaiFormat.errorBody({
        reason,
        status,
        message: undefined,
        retryDelayMs: undefined,
        model: 'gpt-x',
      });
      expect(body).toMatchObject({ error: { type, code } });
      expect(typeof (body as { error: { message: unknown } }).error.message).toBe('string');
    }
  });

  it('names the missing model and takes a message override', () => {
    const error = { reason: 'not_found' as const, status: 404, retryDelayMs: undefined, model: 'gpt-x' };
    expect(openaiFormat.errorBody({ ...error, message: undefined })).toMatchObject({
      error: { message: 'The model `gpt-x` does not exist or you do not have access to it.' },
    });
    expect(openaiFormat.errorBody({ ...error, message: 'custom' })).toMatchObject({
      error: { message: 'custom' },
    });
  });

  it('frames the in-band error as a data event and the malformed event as unparseable data', () => {
    const error = {
      reason: 'overloaded' as const,
      status: 503,
      message: 'busy',
      retryDelayMs: undefined,
      model: 'm',
    };
    expect(openaiFormat.errorPart(error)).toBe(
      'data: {"error":{"message":"busy","type":"server_error","param":null,"code":null}}\n\n',
    );
    const malformed = openaiFormat.malformedPart(context(false));
    expect(malformed).toMatch(/^data: .*\n\n$/);
    expect(() => JSON.parse(malformed.slice('data: '.length))).toThrow(SyntaxError);
  });
});
