import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { expect } from 'vitest';

/** One call through a surface: the model the gateway routes, streamed or not, JSON output or not. */
export interface SurfaceCall {
  model: string;
  stream: boolean;
  json: boolean;
}

/** What the Anthropic client made of a `/v1/messages` answer. */
export interface MessagesView {
  content: Array<Record<string, unknown>>;
  stop_reason: string | null;
  usage: Record<string, number | null>;
}

/** What the OpenAI client made of a `/v1/chat/completions` answer (streamed chunks assembled here). */
export interface ChatView {
  text: string;
  /** `reasoning_content`, the field the gateway shares reasoning in; `undefined` when absent. */
  reasoning: string | undefined;
  toolCalls: Array<{ name: string; args: unknown }>;
  finish_reason: string | null;
  usage: unknown;
}

/** What the OpenAI client made of a `/v1/responses` answer. */
export interface ResponsesView {
  text: string;
  /** The reasoning items' summary texts, joined. */
  reasoning: string;
  toolCalls: Array<{ name: string; args: unknown }>;
  /**
   * The status of each item carrying content (a message with text, a function call), in order: an
   * incomplete response's last item is the one cut off.
   */
  itemStatuses: string[];
  status: string | undefined;
  incomplete_details: unknown;
  usage: unknown;
}

const schema = { type: 'object', properties: { elements: { type: 'array' } } };
const prompt = 'Replay';

/** `/v1/messages` through `messages.create`, or `messages.stream` and its final message. */
export async function callMessages(client: Anthropic, call: SurfaceCall): Promise<MessagesView> {
  const body = {
    model: call.model,
    max_tokens: 1024,
    messages: [{ role: 'user' as const, content: prompt }],
  };
  const message = call.stream
    ? await client.messages.stream(body).finalMessage()
    : await client.messages.create(body);
  return {
    content: message.content.map((block) => {
      if (block.type === 'tool_use') return { type: 'tool_use', name: block.name, input: block.input };
      if (block.type === 'text') return { type: 'text', text: block.text };
      if (block.type === 'thinking')
        return { type: 'thinking', thinking: block.thinking, signature: block.signature };
      return { ...block };
    }),
    stop_reason: message.stop_reason,
    usage: {
      input_tokens: message.usage.input_tokens,
      output_tokens: message.usage.output_tokens,
      cache_creation_input_tokens: message.usage.cache_creation_input_tokens,
      cache_read_input_tokens: message.usage.cache_read_input_tokens,
    },
  };
}

/** `/v1/chat/completions` through `chat.completions.create`, streamed with usage or not. */
export async function callChat(client: OpenAI, call: SurfaceCall): Promise<ChatView> {
  const body = {
    model: call.model,
    messages: [{ role: 'user' as const, content: prompt }],
    ...(call.json
      ? { response_format: { type: 'json_schema' as const, json_schema: { name: 'elements', schema } } }
      : {}),
  };
  if (!call.stream) {
    const completion = await client.chat.completions.create(body);
    const choice = completion.choices[0]!;
    const message = choice.message as typeof choice.message & { reasoning_content?: string };
    return {
      text: message.content ?? '',
      reasoning: message.reasoning_content,
      toolCalls: (message.tool_calls ?? []).map((toolCall) => {
        if (toolCall.type !== 'function') throw new Error(`unexpected tool call type ${toolCall.type}`);
        return { name: toolCall.function.name, args: JSON.parse(toolCall.function.arguments) };
      }),
      finish_reason: choice.finish_reason,
      usage: completion.usage,
    };
  }
  const stream = await client.chat.completions.create({
    ...body,
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = '';
  let reasoning: string | undefined;
  const calls: Array<{ name: string; arguments: string }> = [];
  const finishes: string[] = [];
  let usage: unknown;
  for await (const chunk of stream) {
    if (chunk.usage) usage = chunk.usage;
    const choice = chunk.choices[0];
    if (choice === undefined) continue;
    const delta = choice.delta as typeof choice.delta & { reasoning_content?: string };
    text += delta.content ?? '';
    if (delta.reasoning_content !== undefined) reasoning = (reasoning ?? '') + delta.reasoning_content;
    for (const fragment of delta.tool_calls ?? []) {
      const toolCall = calls[fragment.index] ?? { name: '', arguments: '' };
      calls[fragment.index] = toolCall;
      toolCall.name += fragment.function?.name ?? '';
      toolCall.arguments += fragment.function?.arguments ?? '';
    }
    if (choice.finish_reason) finishes.push(choice.finish_reason);
  }
  expect(finishes).toHaveLength(1);
  return {
    text,
    reasoning,
    toolCalls: calls.map((toolCall) => ({ name: toolCall.name, args: JSON.parse(toolCall.arguments) })),
    finish_reason: finishes[0]!,
    usage,
  };
}

/**
 * `/v1/responses` through `responses.create`, or `responses.stream` and its final response; a streamed
 * answer's deltas must add up to what its final response holds.
 */
export async function callResponses(client: OpenAI, call: SurfaceCall): Promise<ResponsesView> {
  const body = {
    model: call.model,
    input: prompt,
    ...(call.json ? { text: { format: { type: 'json_schema' as const, name: 'elements', schema } } } : {}),
  };
  let response: OpenAI.Responses.Response;
  if (call.stream) {
    const stream = client.responses.stream(body);
    const deltas = { text: '', reasoning: '', arguments: '' };
    for await (const event of stream) {
      if (event.type === 'response.output_text.delta') deltas.text += event.delta;
      if (event.type === 'response.reasoning_summary_text.delta') deltas.reasoning += event.delta;
      if (event.type === 'response.function_call_arguments.delta') deltas.arguments += event.delta;
    }
    response = await stream.finalResponse();
    const view = responsesView(response);
    expect(deltas.text).toBe(view.text);
    expect(deltas.reasoning).toBe(view.reasoning);
    expect(deltas.arguments).toBe(
      response.output.map((item) => (item.type === 'function_call' ? item.arguments : '')).join(''),
    );
    return view;
  }
  response = await client.responses.create(body);
  return responsesView(response);
}

function responsesView(response: OpenAI.Responses.Response): ResponsesView {
  return {
    text: response.output_text,
    reasoning: response.output
      .flatMap((item) => (item.type === 'reasoning' ? item.summary.map((part) => part.text) : []))
      .join(''),
    toolCalls: response.output.flatMap((item) =>
      item.type === 'function_call' ? [{ name: item.name, args: JSON.parse(item.arguments) }] : [],
    ),
    itemStatuses: response.output.flatMap((item) => {
      if (item.type === 'function_call') return [item.status ?? 'none'];
      const carriesText =
        item.type === 'message' &&
        item.content.some((part) => part.type === 'output_text' && part.text !== '');
      return carriesText ? [item.status] : [];
    }),
    status: response.status,
    incomplete_details: response.incomplete_details,
    usage: response.usage,
  };
}
