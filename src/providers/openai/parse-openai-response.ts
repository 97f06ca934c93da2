import type { ResponseParts } from '../../types/create-response.js';
import type { ReasoningBlock, ToolCall } from '../../types/message.js';
import { RouterError } from '../../types/router-error.js';
import { isAbsent, isRecord, malformedField, type ShapeProblem } from '../shared/wire-error.js';
import type { OpenAIChatResponse, OpenAIResponseMessage } from './api-types.js';
import { findOpenAIMessageProblem } from './find-openai-message-problem.js';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';
import { mapOpenAIUsage } from './map-openai-usage.js';
import { normalizeToolArguments } from './normalize-tool-arguments.js';
import { readOpenAIContentParts } from './read-openai-content-parts.js';

/** Options of {@link parseOpenAIResponse}. */
export interface ParseOpenAIResponseOptions {
  /** The parsed body, checked here: a field of the wrong shape is a `server` error naming it. */
  body: OpenAIChatResponse | unknown;
  provider: string;
  /** The model asked for, reported when the body names none. */
  model: string;
}

/**
 * Reads a non-streaming Chat Completions body into the parts of a `CompletionResponse`.
 *
 * - Reasoning comes from `reasoning_content` (DeepSeek, xAI), `reasoning` (Groq, OpenRouter) or
 *   Mistral's `thinking` content parts.
 * - A `refusal` is kept as the answer text when there is no other, and the finish reason becomes
 *   `content_filter` (the raw value stays the provider's).
 * - A body without choices, or with a field the mapping reads of the wrong shape, is a provider fault
 *   (`server`) naming the field.
 */
export function parseOpenAIResponse(options: ParseOpenAIResponseOptions): ResponseParts {
  const body = checkedBody(options);
  const choice = body.choices?.[0];
  if (choice === undefined) {
    throw new RouterError({
      message: `${options.provider} returned a response without choices`,
      kind: 'server',
      provider: options.provider,
      model: options.model,
      status: 502,
    });
  }
  const message: OpenAIResponseMessage = choice.message ?? {};
  let content: string | null = null;
  const reasoningTexts: string[] = [];
  if (typeof message.content === 'string') {
    content = message.content;
  } else if (Array.isArray(message.content)) {
    const texts: string[] = [];
    for (const piece of readOpenAIContentParts(message.content)) {
      (piece.type === 'text-delta' ? texts : reasoningTexts).push(piece.text);
    }
    content = texts.join('');
  }
  const reasoningField = message.reasoning_content ?? message.reasoning;
  if (typeof reasoningField === 'string' && reasoningField !== '') reasoningTexts.unshift(reasoningField);
  let finishReason = mapOpenAIFinishReason(choice.finish_reason);
  const refusal = message.refusal;
  if (typeof refusal === 'string' && refusal !== '') {
    if (!content) content = refusal;
    finishReason = { unified: 'content_filter', raw: finishReason.raw };
  }
  const toolCalls: ToolCall[] = (message.tool_calls ?? []).map((call, position) => ({
    id: call.id || `call_${position}`,
    name: call.function?.name ?? '',
    arguments: normalizeToolArguments(call.function?.arguments),
  }));
  const reasoning: ReasoningBlock[] = reasoningTexts.length > 0 ? [{ text: reasoningTexts.join('') }] : [];
  return {
    id: body.id ?? '',
    provider: options.provider,
    model: body.model || options.model,
    content,
    toolCalls,
    reasoning,
    finishReason,
    usage: mapOpenAIUsage(body.usage),
  };
}

/** The body, once every field the mapping reads has the type the format promises. */
function checkedBody(options: ParseOpenAIResponseOptions): OpenAIChatResponse {
  const problem = findResponseProblem(options.body);
  if (problem === undefined) return options.body as OpenAIChatResponse;
  throw malformedField({
    target: { provider: options.provider, model: options.model },
    where: 'response',
    field: problem.field,
    expected: problem.expected,
  });
}

function findResponseProblem(body: unknown): ShapeProblem | undefined {
  if (!isRecord(body)) return { field: 'the body', expected: 'an object' };
  if (!isAbsent(body.id) && typeof body.id !== 'string') return { field: 'id', expected: 'a string' };
  if (!isAbsent(body.model) && typeof body.model !== 'string')
    return { field: 'model', expected: 'a string' };
  if (!isAbsent(body.usage) && !isRecord(body.usage)) return { field: 'usage', expected: 'an object' };
  const choices = body.choices;
  if (isAbsent(choices)) return undefined;
  if (!Array.isArray(choices)) return { field: 'choices', expected: 'an array' };
  const choice: unknown = choices[0];
  if (choice === undefined) return undefined;
  if (!isRecord(choice)) return { field: 'choices[0]', expected: 'an object' };
  if (!isAbsent(choice.finish_reason) && typeof choice.finish_reason !== 'string') {
    return { field: 'choices[0].finish_reason', expected: 'a string' };
  }
  const message = choice.message;
  if (isAbsent(message)) return undefined;
  if (!isRecord(message)) return { field: 'choices[0].message', expected: 'an object' };
  const problem = findOpenAIMessageProblem(message);
  return problem && { field: `choices[0].message.${problem.field}`, expected: problem.expected };
}
