import type { FakeErrorReason, FakeFinishReason } from './fake-behaviour.js';
import type { ResolvedReply, ResolvedUsage } from './resolve-reply.js';
import { dataEvent, type FakeError, type WireFormat } from './wire-format.js';

const finishReasons: Record<FakeFinishReason, string> = {
  stop: 'STOP',
  length: 'MAX_TOKENS',
  // Gemini reports a plain STOP when the turn ends in function calls.
  tool_calls: 'STOP',
  content_filter: 'SAFETY',
};

interface ChunkPart {
  json: string;
  thoughtCharacters: number;
  outputCharacters: number;
}

/** Gemini generateContent (`POST {baseURL}/models/{model}:generateContent` and `:streamGenerateContent?alt=sse`). */
export const geminiFormat: WireFormat = {
  name: 'gemini',
  retryHeaders: false,

  readRequest(body, path) {
    if (!Array.isArray(body.contents))
      return { invalid: '* GenerateContentRequest.contents: contents is not specified' };
    return { model: path.model, stream: path.stream, includeUsage: false };
  },

  responseId: (serial) => `fakeResponse${serial}`,

  replyBody(reply, context) {
    const parts: unknown[] = [];
    if (reply.reasoning) parts.push({ text: reply.reasoning, thought: true });
    if (reply.text !== '' || parts.length + reply.toolCalls.length === 0) parts.push({ text: reply.text });
    for (const call of reply.toolCalls) parts.push({ functionCall: functionCall(call) });
    return JSON.stringify({
      candidates: [{ content: { parts, role: 'model' }, finishReason: finishReason(reply), index: 0 }],
      usageMetadata: usageMetadata(reply.usage, {
        candidates: reply.usage.outputTokens - (reply.usage.reasoningTokens ?? 0),
        thoughts: reply.usage.reasoningTokens,
      }),
      modelVersion: context.model,
      responseId: context.id,
    });
  },

  streamParts(reply, context) {
    const chunks: ChunkPart[] = [];
    for (const chunk of reply.reasoningChunks) {
      chunks.push({
        json: `{"text":${JSON.stringify(chunk)},"thought":true}`,
        thoughtCharacters: chunk.length,
        outputCharacters: 0,
      });
    }
    for (const chunk of reply.textChunks) {
      chunks.push({
        json: `{"text":${JSON.stringify(chunk)}}`,
        thoughtCharacters: 0,
        outputCharacters: chunk.length,
      });
    }
    for (const call of reply.toolCalls) {
      const json = `{"functionCall":${JSON.stringify(functionCall(call))}}`;
      chunks.push({
        json,
        thoughtCharacters: 0,
        outputCharacters: call.name.length + call.argumentsJson.length,
      });
    }
    if (chunks.length === 0) chunks.push({ json: '{"text":""}', thoughtCharacters: 0, outputCharacters: 0 });

    const usage = reply.usage;
    const thoughtsTotal = usage.reasoningTokens;
    const candidatesTotal = Math.max(0, usage.outputTokens - (thoughtsTotal ?? 0));
    let thoughtCharactersTotal = 0;
    let outputCharactersTotal = 0;
    for (const chunk of chunks) {
      thoughtCharactersTotal += chunk.thoughtCharacters;
      outputCharactersTotal += chunk.outputCharacters;
    }
    const tail = `,"modelVersion":${JSON.stringify(context.model)},"responseId":${JSON.stringify(context.id)}}`;
    const finish = `"finishReason":${JSON.stringify(finishReason(reply))},`;
    let thoughtCharacters = 0;
    let outputCharacters = 0;
    const parts: string[] = [];
    for (let index = 0; index < chunks.length; index++) {
      const chunk = chunks[index]!;
      const last = index === chunks.length - 1;
      thoughtCharacters += chunk.thoughtCharacters;
      outputCharacters += chunk.outputCharacters;
      // Usage is cumulative on every chunk and exact on the last one.
      const candidates = last
        ? candidatesTotal
        : share(candidatesTotal, outputCharacters / outputCharactersTotal);
      const thoughts =
        thoughtsTotal === undefined || last
          ? thoughtsTotal
          : share(thoughtsTotal, thoughtCharacters / thoughtCharactersTotal);
      const metadata = JSON.stringify(usageMetadata(usage, { candidates, thoughts }));
      parts.push(
        dataEvent(
          `{"candidates":[{"content":{"parts":[${chunk.json}],"role":"model"},${last ? finish : ''}"index":0}],"usageMetadata":${metadata}${tail}`,
        ),
      );
    }
    return parts;
  },

  malformedPart: () => dataEvent('{"candidates":[{"content":{"parts":[{"text":"unterminated'),

  errorStatus: (reason) => statuses[reason],

  errorBody,

  errorPart: (error) => dataEvent(JSON.stringify(errorBody(error))),
};

