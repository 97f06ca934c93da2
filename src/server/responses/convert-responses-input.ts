import type { AssistantMessage, Message, ReasoningBlock, UserContentPart } from '../../types/message.js';
import { invalidRequest, invalidType, missingParameter } from '../core/gateway-error.js';
import { isWireObject } from '../core/wire-object.js';

const dataUrlPrefix = /^data:([^;,]+)(?:;[^,]*)?;base64,/i;

/**
 * Converts a Responses API `input` (a string, or a list of items) into the router's messages, after
 * `instructions` as the system message. Messages keep their roles (`developer` becomes system);
 * consecutive `function_call` items join the assistant turn before them; `function_call_output` items
 * become tool messages; a `reasoning` item's summary travels as unsigned reasoning on the next assistant
 * turn (its `encrypted_content` only OpenAI can read, so it is dropped with a warning). `item_reference`
 * needs stored items and is refused. Throws a 400 `GatewayError` naming the item at fault.
 */
export function convertResponsesInput(wire: {
  input: unknown;
  instructions: unknown;
  warnings: Set<string>;
}): Message[] {
  const messages: Message[] = [];
  const { input, instructions, warnings } = wire;
  if (instructions !== undefined && instructions !== null) {
    if (typeof instructions !== 'string')
      throw invalidType({ param: 'instructions', expected: 'a string', value: instructions });
    if (instructions !== '') messages.push({ role: 'system', content: instructions });
  }
  if (input === undefined || input === null) throw missingParameter('input');
  if (typeof input === 'string') {
    messages.push({ role: 'user', content: input });
    return messages;
  }
  if (!Array.isArray(input))
    throw invalidType({ param: 'input', expected: 'a string or an array of items', value: input });
  if (input.length === 0) {
    throw invalidRequest({
      param: 'input',
      message: "Invalid 'input': empty array. Expected at least one item.",
      code: 'empty_array',
    });
  }
  let pendingReasoning: ReasoningBlock[] = [];
  const assistantTurn = (): AssistantMessage => {
    const last = messages[messages.length - 1];
    if (last?.role === 'assistant' && pendingReasoning.length === 0) return last;
    const turn: AssistantMessage = { role: 'assistant', content: null };
    if (pendingReasoning.length > 0) turn.reasoning = pendingReasoning;
    pendingReasoning = [];
    messages.push(turn);
    return turn;
  };
  for (let index = 0; index < input.length; index++) {
    const item = input[index];
    const param = `input[${index}]`;
    if (!isWireObject(item)) throw invalidType({ param, expected: 'an object', value: item });
    const type = item.type ?? 'message';
    switch (type) {
      case 'message': {
        const role = item.role;
        if (role === 'assistant') {
          const text = outputText(item.content, `${param}.content`);
          const turn: AssistantMessage = { role: 'assistant', content: text };
          if (pendingReasoning.length > 0) turn.reasoning = pendingReasoning;
          pendingReasoning = [];
          messages.push(turn);
        } else if (role === 'user') {
          messages.push({ role: 'user', content: inputContent(item.content, `${param}.content`) });
        } else if (role === 'system' || role === 'developer') {
          messages.push({ role: 'system', content: plainText(item.content, `${param}.content`) });
        } else if (role === undefined) throw missingParameter(`${param}.role`);
        else {
          throw invalidRequest({
            param: `${param}.role`,
            message: `Invalid value for '${param}.role': expected 'user', 'assistant', 'system' or 'developer'.`,
          });
        }
        break;
      }
      case 'function_call': {
        const turn = assistantTurn();
        const call = {
          id: requiredString(item.call_id, `${param}.call_id`),
          name: requiredString(item.name, `${param}.name`),
          arguments: requiredString(item.arguments, `${param}.arguments`),
        };
        turn.toolCalls = [...(turn.toolCalls ?? []), call];
        break;
      }
      case 'function_call_output': {
        const output = item.output;
        const content = typeof output === 'string' ? output : plainText(output, `${param}.output`);
        messages.push({
          role: 'tool',
          toolCallId: requiredString(item.call_id, `${param}.call_id`),
          content,
        });
        break;
      }
      case 'reasoning': {
        const summary = Array.isArray(item.summary) ? item.summary : [];
        const text = summary
          .map((part) => (isWireObject(part) && typeof part.text === 'string' ? part.text : ''))
          .filter((part) => part !== '')
          .join('\n');
        if (text !== '') pendingReasoning.push({ text });
        if (typeof item.encrypted_content === 'string') {
          warnings.add(
            `${param}.encrypted_content: dropped (encrypted reasoning is readable by OpenAI only, and the gateway routes to any vendor)`,
          );
        }
        break;
      }
      case 'item_reference':
        throw invalidRequest({
          param: `${param}.type`,
          message: `'item_reference' needs items stored on the server, and this gateway stores none; send the referenced item itself in 'input'.`,
          code: 'unsupported_value',
        });
      default:
        throw invalidRequest({
          param: `${param}.type`,
          message: `Invalid value for '${param}.type': ${JSON.stringify(type)}. Supported item types are 'message', 'function_call', 'function_call_output' and 'reasoning'.`,
        });
    }
  }
  return messages;
}

