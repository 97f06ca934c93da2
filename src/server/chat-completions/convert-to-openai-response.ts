import type { CompletionResponse } from '../../types/response.js';
import { convertToOpenAIUsage, type OpenAIWireUsage } from './convert-to-openai-usage.js';
import { mapToOpenAIFinishReason, type OpenAIFinishReason } from './map-to-openai-finish-reason.js';

/** A tool call in an OpenAI response message. */
export interface OpenAIWireToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** A `chat.completion` body, as the official clients read it. */
export interface OpenAIWireCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: [
    {
      index: 0;
      message: {
        role: 'assistant';
        content: string | null;
        refusal: null;
        tool_calls?: OpenAIWireToolCall[];
        /** Reasoning text, where the serving model shared it (DeepSeek's field name, which many clients read). */
        reasoning_content?: string;
      };
      logprobs: null;
      finish_reason: OpenAIFinishReason;
    },
  ];
  usage?: OpenAIWireUsage;
}

/**
 * The router's response as an OpenAI `chat.completion` body. `id` falls back to the given one when the
 * provider issued none; `created` is the answer's time in seconds.
 */
export function convertToOpenAIResponse(
  response: CompletionResponse,
  options: { fallbackId: string; created: number },
): OpenAIWireCompletion {
  const choice = response.choices[0];
  const message: OpenAIWireCompletion['choices'][0]['message'] = {
    role: 'assistant',
    content: choice.message.content,
    refusal: null,
  };
  if (response.toolCalls.length > 0) {
    message.tool_calls = response.toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments },
    }));
  }
  if (response.reasoningText !== undefined) message.reasoning_content = response.reasoningText;
  const body: OpenAIWireCompletion = {
    id: response.id || options.fallbackId,
    object: 'chat.completion',
    created: options.created,
    model: response.model,
    choices: [
      { index: 0, message, logprobs: null, finish_reason: mapToOpenAIFinishReason(response.finishReason) },
    ],
  };
  const usage = convertToOpenAIUsage(response.usage);
  if (usage) body.usage = usage;
  return body;
}

/**
 * The same `chat.completion` body as {@link convertToOpenAIResponse}, written straight as JSON text: only
 * the strings the answer carries are serialised, with no intermediate object per request.
 */
export function encodeOpenAIResponse(
  response: CompletionResponse,
  options: { fallbackId: string; created: number },
): string {
  const { content } = response.choices[0].message;
  let message = `{"role":"assistant","content":${content === null ? 'null' : JSON.stringify(content)},"refusal":null`;
  if (response.toolCalls.length > 0) {
    let calls = '';
    for (const call of response.toolCalls) {
      calls += `${calls === '' ? '' : ','}{"id":${JSON.stringify(call.id)},"type":"function","function":{"name":${JSON.stringify(call.name)},"arguments":${JSON.stringify(call.arguments)}}}`;
    }
    message += `,"tool_calls":[${calls}]`;
  }
  if (response.reasoningText !== undefined) {
    message += `,"reasoning_content":${JSON.stringify(response.reasoningText)}`;
  }
  const usage = convertToOpenAIUsage(response.usage);
  return (
    `{"id":${JSON.stringify(response.id || options.fallbackId)},"object":"chat.completion",` +
    `"created":${options.created},"model":${JSON.stringify(response.model)},"choices":[{"index":0,` +
    `"message":${message}},"logprobs":null,"finish_reason":"${mapToOpenAIFinishReason(response.finishReason)}"}]` +
    `${usage ? `,"usage":${JSON.stringify(usage)}` : ''}}`
  );
}
