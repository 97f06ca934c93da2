import type { JSONObject, LanguageModelV3Content, SharedV3ProviderMetadata } from '@ai-sdk/provider';
import type { ReasoningBlock, ToolCall } from '../types/message.js';
import type { CompletionResponse } from '../types/response.js';

/**
 * A router response as the AI SDK's ordered content: reasoning, then the answer text, then tool calls,
 * the order the providers produce them in.
 */
export function convertToAiSdkContent(response: CompletionResponse): LanguageModelV3Content[] {
  const message = response.choices[0].message;
  const content: LanguageModelV3Content[] = [];
  for (const block of message.reasoning ?? []) {
    const metadata = reasoningMetadata(block);
    content.push(
      metadata === undefined
        ? { type: 'reasoning', text: block.text }
        : { type: 'reasoning', text: block.text, providerMetadata: metadata },
    );
  }
  if (message.content !== null && message.content !== '')
    content.push({ type: 'text', text: message.content });
  for (const call of message.toolCalls ?? []) content.push(convertToolCall(call));
  return content;
}

/** One finished tool call. Its provider data rides along so the next turn can send it back. */
export function convertToolCall(call: ToolCall): LanguageModelV3Content & { type: 'tool-call' } {
  const part: LanguageModelV3Content & { type: 'tool-call' } = {
    type: 'tool-call',
    toolCallId: call.id,
    toolName: call.name,
    input: call.arguments === '' ? '{}' : call.arguments,
  };
  if (call.providerMetadata !== undefined) {
    part.providerMetadata = { llmrouter: { toolCall: call.providerMetadata as JSONObject } };
  }
  return part;
}

/**
 * A reasoning block's signature and issuer, which Anthropic and Gemini need back with the history; the
 * AI SDK returns them as the part's `providerOptions.llmrouter`.
 */
export function reasoningMetadata(block: ReasoningBlock): SharedV3ProviderMetadata | undefined {
  if (block.signature === undefined && block.redactedData === undefined) return undefined;
  const llmrouter: JSONObject = {};
  if (block.signature !== undefined) llmrouter.signature = block.signature;
  if (block.redactedData !== undefined) llmrouter.redactedData = block.redactedData;
  if (block.provider !== undefined) llmrouter.provider = block.provider;
  return { llmrouter };
}
