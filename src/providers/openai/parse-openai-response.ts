import type { ResponseParts } from '../../types/create-response.js';
import type { ReasoningBlock, ToolCall } from '../../types/message.js';
import { RouterError } from '../../types/router-error.js';
import type { OpenAIChatResponse, OpenAIResponseMessage } from './api-types.js';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';
import { mapOpenAIUsage } from './map-openai-usage.js';
import { normalizeToolArguments } from './normalize-tool-arguments.js';
import { readOpenAIContentParts } from './read-openai-content-parts.js';

/** Options of {@link parseOpenAIResponse}. */
export interface ParseOpenAIResponseOptions {
  body: OpenAIChatResponse;
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
 * - A body without choices is a provider fault (`server`).
 */
export function parseOpenAIResponse(options: ParseOpenAIResponseOptions): ResponseParts {
  const { body } = options;
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
