import type {
  AssistantMessage,
  MediaSource,
  Message,
  ToolMessage,
  UserContentPart,
  UserMessage,
} from '../../types/message.js';
import { RouterError } from '../../types/router-error.js';
import type { GeminiContent, GeminiPart } from './api-types.js';

/** The conversation in Gemini's terms: system text apart, the rest as alternating turns. */
export interface GeminiContents {
  systemInstruction: { parts: Array<{ text: string }> } | undefined;
  contents: GeminiContent[];
}

/**
 * Google's documented placeholder for a function call that carries no signature of Gemini's own (a
 * history written by another provider, as after a fallback). Gemini 3 rejects such a turn with 400
 * otherwise.
 */
export const SKIP_THOUGHT_SIGNATURE = 'skip_thought_signature_validator';

const dataUrl = /^data:([^;,]+)?((?:;[^;,]*)*?);base64,(.*)$/s;
const extensionMediaTypes: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  heic: 'image/heic',
  heif: 'image/heif',
  pdf: 'application/pdf',
};
const urlExtension = /\.([a-z0-9]+)(?:[?#]|$)/i;

/**
 * Converts messages to Gemini `contents` plus `systemInstruction`.
 *
 * - System messages (wherever they appear) become `systemInstruction` parts, in order.
 * - User and tool turns are `user`; assistant turns are `model`. Consecutive turns of one role merge,
 *   so tool results and a following user message form one `user` turn, as Gemini expects.
 * - Images and PDFs: base64 and `data:` URLs become `inlineData`; other URLs become `fileData`.
 * - Assistant reasoning goes back first as `thought: true` parts with their signatures (reasoning another
 *   provider issued is left out: its signature is meaningless here); tool calls go
 *   back as `functionCall` parts carrying `providerMetadata.gemini.thoughtSignature`. A turn whose calls
 *   have no signature at all (written by another provider) gets Google's skip-validator placeholder on
 *   its first call.
 * - Tool results become `functionResponse` parts. The function name is `ToolMessage.name`, else the
 *   name of the latest earlier call with that id. JSON-object content is sent as the response object;
 *   anything else is wrapped as `{ content }`, or `{ error }` when `isError`.
 *
 * @example
 * convertToGeminiContents([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }]);
 * // { systemInstruction: { parts: [{ text: 'Be brief.' }] }, contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] }
 */
export function convertToGeminiContents(messages: readonly Message[]): GeminiContents {
  const systemParts: Array<{ text: string }> = [];
  const contents: GeminiContent[] = [];
  const toolNames = new Map<string, string>();

  const append = (role: GeminiContent['role'], parts: GeminiPart[]) => {
    if (parts.length === 0) return;
    const last = contents[contents.length - 1];
    if (last?.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  };

  for (const message of messages) {
    switch (message.role) {
      case 'system':
        systemParts.push({ text: message.content });
        break;
      case 'user':
        append('user', userParts(message));
        break;
      case 'assistant':
        for (const call of message.toolCalls ?? []) toolNames.set(call.id, call.name);
        append('model', assistantParts(message));
        break;
      case 'tool':
        append('user', [toolResultPart(message, toolNames)]);
        break;
    }
  }
  return { systemInstruction: systemParts.length > 0 ? { parts: systemParts } : undefined, contents };
}

function userParts(message: UserMessage): GeminiPart[] {
  if (typeof message.content === 'string') return [{ text: message.content }];
  return message.content.map(userPart);
}

function userPart(part: UserContentPart): GeminiPart {
  switch (part.type) {
    case 'text':
      return { text: part.text };
    case 'image':
      return mediaPart(part.source, undefined);
    case 'file':
      return mediaPart(part.source, 'application/pdf');
  }
}

function mediaPart(source: MediaSource, defaultMediaType: string | undefined): GeminiPart {
  if (source.type === 'base64') return { inlineData: { mimeType: source.mediaType, data: source.data } };
  const inline = dataUrl.exec(source.url);
  if (inline) {
    const mimeType = inline[1] ?? defaultMediaType ?? 'application/octet-stream';
    return { inlineData: { mimeType, data: inline[3] ?? '' } };
  }
  const extension = urlExtension.exec(source.url)?.[1]?.toLowerCase();
  const mimeType = (extension && extensionMediaTypes[extension]) || defaultMediaType;
  return { fileData: mimeType ? { mimeType, fileUri: source.url } : { fileUri: source.url } };
}

function assistantParts(message: AssistantMessage): GeminiPart[] {
  const parts: GeminiPart[] = [];
  for (const block of message.reasoning ?? []) {
    // Another provider's reasoning (and its signature) means nothing to Gemini and is left out, as is a
    // block with neither text nor signature.
    if (block.provider !== undefined && block.provider !== 'gemini') continue;
    if (block.redactedData !== undefined || (block.text === '' && block.signature === undefined)) continue;
    const part: GeminiPart = { text: block.text, thought: true };
    if (block.signature !== undefined) part.thoughtSignature = block.signature;
    parts.push(part);
  }
  if (message.content) parts.push({ text: message.content });
  const calls = message.toolCalls ?? [];
  const signed = calls.some((call) => signatureOf(call.providerMetadata) !== undefined);
  calls.forEach((call, index) => {
    const part: GeminiPart = { functionCall: { name: call.name, args: argumentsObject(call.arguments) } };
    const signature =
      signatureOf(call.providerMetadata) ?? (!signed && index === 0 ? SKIP_THOUGHT_SIGNATURE : undefined);
    if (signature !== undefined) part.thoughtSignature = signature;
    parts.push(part);
  });
  return parts;
}

function toolResultPart(message: ToolMessage, toolNames: ReadonlyMap<string, string>): GeminiPart {
  const name = message.name ?? toolNames.get(message.toolCallId);
  if (name === undefined) {
    throw new RouterError({
      kind: 'bad_request',
      message: `Tool result "${message.toolCallId}" has no name and answers no earlier tool call; Gemini needs the function name`,
    });
  }
  const response = message.isError
    ? { error: message.content }
    : (jsonObject(message.content) ?? { content: message.content });
  return { functionResponse: { name, response } };
}

function signatureOf(metadata: Record<string, Record<string, unknown>> | undefined): string | undefined {
  const signature = metadata?.gemini?.thoughtSignature;
  return typeof signature === 'string' ? signature : undefined;
}

/** Gemini's `args` is a protobuf Struct: only an object fits. Unusable text sends no arguments. */
function argumentsObject(text: string): Record<string, unknown> {
  return jsonObject(text) ?? {};
}

function jsonObject(text: string): Record<string, unknown> | undefined {
  // Only text that can be an object is parsed: plain tool output skips the throw-and-catch.
  if (text.trimStart()[0] !== '{') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
