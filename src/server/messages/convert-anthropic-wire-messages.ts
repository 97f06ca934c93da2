import type {
  AssistantMessage,
  Message,
  ReasoningBlock,
  ToolCall,
  ToolMessage,
  UserContentPart,
} from '../../types/message.js';
import { invalidRequest, invalidType, missingParameter } from '../core/gateway-error.js';
import { isWireObject, type WireObject } from '../core/wire-object.js';

/** Anthropic's messages read into the router's, with what could not be carried. */
export interface ConvertedAnthropicMessages {
  messages: Message[];
  warnings: Set<string>;
  /** True when a block asked for prompt caching (`cache_control`). */
  cacheControl: boolean;
}

/**
 * Converts a Messages API `system` and `messages` into the router's messages, checking each block.
 * `tool_result` blocks become tool messages ahead of the rest of their user turn (Anthropic requires
 * them first anyway); `thinking` and `redacted_thinking` blocks travel as signed reasoning, which only an
 * Anthropic target accepts back. A tool result's images, citations and other fields the router's
 * messages cannot hold are dropped with a warning. Throws a 400 `GatewayError` naming the block at fault.
 */
export function convertAnthropicWireMessages(wire: {
  system: unknown;
  messages: unknown;
}): ConvertedAnthropicMessages {
  const converted: ConvertedAnthropicMessages = { messages: [], warnings: new Set(), cacheControl: false };
  if (wire.system !== undefined && wire.system !== null) {
    const text = systemText(wire.system, converted);
    if (text !== '') converted.messages.push({ role: 'system', content: text });
  }
  const messages = wire.messages;
  if (messages === undefined) throw missingParameter('messages');
  if (!Array.isArray(messages))
    throw invalidType({ param: 'messages', expected: 'an array of messages', value: messages });
  if (messages.length === 0) {
    throw invalidRequest({ param: 'messages', message: 'messages: at least one message is required' });
  }
  for (let index = 0; index < messages.length; index++) {
    convertMessage(messages[index], { param: `messages[${index}]`, into: converted });
  }
  return converted;
}

function systemText(system: unknown, converted: ConvertedAnthropicMessages): string {
  if (typeof system === 'string') return system;
  if (!Array.isArray(system))
    throw invalidType({ param: 'system', expected: 'a string or an array of text blocks', value: system });
  let text = '';
  for (let index = 0; index < system.length; index++) {
    const block = system[index];
    const param = `system[${index}]`;
    if (!isWireObject(block) || block.type !== 'text' || typeof block.text !== 'string') {
      throw invalidRequest({ param, message: `${param}: expected a text block { type: 'text', text }` });
    }
    noteCacheControl(block, converted);
    text += index === 0 ? block.text : `\n${block.text}`;
  }
  return text;
}

function convertMessage(
  message: unknown,
  context: { param: string; into: ConvertedAnthropicMessages },
): void {
  const { param, into } = context;
  if (!isWireObject(message)) throw invalidType({ param, expected: 'an object', value: message });
  const content = message.content;
  if (content === undefined) throw missingParameter(`${param}.content`);
  const blocks: unknown[] =
    typeof content === 'string' ? [{ type: 'text', text: content }] : Array.isArray(content) ? content : [];
  if (typeof content !== 'string' && !Array.isArray(content)) {
    throw invalidType({
      param: `${param}.content`,
      expected: 'a string or an array of blocks',
      value: content,
    });
  }
  switch (message.role) {
    case 'user':
      userTurn(blocks, { param: `${param}.content`, into });
      return;
    case 'assistant':
      into.messages.push(assistantTurn(blocks, { param: `${param}.content`, into }));
      return;
    case undefined:
      throw missingParameter(`${param}.role`);
    default:
      throw invalidRequest({
        param: `${param}.role`,
        message: `${param}.role: Input should be 'user' or 'assistant' (system instructions go in the top-level 'system' field)`,
      });
  }
}

function userTurn(blocks: unknown[], context: { param: string; into: ConvertedAnthropicMessages }): void {
  const { param, into } = context;
  const parts: UserContentPart[] = [];
  for (let index = 0; index < blocks.length; index++) {
    const block = blocks[index];
    const blockParam = `${param}[${index}]`;
    if (!isWireObject(block)) throw invalidType({ param: blockParam, expected: 'an object', value: block });
    noteCacheControl(block, into);
    switch (block.type) {
      case 'text':
        parts.push({ type: 'text', text: requiredString(block.text, `${blockParam}.text`) });
        break;
      case 'image':
        parts.push({ type: 'image', source: mediaSource(block.source, `${blockParam}.source`) });
        break;
      case 'document':
        parts.push(documentPart(block, blockParam));
        break;
      case 'tool_result':
        into.messages.push(toolResult(block, { param: blockParam, into }));
        break;
      default:
        throw invalidRequest({
          param: `${blockParam}.type`,
          message: `${blockParam}.type: ${JSON.stringify(block.type)} is not accepted in a user turn; expected 'text', 'image', 'document' or 'tool_result'`,
        });
    }
  }
  if (parts.length > 0) {
    const onlyText = parts.every((part) => part.type === 'text');
    into.messages.push({
      role: 'user',
      content: onlyText && parts.length === 1 ? (parts[0] as { text: string }).text : parts,
    });
  }
}

