import type { FinishReason, Usage } from '../../../src/types/usage.js';
import type { ReplayExpectation } from './replay-expectation.js';
import type { ChatView, MessagesView, ResponsesView } from './surface-calls.js';

// What each surface's client must see for a recording, written from its API's documented vocabulary:
// the adapter-level expectation restated in Anthropic Messages, Chat Completions and Responses terms.

const anthropicStopReasons = new Set([
  'end_turn',
  'max_tokens',
  'stop_sequence',
  'tool_use',
  'pause_turn',
  'refusal',
]);

/** Anthropic's `stop_reason`: an Anthropic target's own reason as it sent it, another vendor's mapped. */
function stopReason(finishReason: FinishReason): string {
  if (finishReason.raw !== undefined && anthropicStopReasons.has(finishReason.raw)) return finishReason.raw;
  const byUnified: Partial<Record<FinishReason['unified'], string>> = {
    length: 'max_tokens',
    tool_calls: 'tool_use',
    content_filter: 'refusal',
  };
  return byUnified[finishReason.unified] ?? 'end_turn';
}

/** The `/v1/messages` answer: thinking blocks, then the text, then the tool calls. */
export function expectedMessages(expected: ReplayExpectation): MessagesView {
  const { usage } = expected;
  const cacheRead = usage.cachedInputTokens ?? 0;
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  return {
    content: [
      ...expected.reasoning.map((block) => ({
        type: 'thinking',
        thinking: block.text,
        signature: block.signature ?? '',
      })),
      ...(expected.text === '' ? [] : [{ type: 'text', text: expected.text }]),
      ...expected.toolCalls.map((call) => ({ type: 'tool_use', name: call.name, input: call.args })),
    ],
    stop_reason: stopReason(expected.finishReason),
    // Anthropic counts input apart from the cache reads and writes; a count never reported is 0.
    usage: {
      input_tokens: (usage.inputTokens ?? 0) - cacheRead - cacheWrite,
      output_tokens: usage.outputTokens ?? 0,
      cache_creation_input_tokens: cacheWrite,
      cache_read_input_tokens: cacheRead,
    },
  };
}

function reasoningText(expected: ReplayExpectation): string {
  return expected.reasoning.map((block) => block.text).join('');
}

/** Chat Completions usage: the counts known, none invented. */
function chatUsage(usage: Usage): unknown {
  if (usage.inputTokens === undefined && usage.outputTokens === undefined && usage.totalTokens === undefined)
    return undefined;
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.totalTokens,
    ...(usage.cachedInputTokens === undefined
      ? {}
      : { prompt_tokens_details: { cached_tokens: usage.cachedInputTokens } }),
    ...(usage.reasoningTokens === undefined
      ? {}
      : { completion_tokens_details: { reasoning_tokens: usage.reasoningTokens } }),
  };
}

/** The `/v1/chat/completions` answer; `finish_reason` is one of the four OpenAI's clients know. */
export function expectedChat(expected: ReplayExpectation): ChatView {
  const { unified } = expected.finishReason;
  const known = ['stop', 'length', 'tool_calls', 'content_filter'];
  const reasoning = reasoningText(expected);
  return {
    text: expected.text,
    reasoning: reasoning === '' ? undefined : reasoning,
    toolCalls: expected.toolCalls,
    finish_reason: known.includes(unified) ? unified : 'stop',
    usage: chatUsage(expected.usage),
  };
}

/** The `/v1/responses` answer: `incomplete` when cut short by length or a content filter. */
export function expectedResponses(expected: ReplayExpectation): ResponsesView {
  const { usage } = expected;
  const incomplete = { length: 'max_output_tokens', content_filter: 'content_filter' } as Partial<
    Record<FinishReason['unified'], string>
  >;
  const reason = incomplete[expected.finishReason.unified];
  const items = (expected.text === '' ? 0 : 1) + expected.toolCalls.length;
  const itemStatuses = Array.from({ length: items }, (_, index) =>
    reason !== undefined && index === items - 1 ? 'incomplete' : 'completed',
  );
  return {
    text: expected.text,
    reasoning: reasoningText(expected),
    toolCalls: expected.toolCalls,
    itemStatuses,
    status: reason === undefined ? 'completed' : 'incomplete',
    incomplete_details: reason === undefined ? null : { reason },
    usage: {
      input_tokens: usage.inputTokens ?? 0,
      input_tokens_details: { cached_tokens: usage.cachedInputTokens ?? 0 },
      output_tokens: usage.outputTokens ?? 0,
      output_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
      total_tokens: usage.totalTokens ?? (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0),
    },
  };
}