function inputContent(content: unknown, param: string): string | UserContentPart[] {
  if (typeof content === 'string') return content;
  if (content === undefined) throw missingParameter(param);
  if (!Array.isArray(content))
    throw invalidType({ param, expected: 'a string or an array of content parts', value: content });
  return content.map((part, index): UserContentPart => {
    const partParam = `${param}[${index}]`;
    if (!isWireObject(part)) throw invalidType({ param: partParam, expected: 'an object', value: part });
    switch (part.type) {
      case 'input_text':
        return { type: 'text', text: requiredString(part.text, `${partParam}.text`) };
      case 'input_image': {
        if (typeof part.image_url !== 'string') {
          throw part.file_id !== undefined
            ? uploadedFile(`${partParam}.file_id`, `${partParam}.image_url`)
            : missingParameter(`${partParam}.image_url`);
        }
        const detail = part.detail;
        return detail === 'low' || detail === 'high' || detail === 'auto'
          ? { type: 'image', source: { type: 'url', url: part.image_url }, detail }
          : { type: 'image', source: { type: 'url', url: part.image_url } };
      }
      case 'input_file': {
        if (typeof part.file_data !== 'string') {
          throw part.file_id !== undefined || part.file_url !== undefined
            ? uploadedFile(`${partParam}.file_id`, `${partParam}.file_data`)
            : missingParameter(`${partParam}.file_data`);
        }
        const match = dataUrlPrefix.exec(part.file_data);
        if (!match) {
          throw invalidRequest({
            param: `${partParam}.file_data`,
            message: `Invalid value for '${partParam}.file_data': expected a base64 data URL such as 'data:application/pdf;base64,...'.`,
          });
        }
        const source = {
          type: 'base64' as const,
          mediaType: match[1]!,
          data: part.file_data.slice(match[0].length),
        };
        return typeof part.filename === 'string'
          ? { type: 'file', source, filename: part.filename }
          : { type: 'file', source };
      }
      default:
        throw invalidRequest({
          param: `${partParam}.type`,
          message: `Invalid value for '${partParam}.type': ${JSON.stringify(part.type)}. Supported values are: 'input_text', 'input_image' and 'input_file'.`,
        });
    }
  });
}

/** An assistant message's text: its `output_text` (and `refusal`) parts joined. */
function outputText(content: unknown, param: string): string | null {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content))
    throw invalidType({ param, expected: 'a string or an array of content parts', value: content });
  let text = '';
  for (let index = 0; index < content.length; index++) {
    const part = content[index];
    const partParam = `${param}[${index}]`;
    if (!isWireObject(part)) throw invalidType({ param: partParam, expected: 'an object', value: part });
    if (part.type === 'output_text' || part.type === 'input_text')
      text += requiredString(part.text, `${partParam}.text`);
    else if (part.type === 'refusal') text += requiredString(part.refusal, `${partParam}.refusal`);
    else {
      throw invalidRequest({
        param: `${partParam}.type`,
        message: `Invalid value for '${partParam}.type': ${JSON.stringify(part.type)}. An assistant message holds 'output_text' and 'refusal' parts.`,
      });
    }
  }
  return text === '' ? null : text;
}

/** Text-only content (system messages, tool outputs): a string, or text parts joined. */
function plainText(content: unknown, param: string): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content))
    throw invalidType({ param, expected: 'a string or an array of text parts', value: content });
  return content
    .map((part, index) => {
      const partParam = `${param}[${index}]`;
      if (!isWireObject(part) || (part.type !== 'input_text' && part.type !== 'output_text')) {
        throw invalidRequest({
          param: partParam,
          message: `Invalid value for '${partParam}': only text parts are accepted here.`,
        });
      }
      return requiredString(part.text, `${partParam}.text`);
    })
    .join('\n');
}

function uploadedFile(param: string, instead: string) {
  return invalidRequest({
    param,
    message: `Uploaded file ids need OpenAI's Files API, which this gateway does not proxy; send the content inline as '${instead}'.`,
    code: 'unsupported_value',
  });
}

function requiredString(value: unknown, param: string): string {
  if (typeof value === 'string') return value;
  throw value === undefined ? missingParameter(param) : invalidType({ param, expected: 'a string', value });
}
