// A minimal client for the fake server's own tests: it sends each format's request shape and reads the
// answer, keeping whatever arrived before a failure. Not part of the public API.
import { createParser } from 'eventsource-parser';
import type { FakeFormat } from './fake-behaviour.js';
import type { FakeUpstream } from './fake-upstream.js';

/** One SSE event as received. */
export interface ReceivedEvent {
  event: string | undefined;
  data: string;
}

/** What a call produced: the status and body that arrived, and the error that ended it, if any. */
export interface CallOutcome {
  status: number | undefined;
  headers: Headers | undefined;
  text: string;
  events: ReceivedEvent[];
  comments: string[];
  error: unknown;
}

/** Options of `call`. */
export interface CallOptions {
  format: FakeFormat;
  stream?: boolean;
  model?: string;
  /** Replaces the format's minimal valid body (a string is sent verbatim). */
  body?: unknown;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** OpenAI `stream_options.include_usage`. */
  includeUsage?: boolean;
}

/** The endpoint a provider adapter would call. */
export function completionURL(upstream: FakeUpstream, options: CallOptions): string {
  const { format } = options;
  const base = upstream.baseURL(format);
  if (format === 'openai') return `${base}/chat/completions`;
  if (format === 'anthropic') return `${base}/messages`;
  const model = options.model ?? 'gemini-test';
  return options.stream
    ? `${base}/models/${model}:streamGenerateContent?alt=sse`
    : `${base}/models/${model}:generateContent`;
}

/** The smallest body each provider accepts. */
export function completionBody(
  format: FakeFormat,
  options: Omit<CallOptions, 'format'> = {},
): Record<string, unknown> {
  if (format === 'gemini') return { contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] };
  const body: Record<string, unknown> = {
    model: options.model ?? (format === 'openai' ? 'gpt-test' : 'claude-test'),
    messages: [{ role: 'user', content: 'Hi' }],
  };
  if (format === 'anthropic') body.max_tokens = 64;
  if (options.stream) body.stream = true;
  if (options.includeUsage) body.stream_options = { include_usage: true };
  return body;
}

/** Sends a completion request and reads the whole answer, never throwing. */
export async function call(upstream: FakeUpstream, options: CallOptions): Promise<CallOutcome> {
  const outcome: CallOutcome = {
    status: undefined,
    headers: undefined,
    text: '',
    events: [],
    comments: [],
    error: undefined,
  };
  const body = options.body ?? completionBody(options.format, options);
  try {
    const response = await fetch(completionURL(upstream, options), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
      signal: options.signal,
    });
    outcome.status = response.status;
    outcome.headers = response.headers;
    const parser = createParser({
      onEvent: (event) => outcome.events.push({ event: event.event, data: event.data }),
      onComment: (comment) => outcome.comments.push(comment),
    });
    const decoder = new TextDecoder();
    const reader = response.body!.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        const piece = decoder.decode(value, { stream: true });
        outcome.text += piece;
        parser.feed(piece);
      }
    } catch (error) {
      outcome.error = error;
    }
  } catch (error) {
    outcome.error = error;
  }
  return outcome;
}

/** The parsed `data` of every event (`[DONE]` excluded). */
export function payloads(outcome: CallOutcome): Record<string, unknown>[] {
  return outcome.events
    .filter((event) => event.data !== '[DONE]')
    .map((event) => JSON.parse(event.data) as Record<string, unknown>);
}

/** The answer text of a whole (non-streaming) body in the format. */
export function bodyText(format: FakeFormat, body: unknown): string {
  const value = body as Record<string, unknown>;
  if (format === 'openai')
    return (value.choices as { message: { content: string | null } }[])[0]!.message.content ?? '';
  if (format === 'anthropic') {
    return (value.content as { type: string; text?: string }[])
      .filter((block) => block.type === 'text')
      .map((block) => block.text)
      .join('');
  }
  return (
    value.candidates as { content: { parts: { text?: string; thought?: boolean }[] } }[]
  )[0]!.content.parts
    .filter((part) => !part.thought)
    .map((part) => part.text ?? '')
    .join('');
}

/**
 * Checks every event against the format's wire rules and returns the answer text they carry. Throws on
 * the first event that breaks them: OpenAI chunks need `choices[0].delta` (or `choices: []` with usage),
 * Anthropic event names must match the payload `type`, Gemini chunks need candidates and `usageMetadata`
 * whose counts never go down.
 */
export function streamText(format: FakeFormat, outcome: CallOutcome): string {
  const pieces: string[] = [];
  let candidatesSoFar = 0;
  for (const event of outcome.events) {
    if (format === 'openai' && event.data === '[DONE]') continue;
    const data = JSON.parse(event.data) as Record<string, unknown>;
    if (format === 'openai') {
      const choices = data.choices as { delta?: { content?: string } }[];
      if (choices.length === 0) {
        if (!data.usage) throw new Error(`OpenAI chunk without choices or usage: ${event.data}`);
        continue;
      }
      const delta = choices[0]!.delta;
      if (typeof delta !== 'object') throw new Error(`OpenAI chunk without delta: ${event.data}`);
      pieces.push(delta.content ?? '');
    } else if (format === 'anthropic') {
      if (event.event !== data.type) throw new Error(`event ${event.event} carries ${data.type}`);
      const delta = data.delta as { type?: string; text?: string } | undefined;
      if (data.type === 'content_block_delta' && delta?.type === 'text_delta') pieces.push(delta.text ?? '');
    } else {
      const usage = data.usageMetadata as { candidatesTokenCount: number } | undefined;
      if (!usage || !Array.isArray(data.candidates))
        throw new Error(`Gemini chunk without usage: ${event.data}`);
      if (usage.candidatesTokenCount < candidatesSoFar) throw new Error('Gemini usage went down');
      candidatesSoFar = usage.candidatesTokenCount;
      pieces.push(bodyText('gemini', data));
    }
  }
  return pieces.join('');
}

/** Whether the stream ended with the format's terminator (Gemini: a chunk with `finishReason`). */
export function isTerminated(format: FakeFormat, outcome: CallOutcome): boolean {
  const last = outcome.events.at(-1);
  if (!last) return false;
  if (format === 'openai') return last.data === '[DONE]';
  if (format === 'anthropic') return last.event === 'message_stop';
  const data = JSON.parse(last.data) as { candidates?: { finishReason?: string }[] };
  return data.candidates?.[0]?.finishReason !== undefined;
}
