import type { Surface } from '../core/surface.js';
import { type ChatCompletionCall, convertToCompletionRequest } from './convert-to-completion-request.js';
import { encodeOpenAIResponse } from './convert-to-openai-response.js';
import { mapErrorToOpenAI } from './map-error-to-openai.js';
import { OpenAIChunkEncoder } from './openai-chunk-encoder.js';

/** `POST /v1/chat/completions`: OpenAI's Chat Completions request, answers, chunks and errors. */
export const chatCompletionsSurface: Surface<ChatCompletionCall> = {
  readCall: (body) => convertToCompletionRequest(body),
  answer: (response, context) =>
    encodeOpenAIResponse(response, { fallbackId: `chatcmpl-${context.scope.id}`, created: context.created }),
  streamEncoder: (context) =>
    new OpenAIChunkEncoder({
      id: `chatcmpl-${context.scope.id}`,
      model: context.model,
      created: context.created,
      includeUsage: context.call.includeUsage,
    }),
  mapError: mapErrorToOpenAI,
};
