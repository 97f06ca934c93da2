import type { AssistantMessage, FilePart, ImagePart, Message, UserContentPart } from '../../types/message.js';
import type {
  AnthropicDocumentBlock,
  AnthropicImageBlock,
  AnthropicMessage,
  AnthropicRequestBlock,
  AnthropicSource,
  AnthropicTextBlock,
  AnthropicToolResultBlock,
} from './api-types.js';
import { invalidPromptError } from './invalid-prompt-error.js';

/** A conversation in Anthropic's shape: system text apart, then alternating user/assistant turns. */
export interface AnthropicPrompt {
  /** One system message as a string; several as separate text blocks; `undefined` when there are none. */
  system: string | AnthropicTextBlock[] | undefined;
  messages: AnthropicMessage[];
}

const dataUrlPattern = /^data:([^;,]+)[^,]*;base64,/i;

/**
 * Converts provider-neutral messages to Anthropic's `system` + `messages`.
 *
 * - System messages are hoisted to the top-level `system` (Anthropic has no system role), in order.
 * - Tool results become `tool_result` blocks in a user turn (`is_error` when the tool failed).
 * - Consecutive turns of the same role are merged, because Anthropic requires alternation; tool results
 *   therefore share a turn with each other and with a user message that follows them.
 * - Assistant turns send reasoning first (`thinking` with its signature, or `redacted_thinking`), then
 *   text, then `tool_use` blocks with their arguments parsed. Reasoning without a signature came from
 *   another provider and is dropped: Anthropic rejects thinking it cannot verify.
 * - A final assistant turn (a prefill) loses trailing whitespace, which Anthropic rejects.
 *
 * Throws a `bad_request` `RouterError` for input Anthropic cannot take: tool-call arguments that are not
 * a JSON object, `data:` URLs that are not base64, documents other than PDF and plain text.
 */
export function convertToAnthropicMessages(messages: readonly Message[]): AnthropicPrompt {
  const systemTexts: string[] = [];
  const turns: AnthropicMessage[] = [];
  const append = (role: AnthropicMessage['role'], content: AnthropicRequestBlock[]) => {
    if (content.length === 0) return;
    const last = turns[turns.length - 1];
    if (last && last.role === role) last.content.push(...content);
    else turns.push({ role, content });
  };

  for (const message of messages) {
    switch (message.role) {
      case 'system':
        systemTexts.push(message.content);
        break;
      case 'user':
        append(
          'user',
          typeof message.content === 'string'
            ? [{ type: 'text', text: message.content }]
            : message.content.map(convertUserPart),
        );
        break;
      case 'assistant':
        append('assistant', convertAssistant(message));
        break;
      case 'tool': {
        const block: AnthropicToolResultBlock = {
          type: 'tool_result',
          tool_use_id: message.toolCallId,
          content: message.content,
        };
        if (message.isError) block.is_error = true;
        append('user', [block]);
        break;
      }
    }
  }

  trimPrefill(turns);
  const system =
    systemTexts.length === 0
      ? undefined
      : systemTexts.length === 1
        ? systemTexts[0]
        : systemTexts.map((text): AnthropicTextBlock => ({ type: 'text', text }));
  return { system, messages: turns };
}

function convertUserPart(part: UserContentPart): AnthropicRequestBlock {
  switch (part.type) {
    case 'text':
      return { type: 'text', text: part.text };
    case 'image':
      return convertImage(part);
    case 'file':
      return convertFile(part);
  }
}

function convertImage(part: ImagePart): AnthropicImageBlock {
  const source = part.source;
  if (source.type === 'base64') {
    return { type: 'image', source: { type: 'base64', media_type: source.mediaType, data: source.data } };
  }
  return { type: 'image', source: sourceFromUrl(source.url) };
}

function convertFile(part: FilePart): AnthropicDocumentBlock {
  const source = part.source;
  let converted: AnthropicSource;
  if (source.type === 'url') {
    converted = sourceFromUrl(source.url);
  } else {
    converted = { type: 'base64', media_type: source.mediaType, data: source.data };
  }
  if (converted.type === 'base64') {
    const mediaType = converted.media_type.toLowerCase();
    if (mediaType === 'text/plain') {
      converted = {
        type: 'text',
        media_type: 'text/plain',
        data: Buffer.from(converted.data, 'base64').toString('utf8'),
      };
    } else if (mediaType !== 'application/pdf') {
      throw invalidPromptError(
        `Anthropic accepts PDF and plain-text documents, not "${converted.media_type}"${part.filename ? ` (${part.filename})` : ''}`,
      );
    }
  }
  const block: AnthropicDocumentBlock = { type: 'document', source: converted };
  if (part.filename) block.title = part.filename;
  return block;
}

/** Anthropic fetches `https:` URLs itself but not `data:` URLs, whose bytes go inline instead. */
function sourceFromUrl(url: string): AnthropicSource {
  if (!url.startsWith('data:')) return { type: 'url', url };
  const match = dataUrlPattern.exec(url);
  if (!match) throw invalidPromptError('A data: URL sent to Anthropic must be base64-encoded');
  return { type: 'base64', media_type: match[1]!, data: url.slice(match[0].length) };
}

function convertAssistant(message: AssistantMessage): AnthropicRequestBlock[] {
  const blocks: AnthropicRequestBlock[] = [];
  for (const block of message.reasoning ?? []) {
    // Another provider's signature would be rejected: its reasoning stays out of the history sent here.
    if (block.provider !== undefined && block.provider !== 'anthropic') continue;
    if (block.redactedData !== undefined)
      blocks.push({ type: 'redacted_thinking', data: block.redactedData });
    else if (block.signature)
      blocks.push({ type: 'thinking', thinking: block.text, signature: block.signature });
  }
  if (message.content) blocks.push({ type: 'text', text: message.content });
  for (const call of message.toolCalls ?? []) {
    blocks.push({
      type: 'tool_use',
      id: call.id,
      name: call.name,
      input: parseArguments(call.name, call.id, call.arguments),
    });
  }
  return blocks;
}

function parseArguments(name: string, id: string, text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalidPromptError(
      `Tool call "${name}" (${id}) in the history has arguments that are not valid JSON`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalidPromptError(
      `Tool call "${name}" (${id}) in the history has arguments that are not a JSON object`,
    );
  }
  return parsed as Record<string, unknown>;
}

function trimPrefill(turns: AnthropicMessage[]): void {
  const last = turns[turns.length - 1];
  if (last?.role !== 'assistant') return;
  const block = last.content[last.content.length - 1];
  if (block?.type !== 'text') return;
  block.text = block.text.trimEnd();
  // An empty text block is rejected too; a prefill of only whitespace is no prefill.
  if (block.text === '') last.content.pop();
  if (last.content.length === 0) turns.pop();
}