function functionCall(call: ResolvedReply['toolCalls'][number]) {
  return call.id === undefined
    ? { name: call.name, args: call.argumentsValue }
    : { id: call.id, name: call.name, args: call.argumentsValue };
}

function finishReason(reply: ResolvedReply): string {
  return reply.rawFinishReason ?? finishReasons[reply.finishReason];
}

/** `total` scaled by the fraction of the characters sent so far (`NaN` before any: nothing yet). */
function share(total: number, fraction: number): number {
  return Number.isNaN(fraction) ? 0 : Math.round(total * fraction);
}

/** Gemini's `promptTokenCount` includes cached content; `candidatesTokenCount` excludes thoughts. */
function usageMetadata(usage: ResolvedUsage, counts: { candidates: number; thoughts: number | undefined }) {
  const { candidates, thoughts } = counts;
  const metadata: Record<string, unknown> = {
    promptTokenCount: usage.inputTokens,
    candidatesTokenCount: candidates,
    totalTokenCount: usage.inputTokens + candidates + (thoughts ?? 0),
  };
  if (usage.cachedInputTokens !== undefined) metadata.cachedContentTokenCount = usage.cachedInputTokens;
  metadata.promptTokensDetails = [{ modality: 'TEXT', tokenCount: usage.inputTokens }];
  if (thoughts !== undefined) metadata.thoughtsTokenCount = thoughts;
  return metadata;
}

const statusNames: Readonly<Record<number, string>> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

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

const messages: Record<FakeErrorReason, (model: string | undefined) => string> = {
  rate_limited: () => 'Resource has been exhausted (e.g. check quota).',
  quota_exhausted: () => 'You exceeded your current quota, please check your plan and billing details.',
  overloaded: () => 'The model is overloaded. Please try again later.',
  server: () => 'Internal error encountered.',
  auth: () => 'Request had invalid authentication credentials.',
  permission: () => 'The caller does not have permission',
  not_found: (model) =>
    `models/${model ?? 'unknown'} is not found for API version v1beta, or is not supported for generateContent.`,
  bad_request: () => 'Request contains an invalid argument.',
  context_length: () =>
    'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).',
};

const quotaIds: Partial<Record<FakeErrorReason, string>> = {
  rate_limited: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
  quota_exhausted: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier',
};

function errorBody(error: FakeError) {
  const details: unknown[] = [];
  const quotaId = quotaIds[error.reason];
  if (quotaId) {
    details.push({ '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaId }] });
  }
  if (error.retryDelayMs !== undefined) {
    details.push({
      '@type': 'type.googleapis.com/google.rpc.RetryInfo',
      retryDelay: formatDuration(error.retryDelayMs),
    });
  }
  const body: Record<string, unknown> = {
    code: error.status,
    message: error.message ?? messages[error.reason](error.model),
    status: statusNames[error.status] ?? (error.status >= 500 ? 'INTERNAL' : 'UNKNOWN'),
  };
  if (details.length > 0) body.details = details;
  return { error: body };
}

/** A protobuf duration string, as in Gemini's `"34.4s"`. */
function formatDuration(milliseconds: number): string {
  return `${Number((milliseconds / 1000).toFixed(3))}s`;
}
