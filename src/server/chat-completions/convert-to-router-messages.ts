import type { Message, ToolCall, UserContentPart } from '../../types/message.js';
import { invalidRequest, invalidType, missingParameter } from '../core/gateway-error.js';
import { isWireObject, type WireObject, wireFunction } from '../core/wire-object.js';

const dataUrlPrefix = /^data:([^;,]+)(?:;[^,]*)?;base64,/i;

/**
 * Converts OpenAI Chat Completions `messages` into the router's messages, checking each as it goes.
 * Throws a 400 `GatewayError` naming the exact parameter at fault (`messages[2].content[0].image_url`).
 * `developer` messages become system messages; text-part arrays in system, assistant and tool messages
 * are joined, since the router's messages hold those as plain text.
 */
export function convertToRouterMessages(messages: unknown): Message[] {
  if (messages === undefined) throw missingParameter('messages');
  if (!Array.isArray(messages))
    throw invalidType({ param: 'messages', expected: 'an array of messages', value: messages });
  if (messages.length === 0) {
    throw invalidRequest({
      param: 'messages',
      message:
        "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      code: 'empty_array',
    });
  }
  const converted: Message[] = new Array(messages.length);
  for (let index = 0; index < messages.length; index++) {
    converted[index] = convertMessage(messages[index], `messages[${index}]`);
  }
  return converted;
}

function convertMessage(message: unknown, param: string): Message {
  if (!isWireObject(message)) throw invalidType({ param, expected: 'an object', value: message });
  const role = message.role;
  if (role === undefined) throw missingParameter(`${param}.role`);
  switch (role) {
    case 'system':
    case 'developer':
      return {
        role: 'system',
        content: textContent(message.content, { param: `${param}.content`, nullable: false }) ?? '',
      };
    case 'user':
      return { role: 'user', content: userContent(message.content, `${param}.content`) };
    case 'assistant':
      return assistantMessage(message, param);
    case 'tool': {
      const toolCallId = message.tool_call_id;
      if (toolCallId === undefined) throw missingParameter(`${param}.tool_call_id`);
      if (typeof toolCallId !== 'string')
        throw invalidType({ param: `${param}.tool_call_id`, expected: 'a string', value: toolCallId });
      return {
        role: 'tool',
        toolCallId,
        content: textContent(message.content, { param: `${param}.content`, nullable: false }) ?? '',
      };
    }
    case 'function':
      throw invalidRequest({
        param: `${param}.role`,
        message: `Invalid value for '${param}.role': 'function' messages are deprecated and not supported; send tool results as 'tool' messages.`,
      });
    default:
      if (typeof role !== 'string')
        throw invalidType({ param: `${param}.role`, expected: 'a string', value: role });
      throw invalidRequest({
        param: `${param}.role`,
        message: `Invalid value for '${param}.role': '${role}'. Supported values are: 'system', 'developer', 'user', 'assistant' and 'tool'.`,
      });
  }
}

function assistantMessage(message: WireObject, param: string): Message {
  const content = textContent(message.content, { param: `${param}.content`, nullable: true });
  const wireCalls = message.tool_calls;
  if (wireCalls === undefined || wireCalls === null) return { role: 'assistant', content };
  if (!Array.isArray(wireCalls))
    throw invalidType({ param: `${param}.tool_calls`, expected: 'an array', value: wireCalls });
  const toolCalls: ToolCall[] = wireCalls.map((call, index) =>
    toolCall(call, `${param}.tool_calls[${index}]`),
  );
  return toolCalls.length > 0 ? { role: 'assistant', content, toolCalls } : { role: 'assistant', content };
}

function toolCall(call: unknown, param: string): ToolCall {
  if (!isWireObject(call)) throw invalidType({ param, expected: 'an object', value: call });
  if (typeof call.id !== 'string') {
    throw call.id === undefined
      ? missingParameter(`${param}.id`)
      : invalidType({ param: `${param}.id`, expected: 'a string', value: call.id });
  }
  const fn = wireFunction(call, param);
  const args = fn.arguments ?? '{}';
  if (typeof args !== 'string')
    throw invalidType({ param: `${param}.function.arguments`, expected: 'a string of JSON', value: args });
  return { id: call.id, name: fn.name, arguments: args };
}

