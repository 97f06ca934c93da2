import type { CompletionResponse } from '../../types/response.js';
import type { Usage } from '../../types/usage.js';
import type { ResponsesCall } from './convert-responses-request.js';

/** An output item of a Response object. */
export type ResponseOutputItem =
  | { type: 'reasoning'; id: string; summary: Array<{ type: 'summary_text'; text: string }> }
  | {
      type: 'message';
      id: string;
      status: 'in_progress' | 'completed' | 'incomplete';
      role: 'assistant';
      content: Array<{ type: 'output_text'; text: string; annotations: []; logprobs: [] }>;
    }
  | {
      type: 'function_call';
      id: string;
      call_id: string;
      name: string;
      arguments: string;
      status: 'in_progress' | 'completed' | 'incomplete';
    };

/** `usage` as Response objects carry it. */
export interface ResponseWireUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/** How a Response object ended. */
export interface ResponseEnding {
  status: 'in_progress' | 'completed' | 'incomplete' | 'failed';
  output: ResponseOutputItem[];
  usage: ResponseWireUsage | null;
  error?: { code: string; message: string } | null;
  incompleteReason?: 'max_output_tokens' | 'content_filter';
}

/**
 * A Response object (`object: 'response'`) around the given output: the request's own settings echoed
 * back as OpenAI does, `store: false` and no previous response, since the gateway keeps no state.
 */
export function responseObject(options: {
  id: string;
  created: number;
  model: string;
  call: ResponsesCall;
  ending: ResponseEnding;
}): Record<string, unknown> {
  const { echo } = options.call;
  const { ending } = options;
  return {
    id: options.id,
    object: 'response',
    created_at: options.created,
    status: ending.status,
    background: false,
    error: ending.error ?? null,
    incomplete_details: ending.incompleteReason ? { reason: ending.incompleteReason } : null,
    instructions: echo.instructions,
    max_output_tokens: echo.maxOutputTokens,
    metadata: echo.metadata,
    model: options.model,
    output: ending.output,
    parallel_tool_calls: echo.parallelToolCalls,
    previous_response_id: null,
    reasoning: { effort: echo.reasoningEffort, summary: null },
    store: false,
    temperature: echo.temperature,
    text: { format: echo.textFormat },
    tool_choice: echo.toolChoice,
    tools: echo.tools,
    top_p: echo.topP,
    truncation: 'disabled',
    usage: ending.usage,
    user: echo.user,
  };
}

/** The router's usage in Response terms. Clients expect numbers, so a count never reported is 0. */
export function convertToResponseUsage(usage: Usage): ResponseWireUsage {
  const input = usage.inputTokens ?? 0;
  const output = usage.outputTokens ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: usage.cachedInputTokens ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
    total_tokens: usage.totalTokens ?? input + output,
  };
}

/** Whether a finish reason leaves the Response `incomplete`, and why. */
export function incompleteReasonOf(
  response: Pick<CompletionResponse, 'finishReason'>,
): ResponseEnding['incompleteReason'] {
  if (response.finishReason.unified === 'length') return 'max_output_tokens';
  if (response.finishReason.unified === 'content_filter') return 'content_filter';
  return undefined;
}

/**
 * The router's whole answer as a Response object's output: a reasoning item when the model shared its
 * reasoning, a message with the text, then one `function_call` item per tool call.
 */
export function convertToResponseObject(
  response: CompletionResponse,
  options: { id: string; created: number; call: ResponsesCall },
): Record<string, unknown> {
  const output: ResponseOutputItem[] = [];
  const incompleteReason = incompleteReasonOf(response);
  if (response.reasoningText !== undefined) {
    output.push({
      type: 'reasoning',
      id: `rs_${options.id}`,
      summary: [{ type: 'summary_text', text: response.reasoningText }],
    });
  }
  const text = response.text;
  if (text !== '' || response.toolCalls.length === 0) {
    output.push({
      type: 'message',
      id: `msg_${options.id}`,
      status: incompleteReason ? 'incomplete' : 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text, annotations: [], logprobs: [] }],
    });
  }
  for (const call of response.toolCalls) {
    output.push({
      type: 'function_call',
      id: `fc_${call.id}`,
      call_id: call.id,
      name: call.name,
      arguments: call.arguments,
      status: 'completed',
    });
  }
  const ending: ResponseEnding = {
    status: incompleteReason ? 'incomplete' : 'completed',
    output,
    usage: convertToResponseUsage(response.usage),
  };
  if (incompleteReason) ending.incompleteReason = incompleteReason;
  return responseObject({
    id: `resp_${options.id}`,
    created: options.created,
    model: response.model,
    call: options.call,
    ending,
  });
}
