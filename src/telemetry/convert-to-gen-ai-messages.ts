import type { MediaSource, Message, UserContentPart } from '../types/message.js';
import type { CompletionResponse } from '../types/response.js';

/** One part of a message in the GenAI conventions' JSON structure (`gen_ai.input.messages`). */
export type GenAiMessagePart =
  | { type: 'text'; content: string }
  | { type: 'reasoning'; content: string }
  | { type: 'tool_call'; id: string; name: string; arguments: string }
  | { type: 'tool_call_response'; id: string; response: string }
  | { type: 'uri'; modality: 'image' | 'document'; uri: string }
  | { type: 'blob'; modality: 'image' | 'document'; mime_type: string | null };

/** One message in the GenAI conventions' JSON structure. */
export interface GenAiMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  parts: GenAiMessagePart[];
  finish_reason?: string;
}

/**
 * Hands out at most `maxChars` characters of text across one attribute, so a long conversation cannot
 * blow up a span while the attribute stays valid JSON.
 */
class TextBudget {
  constructor(private remaining: number) {}

  take(text: string): string {
    if (text.length <= this.remaining) {
      this.remaining -= text.length;
      return text;
    }
    const kept = text.slice(0, Math.max(0, this.remaining));
    this.remaining = 0;
    return kept;
  }
}

/**
 * The request's messages as the conventions' `gen_ai.input.messages` JSON. System messages stay in the
 * list with role `system` (llmrouter's request keeps them in the history; where a provider takes them
 * separately is the adapter's business). Inline binary data (base64 images, PDFs, `data:` URLs) is
 * recorded by kind and media type only, never its bytes. Text beyond `maxChars`, counted across the
 * whole attribute, is cut.
 */
export function convertToInputMessages(messages: readonly Message[], maxChars: number): string {
  const budget = new TextBudget(maxChars);
  const converted: GenAiMessage[] = [];
  for (const message of messages) {
    switch (message.role) {
      case 'system':
        converted.push({ role: 'system', parts: [{ type: 'text', content: budget.take(message.content) }] });
        break;
      case 'user':
        converted.push({
          role: 'user',
          parts:
            typeof message.content === 'string'
              ? [{ type: 'text', content: budget.take(message.content) }]
              : message.content.map((part) => userPart(part, budget)),
        });
        break;
      case 'assistant': {
        const parts: GenAiMessagePart[] = [];
        for (const block of message.reasoning ?? []) {
          if (block.text) parts.push({ type: 'reasoning', content: budget.take(block.text) });
        }
        if (message.content) parts.push({ type: 'text', content: budget.take(message.content) });
        for (const call of message.toolCalls ?? []) {
          parts.push({
            type: 'tool_call',
            id: call.id,
            name: call.name,
            arguments: budget.take(call.arguments),
          });
        }
        converted.push({ role: 'assistant', parts });
        break;
      }
      case 'tool':
        converted.push({
          role: 'tool',
          parts: [
            { type: 'tool_call_response', id: message.toolCallId, response: budget.take(message.content) },
          ],
        });
        break;
    }
  }
  return JSON.stringify(converted);
}

/** The response as the conventions' `gen_ai.output.messages` JSON: one assistant message with its finish reason. */
export function convertToOutputMessages(response: CompletionResponse, maxChars: number): string {
  const budget = new TextBudget(maxChars);
  const parts: GenAiMessagePart[] = [];
  if (response.reasoningText) parts.push({ type: 'reasoning', content: budget.take(response.reasoningText) });
  if (response.text) parts.push({ type: 'text', content: budget.take(response.text) });
  for (const call of response.toolCalls) {
    parts.push({ type: 'tool_call', id: call.id, name: call.name, arguments: budget.take(call.arguments) });
  }
  const message: GenAiMessage = { role: 'assistant', parts, finish_reason: response.finishReason.unified };
  return JSON.stringify([message]);
}

function userPart(part: UserContentPart, budget: TextBudget): GenAiMessagePart {
  switch (part.type) {
    case 'text':
      return { type: 'text', content: budget.take(part.text) };
    case 'image':
      return media(part.source, 'image', budget);
    case 'file':
      return media(part.source, 'document', budget);
  }
}

function media(source: MediaSource, modality: 'image' | 'document', budget: TextBudget): GenAiMessagePart {
  if (source.type === 'base64') return { type: 'blob', modality, mime_type: source.mediaType };
  if (source.url.startsWith('data:')) {
    const end = source.url.indexOf(';');
    return { type: 'blob', modality, mime_type: end > 5 ? source.url.slice(5, end) : null };
  }
  return { type: 'uri', modality, uri: budget.take(source.url) };
}
