import type { ResponseParts } from '../../types/create-response.js';
import type { ReasoningBlock, ToolCall } from '../../types/message.js';
import type { FinishReason } from '../../types/usage.js';
import type { AnthropicResponse, AnthropicResponseBlock } from './api-types.js';
import type { JsonToolPlan } from './convert-to-anthropic-request.js';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason.js';
import { mapAnthropicUsage } from './map-anthropic-usage.js';

/**
 * The finish reason the caller sees. When the answer came through the JSON tool and the model called
 * no tool of the caller's, `tool_use` is how JSON output ends, not a request to run tools: `stop`.
 */
export function answerFinishReason(options: {
  stopReason: string | null | undefined;
  jsonAnswered: boolean;
  toolCallCount: number;
}): FinishReason {
  const reason = mapAnthropicFinishReason(options.stopReason);
  if (options.jsonAnswered && options.toolCallCount === 0 && reason.unified === 'tool_calls') {
    return { unified: 'stop', raw: reason.raw };
  }
  return reason;
}

/** The answer text carried by the JSON tool's input. */
export function jsonToolAnswer(input: unknown, plan: JsonToolPlan): string {
  const value =
    plan.unwrap && typeof input === 'object' && input !== null && 'value' in input
      ? (input as { value: unknown }).value
      : input;
  return JSON.stringify(value ?? {});
}

/**
 * Reads a whole Messages API response into the adapter's response parts: text blocks joined, thinking
 * blocks as reasoning (with signatures, or `redactedData` for redacted thinking), `tool_use` blocks as
 * tool calls with their input as JSON text, and the JSON tool's input as the answer text when JSON
 * output was requested through a tool. Other block types (`fallback`, server tools) carry nothing the
 * caller asked for and are skipped. `content` is `null` when the model wrote no text (a refusal, or
 * tool calls only).
 */
export function mapAnthropicResponse(
  response: AnthropicResponse,
  options: { provider: string; model: string; jsonTool: JsonToolPlan | undefined },
): ResponseParts {
  const texts: string[] = [];
  const reasoning: ReasoningBlock[] = [];
  const toolCalls: ToolCall[] = [];
  let jsonText: string | undefined;
  const blocks: AnthropicResponseBlock[] = Array.isArray(response.content) ? response.content : [];
  for (const block of blocks) {
    switch (block.type) {
      case 'text':
        texts.push(String(block.text ?? ''));
        break;
      case 'thinking': {
        const thinking: ReasoningBlock = { text: String(block.thinking ?? ''), provider: 'anthropic' };
        if (typeof block.signature === 'string' && block.signature !== '')
          thinking.signature = block.signature;
        reasoning.push(thinking);
        break;
      }
      case 'redacted_thinking':
        reasoning.push({ text: '', redactedData: String(block.data ?? ''), provider: 'anthropic' });
        break;
      case 'tool_use': {
        const name = String(block.name ?? '');
        if (options.jsonTool && name === options.jsonTool.name) {
          jsonText = jsonToolAnswer(block.input, options.jsonTool);
        } else {
          toolCalls.push({ id: String(block.id ?? ''), name, arguments: JSON.stringify(block.input ?? {}) });
        }
        break;
      }
    }
  }
  return {
    id: response.id ?? '',
    provider: options.provider,
    model: response.model ?? options.model,
    content: jsonText ?? (texts.length > 0 ? texts.join('') : null),
    toolCalls,
    reasoning,
    finishReason: answerFinishReason({
      stopReason: response.stop_reason,
      jsonAnswered: jsonText !== undefined,
      toolCallCount: toolCalls.length,
    }),
    usage: mapAnthropicUsage(response.usage),
  };
}