function assistantTurn(
  blocks: unknown[],
  context: { param: string; into: ConvertedAnthropicMessages },
): AssistantMessage {
  const { param, into } = context;
  let text: string | null = null;
  const toolCalls: ToolCall[] = [];
  const reasoning: ReasoningBlock[] = [];
  for (let index = 0; index < blocks.length; index++) {
    const block = blocks[index];
    const blockParam = `${param}[${index}]`;
    if (!isWireObject(block)) throw invalidType({ param: blockParam, expected: 'an object', value: block });
    noteCacheControl(block, into);
    switch (block.type) {
      case 'text': {
        const value = requiredString(block.text, `${blockParam}.text`);
        text = text === null ? value : `${text}${value}`;
        break;
      }
      case 'tool_use': {
        const id = requiredString(block.id, `${blockParam}.id`);
        const name = requiredString(block.name, `${blockParam}.name`);
        if (!isWireObject(block.input)) {
          throw block.input === undefined
            ? missingParameter(`${blockParam}.input`)
            : invalidType({ param: `${blockParam}.input`, expected: 'an object', value: block.input });
        }
        toolCalls.push({ id, name, arguments: JSON.stringify(block.input) });
        break;
      }
      case 'thinking':
        reasoning.push({
          text: requiredString(block.thinking, `${blockParam}.thinking`),
          signature: requiredString(block.signature, `${blockParam}.signature`),
          provider: 'anthropic',
        });
        break;
      case 'redacted_thinking':
        reasoning.push({
          text: '',
          redactedData: requiredString(block.data, `${blockParam}.data`),
          provider: 'anthropic',
        });
        break;
      default:
        throw invalidRequest({
          param: `${blockParam}.type`,
          message: `${blockParam}.type: ${JSON.stringify(block.type)} is not accepted in an assistant turn; expected 'text', 'tool_use', 'thinking' or 'redacted_thinking'`,
        });
    }
  }
  const message: AssistantMessage = { role: 'assistant', content: text };
  if (toolCalls.length > 0) message.toolCalls = toolCalls;
  if (reasoning.length > 0) message.reasoning = reasoning;
  return message;
}

function toolResult(
  block: WireObject,
  context: { param: string; into: ConvertedAnthropicMessages },
): ToolMessage {
  const { param, into } = context;
  const message: ToolMessage = {
    role: 'tool',
    toolCallId: requiredString(block.tool_use_id, `${param}.tool_use_id`),
    content: '',
  };
  const content = block.content;
  if (typeof content === 'string') message.content = content;
  else if (Array.isArray(content)) {
    const texts: string[] = [];
    for (let index = 0; index < content.length; index++) {
      const part = content[index];
      const partParam = `${param}.content[${index}]`;
      if (!isWireObject(part)) throw invalidType({ param: partParam, expected: 'an object', value: part });
      noteCacheControl(part, into);
      if (part.type === 'text') texts.push(requiredString(part.text, `${partParam}.text`));
      else
        into.warnings.add(
          `${partParam}: a tool result's ${String(part.type)} block was dropped (tool results carry text only)`,
        );
    }
    message.content = texts.join('\n');
  } else if (content !== undefined && content !== null) {
    throw invalidType({
      param: `${param}.content`,
      expected: 'a string or an array of blocks',
      value: content,
    });
  }
  if (block.is_error === true) message.isError = true;
  return message;
}

function documentPart(block: WireObject, param: string): UserContentPart {
  const source = block.source;
  if (isWireObject(source) && source.type === 'text') {
    // A plain-text document is its text; the model reads it the same way.
    return { type: 'text', text: requiredString(source.data, `${param}.source.data`) };
  }
  const part: UserContentPart = { type: 'file', source: mediaSource(source, `${param}.source`) };
  if (typeof block.title === 'string') part.filename = block.title;
  return part;
}

function mediaSource(
  source: unknown,
  param: string,
): { type: 'url'; url: string } | { type: 'base64'; data: string; mediaType: string } {
  if (!isWireObject(source)) {
    throw source === undefined
      ? missingParameter(param)
      : invalidType({ param, expected: 'an object', value: source });
  }
  if (source.type === 'base64') {
    return {
      type: 'base64',
      mediaType: requiredString(source.media_type, `${param}.media_type`),
      data: requiredString(source.data, `${param}.data`),
    };
  }
  if (source.type === 'url') return { type: 'url', url: requiredString(source.url, `${param}.url`) };
  throw invalidRequest({
    param: `${param}.type`,
    message: `${param}.type: ${JSON.stringify(source.type)} is not supported by this gateway; send 'base64' or 'url' (uploaded file ids need Anthropic's Files API)`,
  });
}

function requiredString(value: unknown, param: string): string {
  if (typeof value === 'string') return value;
  throw value === undefined ? missingParameter(param) : invalidType({ param, expected: 'a string', value });
}

function noteCacheControl(block: WireObject, converted: ConvertedAnthropicMessages): void {
  if (block.cache_control !== undefined && block.cache_control !== null) converted.cacheControl = true;
}
