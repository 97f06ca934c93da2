import type { CompletionResponse } from '../../types/response.js';
import { type AnthropicWireUsage, convertToAnthropicUsage } from './convert-to-anthropic-usage.js';
import { type AnthropicStopReason, mapToAnthropicStopReason } from './map-to-anthropic-stop-reason.js';

/** A content block of an Anthropic answer. */
export type AnthropicWireBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown };

/** A `message` object, as Anthropic's clients read it. */
export interface AnthropicWireMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicWireBlock[];
  stop_reason: AnthropicStopReason;
  stop_sequence: null;
  usage: AnthropicWireUsage;
}

/**
 * The router's response as an Anthropic `message`: reasoning first (signed thinking, redacted thinking,
 * or another vendor's reasoning text as a thinking block with an empty signature), then the text, then
 * each tool call with its arguments parsed. Whichever vendor served, the shape is Anthropic's.
 */
export function convertToAnthropicMessage(
  response: CompletionResponse,
  options: { fallbackId: string },
): AnthropicWireMessage {
  const message = response.choices[0].message;
  const content: AnthropicWireBlock[] = [];
  for (const block of message.reasoning ?? []) {
    if (block.redactedData !== undefined)
      content.push({ type: 'redacted_thinking', data: block.redactedData });
    else content.push({ type: 'thinking', thinking: block.text, signature: block.signature ?? '' });
  }
  if (message.content !== null && message.content !== '')
    content.push({ type: 'text', text: message.content });
  for (const call of response.toolCalls) {
    content.push({ type: 'tool_use', id: call.id, name: call.name, input: toolInput(call.arguments) });
  }
  return {
    id: response.id || options.fallbackId,
    type: 'message',
    role: 'assistant',
    model: response.model,
    content,
    stop_reason: mapToAnthropicStopReason(response.finishReason),
    stop_sequence: null,
    usage: convertToAnthropicUsage(response.usage),
  };
}

/** A tool call's arguments as the object Anthropic's `input` is; `{}` for none, the raw text kept otherwise. */
export function toolInput(argumentsText: string): unknown {
  if (argumentsText === '') return {};
  try {
    return JSON.parse(argumentsText);
  } catch {
    // A model's broken JSON is still what it produced: the client sees it rather than an invented `{}`.
    return { _raw: argumentsText };
  }
}
