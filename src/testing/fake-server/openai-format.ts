import type { FakeErrorReason, FakeFinishReason } from './fake-behaviour.js';
import type { ResolvedReply, ResolvedUsage } from './resolve-reply.js';
import { dataEvent, type FakeError, type WireFormat } from './wire-format.js';

const finishReasons: Record<FakeFinishReason, string> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool_calls',
  content_filter: 'content_filter',
};

const doneEvent = dataEvent('[DONE]');
const preludeDelta = '{"role":"assistant","content":"","refusal":null}';

/** OpenAI Chat Completions (`POST {baseURL}/chat/completions`), also spoken by the OpenAI-compatible APIs. */
export const openaiFormat: WireFormat = {
  name: 'openai',
  retryHeaders: true,

  readRequest(body) {
    if (typeof body.model !== 'string' || body.model === '')
      return { invalid: 'you must provide a model parameter' };
    if (!Array.isArray(body.messages)) return { invalid: "Missing required parameter: 'messages'." };
    const streamOptions = body.stream_options as { include_usage?: unknown } | null | undefined;
    return {
      model: body.model,
      stream: body.stream === true,
      includeUsage: streamOptions?.include_usage === true,
    };
  },

  responseId: (serial) => `chatcmpl-fake${serial}`,

  replyBody(reply, context) {
    const message: Record<string, unknown> = {
      role: 'assistant',
      content: reply.text === '' && reply.toolCalls.length > 0 ? null : reply.text,
    };
    if (reply.reasoning) message.reasoning_content = reply.reasoning;
    if (reply.toolCalls.length > 0) {
      message.tool_calls = reply.toolCalls.map((call) => ({
        id: call.id ?? toolCallId(context.serial, call.index),
        type: 'function',
        function: { name: call.name, arguments: call.argumentsJson },
      }));
    }
    message.refusal = null;
    message.annotations = [];
    return JSON.stringify({
      id: context.id,
      object: 'chat.completion',
      created: context.created,
      model: context.model,
      choices: [{ index: 0, message, logprobs: null, finish_reason: rawFinishReason(reply) }],
      usage: usageBody(reply.usage),
      service_tier: 'default',
      system_fingerprint: 'fp_fake',
    });
  },

  streamParts(reply, context) {
    // Every chunk shares its envelope, so it is serialised once per response and only deltas per part.
    const envelope = `{"id":${JSON.stringify(context.id)},"object":"chat.completion.chunk","created":${context.created},"model":${JSON.stringify(context.model)},"system_fingerprint":"fp_fake","choices":`;
    const usageNull = context.includeUsage ? ',"usage":null}' : '}';
    const deltaOpen = `${envelope}[{"index":0,"delta":`;
    const deltaClose = `,"logprobs":null,"finish_reason":null}]${usageNull}`;
    const parts = [dataEvent(deltaOpen + preludeDelta + deltaClose)];
    for (const chunk of reply.reasoningChunks) {
      parts.push(dataEvent(`${deltaOpen}{"reasoning_content":${JSON.stringify(chunk)}}${deltaClose}`));
    }
    for (const chunk of reply.textChunks) {
      parts.push(dataEvent(`${deltaOpen}{"content":${JSON.stringify(chunk)}}${deltaClose}`));
    }
    for (const call of reply.toolCalls) {
      const head = {
        index: call.index,
        id: call.id ?? toolCallId(context.serial, call.index),
        type: 'function',
        function: { name: call.name, arguments: '' },
      };
      parts.push(dataEvent(`${deltaOpen}{"tool_calls":[${JSON.stringify(head)}]}${deltaClose}`));
      for (const chunk of call.argumentChunks) {
        const fragment = `{"tool_calls":[{"index":${call.index},"function":{"arguments":${JSON.stringify(chunk)}}}]}`;
        parts.push(dataEvent(deltaOpen + fragment + deltaClose));
      }
    }
    const finish = JSON.stringify(rawFinishReason(reply));
    parts.push(dataEvent(`${deltaOpen}{},"logprobs":null,"finish_reason":${finish}}]${usageNull}`));
    if (context.includeUsage) {
      parts.push(dataEvent(`${envelope}[],"usage":${JSON.stringify(usageBody(reply.usage))}}`));
    }
    parts.push(doneEvent);
    return parts;
  },

  malformedPart(context) {
    return dataEvent(
      `{"id":${JSON.stringify(context.id)},"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"unterminated`,
    );
  },

  errorStatus: (reason) => statuses[reason],

  errorBody,

  errorPart: (error) => dataEvent(JSON.stringify(errorBody(error))),
};

function errorBody(error: FakeError) {
  const canonical = canonicalErrors[error.reason];
  return {
    error: {
      message: error.message ?? canonical.message(error.model),
      type: canonical.type,
      param: canonical.param ?? null,
      code: canonical.code ?? null,
    },
  };
}

function toolCallId(serial: number, index: number): string {
  return `call_fake${serial}_${index}`;
}

function rawFinishReason(reply: ResolvedReply): string {
  return reply.rawFinishReason ?? finishReasons[reply.finishReason];
}

function usageBody(usage: ResolvedUsage) {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedInputTokens ?? 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: usage.reasoningTokens ?? 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

const statuses: Record<FakeErrorReason, number> = {
  rate_limited: 429,
  quota_exhausted: 429,
  overloaded: 503,
  server: 500,
  auth: 401,
  permission: 403,
  not_found: 404,
  bad_request: 400,
  context_length: 400,
};

interface CanonicalError {
  message: (model: string | undefined) => string;
  type: string;
  param?: string;
  code?: string;
}

const canonicalErrors: Record<FakeErrorReason, CanonicalError> = {
  rate_limited: {
    message: (model) =>
      `Rate limit reached for ${model ?? 'this model'} on requests per min (RPM). Please try again later.`,
    type: 'requests',
    code: 'rate_limit_exceeded',
  },
  quota_exhausted: {
    message: () => 'You exceeded your current quota, please check your plan and billing details.',
    type: 'insufficient_quota',
    code: 'insufficient_quota',
  },
  overloaded: {
    message: () => 'The server is overloaded or not ready yet.',
    type: 'server_error',
  },
  server: {
    message: () => 'The server had an error while processing your request. Sorry about that!',
    type: 'server_error',
  },
  auth: {
    message: () => 'Incorrect API key provided. You can find your API key in your account settings.',
    type: 'invalid_request_error',
    code: 'invalid_api_key',
  },
  permission: {
    message: () => 'You are not allowed to sample from this model.',
    type: 'invalid_request_error',
  },
  not_found: {
    message: (model) => `The model \`${model ?? 'unknown'}\` does not exist or you do not have access to it.`,
    type: 'invalid_request_error',
    code: 'model_not_found',
  },
  bad_request: {
    message: () => 'Invalid request.',
    type: 'invalid_request_error',
  },
  context_length: {
    message: () =>
      "This model's maximum context length is 128000 tokens. However, your messages resulted in 131072 tokens. Please reduce the length of the messages.",
    type: 'invalid_request_error',
    param: 'messages',
    code: 'context_length_exceeded',
  },
};
