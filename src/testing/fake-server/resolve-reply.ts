import type { FakeFinishReason, FakeReplyContent } from './fake-behaviour.js';

/** The text of the default reply. */
export const defaultReplyText = 'Hello from the fake provider.';

/** A tool call with its arguments serialised and split for streaming. */
export interface ResolvedToolCall {
  index: number;
  id: string | undefined;
  name: string;
  /** The arguments as sent in OpenAI and Anthropic bodies. */
  argumentsJson: string;
  argumentChunks: readonly string[];
  /** The arguments as Gemini's `functionCall.args` object. */
  argumentsValue: Record<string, unknown>;
}

/** Usage with every count the formats render filled in. */
export interface ResolvedUsage {
  inputTokens: number;
  cachedInputTokens: number | undefined;
  cacheWriteTokens: number | undefined;
  outputTokens: number;
  reasoningTokens: number | undefined;
}

/** A reply ready to render: defaults applied, text split into deltas. Shared by every request that uses it. */
export interface ResolvedReply {
  text: string;
  textChunks: readonly string[];
  reasoning: string;
  reasoningChunks: readonly string[];
  toolCalls: readonly ResolvedToolCall[];
  usage: ResolvedUsage;
  finishReason: FakeFinishReason;
  rawFinishReason: string | undefined;
  model: string | undefined;
  partDelayMs: number;
  keepAliveComments: number;
}

const defaultArgumentChunkSize = 12;
const resolved = new WeakMap<FakeReplyContent, ResolvedReply>();
const emptyContent: FakeReplyContent = {};

/**
 * Applies the defaults to a reply and splits its text. Cached per reply object, so a default or queued
 * reply reused across many requests is resolved once; treat behaviours as immutable once enqueued.
 */
export function resolveReply(content: FakeReplyContent = emptyContent): ResolvedReply {
  const cached = resolved.get(content);
  if (cached) return cached;
  const toolCalls = (content.toolCalls ?? []).map((call, index): ResolvedToolCall => {
    const argumentsJson =
      typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
    return {
      index,
      id: call.id,
      name: call.name,
      argumentsJson,
      argumentChunks: splitFixed(argumentsJson, content.chunkSize ?? defaultArgumentChunkSize),
      argumentsValue: typeof call.arguments === 'string' ? parseObject(call.arguments) : call.arguments,
    };
  });
  const text = content.text ?? (toolCalls.length > 0 ? '' : defaultReplyText);
  const reasoning = content.reasoning ?? '';
  const result: ResolvedReply = {
    text,
    textChunks: splitText(text, content.chunkSize),
    reasoning,
    reasoningChunks: splitText(reasoning, content.chunkSize),
    toolCalls,
    usage: resolveUsage(content, { text, reasoning, toolCalls }),
    finishReason: content.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
    rawFinishReason: content.rawFinishReason,
    model: content.model,
    partDelayMs: Math.max(0, content.partDelayMs ?? 0),
    keepAliveComments: Math.max(0, Math.floor(content.keepAliveComments ?? 0)),
  };
  resolved.set(content, result);
  return result;
}

function resolveUsage(
  content: FakeReplyContent,
  output: { text: string; reasoning: string; toolCalls: readonly ResolvedToolCall[] },
): ResolvedUsage {
  const { text, reasoning, toolCalls } = output;
  const usage = content.usage ?? {};
  let outputCharacters = text.length + reasoning.length;
  for (const call of toolCalls) outputCharacters += call.name.length + call.argumentsJson.length;
  const reasoningTokens = usage.reasoningTokens ?? (reasoning ? estimateTokens(reasoning.length) : undefined);
  return {
    inputTokens: usage.inputTokens ?? 10,
    cachedInputTokens: usage.cachedInputTokens,
    cacheWriteTokens: usage.cacheWriteTokens,
    outputTokens: usage.outputTokens ?? Math.max(estimateTokens(outputCharacters), reasoningTokens ?? 0),
    reasoningTokens,
  };
}

function estimateTokens(characters: number): number {
  return Math.max(1, Math.ceil(characters / 4));
}

/**
 * Splits text into stream deltas: `chunkSize` characters each when given (never splitting a surrogate
 * pair), else word by word with the leading whitespace kept on each word, as models tend to stream.
 */
export function splitText(text: string, chunkSize: number | undefined): string[] {
  if (text === '') return [];
  if (chunkSize !== undefined && chunkSize > 0) return splitFixed(text, chunkSize);
  const chunks: string[] = [];
  let start = 0;
  let index = 0;
  while (index < text.length) {
    while (index < text.length && isSpace(text.charCodeAt(index))) index++;
    while (index < text.length && !isSpace(text.charCodeAt(index))) index++;
    chunks.push(text.slice(start, index));
    start = index;
  }
  return chunks;
}

function splitFixed(text: string, chunkSize: number): string[] {
  if (text === '') return [];
  const size = Math.max(1, Math.floor(chunkSize));
  const chunks: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end++;
    chunks.push(text.slice(start, end));
    start = end;
  }
  return chunks;
}

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 9 || code === 13;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function parseObject(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json);
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // Gemini cannot carry unparseable arguments; an empty object is the closest it gets.
  }
  return {};
}
