import type { StreamPart } from '../../types/stream-part.js';
import type { ErrorAnswer, StreamEncoder } from '../core/surface.js';
import { convertToOpenAIUsage } from './convert-to-openai-usage.js';
import { mapToOpenAIFinishReason } from './map-to-openai-finish-reason.js';

const frameEnd = ',"logprobs":null,"finish_reason":null}]}\n\n';
const done = 'data: [DONE]\n\n';

/**
 * Turns the router's stream parts into OpenAI `chat.completion.chunk` SSE frames, one part at a time.
 * The constant head of every frame is built once per stream and only each part's own text is
 * serialised, so the cost per part is flat in the length of the answer. The first frame announces the
 * assistant role; a tool call's id and name go in its first fragment only, as OpenAI sends them; a
 * `tool-call` part whose arguments never streamed (Gemini sends calls whole) becomes one fragment; the
 * `finish` part ends the stream with the finish reason, the usage chunk when asked for, and `[DONE]`.
 */
export class OpenAIChunkEncoder implements StreamEncoder {
  private readonly head: string;
  private readonly includeUsage: boolean;
  private readonly id: string;
  private readonly created: number;
  private readonly model: string;
  private started = false;
  private readonly streamedCalls = new Set<number>();

  constructor(options: { id: string; model: string; created: number; includeUsage: boolean }) {
    this.id = options.id;
    this.created = options.created;
    this.model = options.model;
    this.includeUsage = options.includeUsage;
    this.head = `data: {"id":${JSON.stringify(options.id)},"object":"chat.completion.chunk","created":${options.created},"model":${JSON.stringify(options.model)},"choices":[{"index":0,"delta":`;
  }

  /** The frames for one part (`''` when the part has no OpenAI counterpart, like `reasoning-end`). */
  encode(part: StreamPart): string {
    const prelude = this.started ? '' : this.roleFrame();
    switch (part.type) {
      case 'text-delta':
        return `${prelude}${this.head}{"content":${JSON.stringify(part.text)}}${frameEnd}`;
      case 'reasoning-delta':
        return `${prelude}${this.head}{"reasoning_content":${JSON.stringify(part.text)}}${frameEnd}`;
      case 'tool-call-delta': {
        if (this.streamedCalls.has(part.index)) {
          return `${prelude}${this.head}{"tool_calls":[{"index":${part.index},"function":{"arguments":${JSON.stringify(part.argumentsDelta)}}}]}${frameEnd}`;
        }
        this.streamedCalls.add(part.index);
        return `${prelude}${this.toolCallFrame(part.index, { id: part.id, name: part.name, arguments: part.argumentsDelta })}`;
      }
      case 'tool-call':
        if (this.streamedCalls.has(part.index)) return prelude;
        this.streamedCalls.add(part.index);
        return `${prelude}${this.toolCallFrame(part.index, part.toolCall)}`;
      case 'reasoning-end':
        return prelude;
      case 'finish': {
        const reason = mapToOpenAIFinishReason(part.finishReason);
        let frames = `${prelude}${this.head}{},"logprobs":null,"finish_reason":"${reason}"}]}\n\n`;
        if (this.includeUsage) {
          const usage = convertToOpenAIUsage(part.usage) ?? null;
          frames += `data: {"id":${JSON.stringify(this.id)},"object":"chat.completion.chunk","created":${this.created},"model":${JSON.stringify(part.model ?? this.model)},"choices":[],"usage":${JSON.stringify(usage)}}\n\n`;
        }
        return frames + done;
      }
    }
  }

  /** The in-band error frame that ends a stream failing after its first frame. */
  fail(answer: ErrorAnswer): string {
    return errorFrame(answer);
  }

  private roleFrame(): string {
    this.started = true;
    return `${this.head}{"role":"assistant","content":""}${frameEnd}`;
  }

  private toolCallFrame(index: number, call: { id: string; name: string; arguments: string }): string {
    return `${this.head}{"tool_calls":[{"index":${index},"id":${JSON.stringify(call.id)},"type":"function","function":{"name":${JSON.stringify(call.name)},"arguments":${JSON.stringify(call.arguments)}}}]}${frameEnd}`;
  }
}

/** An in-band error frame, for a stream that fails after its first frame: OpenAI's clients throw on it. */
export function errorFrame(error: { message: string; type: string; code: string | null }): string {
  return `data: ${JSON.stringify({ error: { message: error.message, type: error.type, param: null, code: error.code } })}\n\n`;
}
