import { UnsupportedCapabilityError } from '../../errors/unsupported-capability-error.js';
import type { AssistantMessage, FilePart, Message, UserContentPart } from '../../types/message.js';
import type { OpenAIContentPart, OpenAIMessage, OpenAIMessageToolCall } from './api-types.js';

/** Options of {@link convertToOpenAIMessages}. */
export interface ConvertToOpenAIMessagesOptions {
  /** Role of system instructions: OpenAI's reasoning models take them as `developer`. */
  systemRole: 'system' | 'developer';
  /** Provider and model named in the error a message the API cannot carry raises. */
  provider: string;
  model: string;
}

/**
 * Converts llmrouter messages to Chat Completions `messages`.
 *
 * - A user message with one text part is sent as a plain string, which every compatible service accepts.
 * - Images become `image_url` parts (a base64 source becomes a `data:` URL); PDFs become `file` parts
 *   with `file_data`. The API cannot fetch a document by URL, so a file part with an `https:` source
 *   throws an `UnsupportedCapabilityError` (`bad_request`) rather than being dropped.
 * - Reasoning attached to earlier assistant turns is not sent back: the API has no field for it.
 * - A tool result's `isError` has no field either; the content is sent as the tool produced it, since it
 *   already describes the failure and rewriting it would change what the model reads.
 */
export function convertToOpenAIMessages(
  messages: readonly Message[],
  options: ConvertToOpenAIMessagesOptions,
): OpenAIMessage[] {
  const result: OpenAIMessage[] = [];
  for (const message of messages) {
    switch (message.role) {
      case 'system':
        result.push({ role: options.systemRole, content: message.content });
        break;
      case 'user':
        result.push({ role: 'user', content: convertUserContent(message.content, options) });
        break;
      case 'assistant':
        result.push(convertAssistant(message));
        break;
      case 'tool':
        result.push({ role: 'tool', tool_call_id: message.toolCallId, content: message.content });
        break;
    }
  }
  return result;
}

function convertUserContent(
  content: string | UserContentPart[],
  options: ConvertToOpenAIMessagesOptions,
): string | OpenAIContentPart[] {
  if (typeof content === 'string') return content;
  const only = content.length === 1 ? content[0] : undefined;
  if (only?.type === 'text') return only.text;
  return content.map((part) => convertUserPart(part, options));
}

function convertUserPart(part: UserContentPart, options: ConvertToOpenAIMessagesOptions): OpenAIContentPart {
  switch (part.type) {
    case 'text':
      return { type: 'text', text: part.text };
    case 'image': {
      const url =
        part.source.type === 'url' ? part.source.url : dataUrl(part.source.mediaType, part.source.data);
      return { type: 'image_url', image_url: part.detail ? { url, detail: part.detail } : { url } };
    }
    case 'file':
      return {
        type: 'file',
        file: { filename: part.filename ?? 'document.pdf', file_data: fileData(part, options) },
      };
  }
}

function fileData(part: FilePart, options: ConvertToOpenAIMessagesOptions): string {
  const source = part.source;
  if (source.type === 'base64') return dataUrl(source.mediaType, source.data);
  if (source.url.startsWith('data:')) return source.url;
  throw new UnsupportedCapabilityError({
    provider: options.provider,
    model: options.model,
    capability: 'file parts fetched from a URL (send the document as base64 or a data: URL)',
  });
}

function dataUrl(mediaType: string, base64: string): string {
  return `data:${mediaType};base64,${base64}`;
}

function convertAssistant(message: AssistantMessage): OpenAIMessage {
  const toolCalls = message.toolCalls;
  if (!toolCalls || toolCalls.length === 0) return { role: 'assistant', content: message.content ?? '' };
  const calls: OpenAIMessageToolCall[] = toolCalls.map((call) => ({
    id: call.id,
    type: 'function',
    function: { name: call.name, arguments: call.arguments },
  }));
  // `null` rather than '' beside tool calls: some compatible services reject an empty string there.
  return { role: 'assistant', content: message.content === '' ? null : message.content, tool_calls: calls };
}