/** A string, or an array of text parts joined; `null` where the role allows no content. */
function textContent(content: unknown, where: { param: string; nullable: boolean }): string | null {
  const { param, nullable } = where;
  if (typeof content === 'string') return content;
  if (content === undefined || content === null) {
    if (nullable) return null;
    throw missingParameter(param);
  }
  if (!Array.isArray(content))
    throw invalidType({ param, expected: 'a string or an array of text parts', value: content });
  let text = '';
  for (let index = 0; index < content.length; index++) {
    const part = content[index];
    const partParam = `${param}[${index}]`;
    if (!isWireObject(part)) throw invalidType({ param: partParam, expected: 'an object', value: part });
    // Assistant history may carry a refusal part; its text is the refusal.
    const value = part.type === 'text' ? part.text : part.type === 'refusal' ? part.refusal : undefined;
    if (part.type !== 'text' && part.type !== 'refusal') {
      throw invalidRequest({
        param: `${partParam}.type`,
        message: `Invalid value for '${partParam}.type': only 'text' parts are accepted here, got ${JSON.stringify(part.type)}.`,
      });
    }
    if (typeof value !== 'string')
      throw invalidType({ param: `${partParam}.${part.type}`, expected: 'a string', value });
    text += index === 0 ? value : `\n${value}`;
  }
  return text;
}

function userContent(content: unknown, param: string): string | UserContentPart[] {
  if (typeof content === 'string') return content;
  if (content === undefined || content === null) throw missingParameter(param);
  if (!Array.isArray(content))
    throw invalidType({ param, expected: 'a string or an array of content parts', value: content });
  if (content.length === 0) {
    throw invalidRequest({
      param,
      message: `Invalid '${param}': empty array. Expected at least one content part.`,
      code: 'empty_array',
    });
  }
  const parts: UserContentPart[] = new Array(content.length);
  for (let index = 0; index < content.length; index++) {
    parts[index] = userPart(content[index], `${param}[${index}]`);
  }
  return parts;
}

function userPart(part: unknown, param: string): UserContentPart {
  if (!isWireObject(part)) throw invalidType({ param, expected: 'an object', value: part });
  switch (part.type) {
    case 'text':
      if (typeof part.text !== 'string')
        throw invalidType({ param: `${param}.text`, expected: 'a string', value: part.text });
      return { type: 'text', text: part.text };
    case 'image_url': {
      const image = part.image_url;
      // Some clients send the URL itself rather than `{ url }`.
      const url = typeof image === 'string' ? image : isWireObject(image) ? image.url : undefined;
      if (typeof url !== 'string' || url === '') {
        throw image === undefined || (isWireObject(image) && image.url === undefined)
          ? missingParameter(`${param}.image_url.url`)
          : invalidType({ param: `${param}.image_url.url`, expected: 'a URL string', value: url });
      }
      const detail = isWireObject(image) ? image.detail : undefined;
      if (detail === undefined) return { type: 'image', source: { type: 'url', url } };
      if (detail !== 'auto' && detail !== 'low' && detail !== 'high') {
        throw invalidRequest({
          param: `${param}.image_url.detail`,
          message: `Invalid value for '${param}.image_url.detail': expected 'auto', 'low' or 'high'.`,
        });
      }
      return { type: 'image', source: { type: 'url', url }, detail };
    }
    case 'file':
      return filePart(part.file, `${param}.file`);
    case 'input_audio':
      throw invalidRequest({
        param: `${param}.type`,
        message: `Audio input is not supported by this gateway ('${param}').`,
        code: 'unsupported_value',
      });
    default:
      throw invalidRequest({
        param: `${param}.type`,
        message: `Invalid value for '${param}.type': ${JSON.stringify(part.type)}. Supported values are: 'text', 'image_url' and 'file'.`,
      });
  }
}

function filePart(file: unknown, param: string): UserContentPart {
  if (!isWireObject(file))
    throw file === undefined
      ? missingParameter(param)
      : invalidType({ param, expected: 'an object', value: file });
  if (file.file_id !== undefined && file.file_data === undefined) {
    throw invalidRequest({
      param: `${param}.file_id`,
      message: `Uploaded file ids are not supported by this gateway; send the document inline as '${param}.file_data'.`,
      code: 'unsupported_value',
    });
  }
  const data = file.file_data;
  if (typeof data !== 'string') {
    throw data === undefined
      ? missingParameter(`${param}.file_data`)
      : invalidType({ param: `${param}.file_data`, expected: 'a string', value: data });
  }
  const filename = typeof file.filename === 'string' ? file.filename : undefined;
  const match = dataUrlPrefix.exec(data);
  if (!match) {
    throw invalidRequest({
      param: `${param}.file_data`,
      message: `Invalid value for '${param}.file_data': expected a base64 data URL such as 'data:application/pdf;base64,...'.`,
    });
  }
  const source = { type: 'base64' as const, mediaType: match[1]!, data: data.slice(match[0].length) };
  return filename === undefined ? { type: 'file', source } : { type: 'file', source, filename };
}
