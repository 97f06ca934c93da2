import type { ReasoningBlock, ToolCall } from './message.js';
import type { CompletionResponse } from './response.js';
import type { FinishReason, Usage } from './usage.js';
import type { SettingWarning } from './warning.js';

/** The pieces an adapter extracts from a provider's answer. */
export interface ResponseParts {
  id: string;
  provider: string;
  model: string;
  /** Answer text; `null` or `''` when the model only called tools. */
  content: string | null;
  toolCalls: ToolCall[];
  reasoning: ReasoningBlock[];
  finishReason: FinishReason;
  usage: Usage;
  /** Settings the adapter dropped or changed; left off the response when `undefined` or empty. */
  warnings?: readonly SettingWarning[] | undefined;
  /** The answer came from a response cache. */
  cached?: true | undefined;
}

/** Builds the one response shape every provider returns, with its conveniences filled in once. */
export function createResponse(parts: ResponseParts): CompletionResponse {
  const content = parts.content === '' && parts.toolCalls.length > 0 ? null : parts.content;
  const message: CompletionResponse['choices'][0]['message'] = { role: 'assistant', content };
  if (parts.toolCalls.length > 0) message.toolCalls = parts.toolCalls;
  if (parts.reasoning.length > 0) message.reasoning = parts.reasoning;
  const response: CompletionResponse = {
    id: parts.id,
    provider: parts.provider,
    model: parts.model,
    choices: [{ index: 0, message, finishReason: parts.finishReason }],
    text: content ?? '',
    toolCalls: parts.toolCalls,
    reasoningText:
      parts.reasoning.length > 0 ? parts.reasoning.map((block) => block.text).join('') : undefined,
    finishReason: parts.finishReason,
    usage: parts.usage,
    trail: [],
  };
  if (parts.warnings !== undefined && parts.warnings.length > 0) response.warnings = parts.warnings;
  if (parts.cached) response.cached = true;
  return response;
}

/** Usage with every count unknown. */
export function unknownUsage(): Usage {
  return { inputTokens: undefined, outputTokens: undefined, totalTokens: undefined };
}

/** Sums input and output when both are known. */
export function totalOf(input: number | undefined, output: number | undefined): number | undefined {
  return input === undefined || output === undefined ? undefined : input + output;
}
