import type { FakeErrorReason, FakeFinishReason } from './fake-behaviour.js';
import type { ResolvedReply, ResolvedUsage } from './resolve-reply.js';
import type { FakeError, WireFormat } from './wire-format.js';

const stopReasons: Record<FakeFinishReason, string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  content_filter: 'refusal',
};

/** Stands in for the opaque signature Anthropic attaches to thinking blocks. */
const thinkingSignature = 'ZmFrZS10aGlua2luZy1zaWduYXR1cmU=';

const pingEvent = event('ping', '{"type":"ping"}');
const stopEvent = event('message_stop', '{"type":"message_stop"}');

/** Anthropic Messages (`POST {baseURL}/messages`). */
export const anthropicFormat: WireFormat = {
  name: 'anthropic',
  retryHeaders: true,

  readRequest(body) {
    if (typeof body.model !== 'string' || body.model === '') return { invalid: 'model: Field required' };
    if (!Array.isArray(body.messages)) return { invalid: 'messages: Field required' };
    if (typeof body.max_tokens !== 'number') return { invalid: 'max_tokens: Field required' };
    return { model: body.model, stream: body.stream === true, includeUsage: false };
  },

  responseId: (serial) => `msg_fake${serial}`,

  replyBody(reply, context) {
    const content: unknown[] = [];
    if (reply.reasoning)
      content.push({ type: 'thinking', thinking: reply.reasoning, signature: thinkingSignature });
    if (hasTextBlock(reply)) content.push({ type: 'text', text: reply.text });
    for (const call of reply.toolCalls) {
      content.push({
        type: 'tool_use',
        id: call.id ?? toolUseId(context.serial, call.index),
        name: call.name,
        input: call.argumentsValue,
      });
    }
    return JSON.stringify({
      id: context.id,
      type: 'message',
      role: 'assistant',
      model: context.model,
      content,
      stop_reason: stopReason(reply),
      stop_sequence: null,
      usage: { ...inputUsage(reply.usage), output_tokens: reply.usage.outputTokens },
    });
  },

  streamParts(reply, context) {
    const message = {
      id: context.id,
      type: 'message',
      role: 'assistant',
      model: context.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...inputUsage(reply.usage), output_tokens: 1 },
    };
    const parts = [event('message_start', JSON.stringify({ type: 'message_start', message }))];
    let index = 0;
    // Anthropic sends its first ping right after the first block opens.
    const openBlock = (block: string) => {
      parts.push(
        event(
          'content_block_start',
          `{"type":"content_block_start","index":${index},"content_block":${block}}`,
        ),
      );
      if (index === 0) parts.push(pingEvent);
    };
    const delta = (body: string) => {
      parts.push(
        event('content_block_delta', `{"type":"content_block_delta","index":${index},"delta":${body}}`),
      );
    };
    const closeBlock = () => {
      parts.push(event('content_block_stop', `{"type":"content_block_stop","index":${index}}`));
      index++;
    };
    if (reply.reasoning) {
      openBlock('{"type":"thinking","thinking":"","signature":""}');
      for (const chunk of reply.reasoningChunks)
        delta(`{"type":"thinking_delta","thinking":${JSON.stringify(chunk)}}`);
      delta(`{"type":"signature_delta","signature":"${thinkingSignature}"}`);
      closeBlock();
    }
    if (hasTextBlock(reply)) {
      openBlock('{"type":"text","text":""}');
      for (const chunk of reply.textChunks) delta(`{"type":"text_delta","text":${JSON.stringify(chunk)}}`);
      closeBlock();
    }
    for (const call of reply.toolCalls) {
      const id = call.id ?? toolUseId(context.serial, call.index);
      openBlock(JSON.stringify({ type: 'tool_use', id, name: call.name, input: {} }));
      // Anthropic opens every tool input with an empty fragment.
      delta('{"type":"input_json_delta","partial_json":""}');
      for (const chunk of call.argumentChunks)
        delta(`{"type":"input_json_delta","partial_json":${JSON.stringify(chunk)}}`);
      closeBlock();
    }
    const stop = JSON.stringify(stopReason(reply));
    parts.push(
      event(
        'message_delta',
        `{"type":"message_delta","delta":{"stop_reason":${stop},"stop_sequence":null},"usage":{"output_tokens":${reply.usage.outputTokens}}}`,
      ),
    );
    parts.push(stopEvent);
    return parts;
  },

  malformedPart: () =>
    event(
      'content_block_delta',
      '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"unterminated',
    ),

  errorStatus: (reason) => statuses[reason],

  errorBody,

  errorPart: (error) => event('error', JSON.stringify(errorBody(error))),
};

function event(name: string, data: string): string {
  return `event: ${name}\ndata: ${data}\n\n`;
}

function hasTextBlock(reply: ResolvedReply): boolean {
  return reply.text !== '' || (reply.toolCalls.length === 0 && reply.reasoning === '');
}

function toolUseId(serial: number, index: number): string {
  return `toolu_fake${serial}_${index}`;
}

function stopReason(reply: ResolvedReply): string {
  return reply.rawFinishReason ?? stopReasons[reply.finishReason];
}

/** Anthropic's `input_tokens` excludes the tokens read from or written to the cache. */
function inputUsage(usage: ResolvedUsage) {
  const cacheRead = usage.cachedInputTokens ?? 0;
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  return {
    input_tokens: Math.max(0, usage.inputTokens - cacheRead - cacheWrite),
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: cacheRead,
  };
}

function errorBody(error: FakeError) {
  const canonical = canonicalErrors[error.reason];
  const body: Record<string, unknown> = {
    type: canonical.type,
    message: error.message ?? canonical.message(error.model),
  };
  if (error.reason === 'quota_exhausted') body.details = { error_code: 'enforced_spend_limit_reached' };
  return { type: 'error', error: body };
}

const statuses: Record<FakeErrorReason, number> = {
  rate_limited: 429,
  quota_exhausted: 429,
  overloaded: 529,
  server: 500,
  auth: 401,
  permission: 403,
  not_found: 404,
  bad_request: 400,
  context_length: 400,
};

const canonicalErrors: Record<
  FakeErrorReason,
  { type: string; message: (model: string | undefined) => string }
> = {
  rate_limited: {
    type: 'rate_limit_error',
    message: () => 'This request would exceed the rate limit for your organization. Please try again later.',
  },
  quota_exhausted: {
    type: 'rate_limit_error',
    message: () => 'You have reached your specified API usage limits. You will regain access next month.',
  },
  overloaded: { type: 'overloaded_error', message: () => 'Overloaded' },
  server: { type: 'api_error', message: () => 'Internal server error' },
  auth: { type: 'authentication_error', message: () => 'invalid x-api-key' },
  permission: {
    type: 'permission_error',
    message: () => 'Your API key does not have permission to use this model.',
  },
  not_found: { type: 'not_found_error', message: (model) => `model: ${model ?? 'unknown'}` },
  bad_request: { type: 'invalid_request_error', message: () => 'Invalid request.' },
  context_length: {
    type: 'invalid_request_error',
    message: () => 'prompt is too long: 215000 tokens > 200000 maximum',
  },
};
