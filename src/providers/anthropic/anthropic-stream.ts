import { IncompleteStreamError } from '../../errors/incomplete-stream-error.js';
import { apiCallErrorFromStreamEvent } from '../../http/error-response.js';
import { type CallTarget, parseEventData } from '../../http/post-json.js';
import type { SseEvent } from '../../http/sse.js';
import type { ReasoningBlock } from '../../types/message.js';
import type { RouterError } from '../../types/router-error.js';
import type { FinishPart, StreamPart } from '../../types/stream-part.js';
import type { StreamDecoder } from '../shared/stream-decoder.js';
import { isAbsent, isRecord, malformedField, type ShapeProblem } from '../shared/wire-error.js';
import { deltaFieldOf, findBlockStartProblem } from './anthropic-wire-shape.js';
import type { AnthropicStreamBlockDelta, AnthropicStreamBlockStart, AnthropicUsage } from './api-types.js';
import type { JsonToolPlan } from './convert-to-anthropic-request.js';
import { answerFinishReason, jsonToolAnswer } from './map-anthropic-response.js';
import { mapAnthropicUsage, mergeAnthropicUsage } from './map-anthropic-usage.js';

/** A content block between its `content_block_start` and `content_block_stop`. */
interface OpenBlock {
  kind: 'text' | 'thinking' | 'redacted' | 'tool' | 'json' | 'other';
  /** Thinking text or tool-argument fragments, joined once when the block stops. */
  chunks: string[];
  signatureChunks: string[];
  /** Tool id, name and position among this turn's tool calls. */
  id: string;
  name: string;
  toolIndex: number;
  /** Input announced in `content_block_start` (non-empty only from some gateways). */
  initialInput: Record<string, unknown> | undefined;
  /** Redacted thinking payload. */
  data: string;
}

/** What the stream decoder needs to know about the call. */
export interface AnthropicStreamOptions {
  /** Names the provider and model in errors, hides the key, reads in-band error payloads. */
  target: CallTarget;
  /** Set when JSON output was requested through a tool: its input streams out as text. */
  jsonTool: JsonToolPlan | undefined;
}

/**
 * The {@link StreamDecoder} of Messages API streams: the state machine that turns events into
 * `StreamPart`s. `message_stop` is the closing event, and the answer is whole only once it came.
 *
 * - `text_delta` → `text-delta`; `thinking_delta` → `reasoning-delta`, and the block's stop →
 *   `reasoning-end` with the accumulated text and `signature` (or `redactedData` for redacted thinking).
 * - `input_json_delta` fragments → `tool-call-delta`; the block's stop → `tool-call` with the joined
 *   arguments (`{}` when every fragment was empty). A tool block still open at `message_stop` (the turn
 *   hit `max_tokens` mid-arguments) never becomes a `tool-call`: its arguments are not complete, and the
 *   `length` finish reason says why.
 * - The JSON tool's fragments are answer text and stream out as `text-delta` (a wrapped non-object
 *   schema is unwrapped at the block's stop instead). While JSON output is pending, plain text is held
 *   back, dropped if the JSON tool answers and released at the end if it never does, so a stream says
 *   exactly what `complete()` would.
 * - `message_start` gives id, model and input usage (a `fallback` block names the model that actually
 *   served); `message_delta` the stop reason and final usage;
 *   `message_stop` ends the stream with one `finish` part. `ping` and unknown events are ignored.
 * - A repeated `message_start` for the same message (a gateway duplicating the frame) is ignored. One
 *   for a different message while the first is open means an intermediary spliced a retried generation
 *   into the body: the first message was cut off, so that is an `IncompleteStreamError`, never a merge
 *   of two generations (their signed thinking could not be sent back).
 * - An `error` event throws the provider's error with its kind (`overloaded_error` → overloaded).
 * - An event whose fields are of the wrong type throws a `server` error naming the event and the field
 *   ("content_block_delta: delta.text is not a string"). Unknown event and block types are skipped.
 */
export class AnthropicStreamDecoder implements StreamDecoder {
  /** True once `message_stop` arrived. */
  done = false;
  readonly missing = 'no message_stop event';
  private readonly options: AnthropicStreamOptions;
  private readonly blocks = new Map<number, OpenBlock>();
  private started = false;
  private messageId: string | undefined;
  private model: string | undefined;
  private usage: AnthropicUsage | undefined;
  private stopReason: string | null | undefined;
  private toolCallCount = 0;
  private completedToolCalls = 0;
  private jsonAnswered = false;
  private readonly heldText: string[] = [];

  constructor(options: AnthropicStreamOptions) {
    this.options = options;
  }

  /** Whole only at `message_stop`: Anthropic always sends it. */
  get whole(): boolean {
    return this.done;
  }

  push(event: SseEvent, out: StreamPart[]): void {
    const payload = parseEventData(event.data, this.options.target);
    // `data: null` carries nothing (some gateways send it as a keep-alive); anything else must be an event.
    if (payload === null) return;
    if (!isRecord(payload)) {
      throw malformedField({
        target: this.options.target,
        where: 'stream event',
        field: 'the payload',
        expected: 'an object',
      });
    }
    switch (payload.type) {
      case 'message_start': {
        const message = payload.message;
        if (!isRecord(message))
          throw this.malformed('message_start', { field: 'message', expected: 'an object' });
        if (!isAbsent(message.id) && typeof message.id !== 'string') {
          throw this.malformed('message_start', { field: 'message.id', expected: 'a string' });
        }
        if (!isAbsent(message.model) && typeof message.model !== 'string') {
          throw this.malformed('message_start', { field: 'message.model', expected: 'a string' });
        }
        if (!isAbsent(message.usage) && !isRecord(message.usage)) {
          throw this.malformed('message_start', { field: 'message.usage', expected: 'an object' });
        }
        this.onMessageStart(message);
        break;
      }
      case 'content_block_start': {
        const block = payload.content_block;
        if (!isRecord(block))
          throw this.malformed('content_block_start', { field: 'content_block', expected: 'an object' });
        const problem = findBlockStartProblem(block);
        if (problem !== undefined) {
          throw this.malformed('content_block_start', {
            field: `content_block.${problem.field}`,
            expected: problem.expected,
          });
        }
        this.onBlockStart(this.indexOf(payload), block as unknown as AnthropicStreamBlockStart, out);
        break;
      }
      case 'content_block_delta': {
        const delta = payload.delta;
        if (!isRecord(delta))
          throw this.malformed('content_block_delta', { field: 'delta', expected: 'an object' });
        const field = deltaFieldOf(delta.type);
        if (field !== undefined && typeof delta[field] !== 'string') {
          throw this.malformed('content_block_delta', { field: `delta.${field}`, expected: 'a string' });
        }
        this.onBlockDelta(this.indexOf(payload), delta as unknown as AnthropicStreamBlockDelta, out);
        break;
      }
      case 'content_block_stop':
        this.onBlockStop(this.indexOf(payload), out);
        break;
      case 'message_delta': {
        const { delta, usage } = payload;
        if (!isAbsent(delta)) {
          if (!isRecord(delta))
            throw this.malformed('message_delta', { field: 'delta', expected: 'an object' });
          const stopReason = delta.stop_reason;
          if (!isAbsent(stopReason) && typeof stopReason !== 'string') {
            throw this.malformed('message_delta', { field: 'delta.stop_reason', expected: 'a string' });
          }
          if (stopReason != null) this.stopReason = stopReason;
        }
        if (!isAbsent(usage)) {
          if (!isRecord(usage))
            throw this.malformed('message_delta', { field: 'usage', expected: 'an object' });
          this.usage = mergeAnthropicUsage(this.usage, usage as AnthropicUsage);
        }
        break;
      }
      case 'message_stop':
        this.done = true;
        break;
      case 'error': {
        const { target } = this.options;
        throw apiCallErrorFromStreamEvent({
          provider: target.provider,
          model: target.model,
          payload,
          readBody: target.readBody,
          secret: target.secret,
        });
      }
    }
  }

  /** Text held back for a JSON answer that never came, then the one `finish` part. */
  end(out: StreamPart[]): void {
    if (!this.jsonAnswered && this.heldText.length > 0) {
      out.push({ type: 'text-delta', text: this.heldText.join('') });
      this.heldText.length = 0;
    }
    out.push(this.finishPart());
  }

  private indexOf(payload: Record<string, unknown>): number {
    const index = payload.index;
    if (typeof index !== 'number')
      throw this.malformed(String(payload.type), { field: 'index', expected: 'a number' });
    return index;
  }

  private malformed(event: string, problem: ShapeProblem): RouterError {
    return malformedField({ target: this.options.target, where: `stream event ${event}`, ...problem });
  }

  private onMessageStart(message: {
    id?: string | null;
    model?: string | null;
    usage?: AnthropicUsage;
  }): void {
    const id = message.id ?? undefined;
    if (this.started) {
      if (id === this.messageId) return;
      throw new IncompleteStreamError({
        provider: this.options.target.provider,
        model: this.options.target.model,
        detail: `message ${this.messageId ?? '(no id)'} was cut off by the start of message ${id ?? '(no id)'}`,
      });
    }
    this.started = true;
    this.messageId = id;
    this.model = message.model ?? undefined;
    if (message.usage) this.usage = message.usage;
  }

  private onBlockStart(index: number, start: AnthropicStreamBlockStart | undefined, out: StreamPart[]): void {
    const block: OpenBlock = {
      kind: 'other',
      chunks: [],
      signatureChunks: [],
      id: '',
      name: '',
      toolIndex: -1,
      initialInput: undefined,
      data: '',
    };
    this.blocks.set(index, block);
    switch (start?.type) {
      case 'text':
        block.kind = 'text';
        if (start.text) this.emitText(start.text, out);
        break;
      case 'thinking':
        block.kind = 'thinking';
        if (start.thinking) this.emitReasoning(block, start.thinking, out);
        if (start.signature) block.signatureChunks.push(start.signature);
        break;
      case 'redacted_thinking':
        block.kind = 'redacted';
        block.data = start.data ?? '';
        break;
      case 'fallback': {
        // The provider switched models mid-request; the one it fell back to is the one that served.
        const servedBy = (start as { to?: { model?: unknown } }).to?.model;
        if (typeof servedBy === 'string') this.model = servedBy;
        break;
      }
      case 'tool_use': {
        block.id = start.id ?? '';
        block.name = start.name ?? '';
        const input = start.input;
        if (input && typeof input === 'object' && Object.keys(input).length > 0) block.initialInput = input;
        const jsonTool = this.options.jsonTool;
        if (jsonTool && block.name === jsonTool.name) {
          block.kind = 'json';
          this.jsonAnswered = true;
          this.heldText.length = 0;
        } else {
          block.kind = 'tool';
          block.toolIndex = this.toolCallCount++;
        }
        break;
      }
    }
  }

  private onBlockDelta(index: number, delta: AnthropicStreamBlockDelta | undefined, out: StreamPart[]): void {
    const block = this.blocks.get(index);
    if (!block || !delta) return;
    switch (delta.type) {
      case 'text_delta':
        if (block.kind === 'text' && delta.text) this.emitText(delta.text, out);
        break;
      case 'thinking_delta':
        if (block.kind === 'thinking' && delta.thinking) this.emitReasoning(block, delta.thinking, out);
        break;
      case 'signature_delta':
        if (block.kind === 'thinking' && delta.signature) block.signatureChunks.push(delta.signature);
        break;
      case 'input_json_delta': {
        // The first fragment is often "": it carries nothing, and an empty delta is noise for the caller.
        const fragment = delta.partial_json;
        if (!fragment) return;
        if (block.kind === 'tool') {
          block.chunks.push(fragment);
          out.push({
            type: 'tool-call-delta',
            index: block.toolIndex,
            id: block.id,
            name: block.name,
            argumentsDelta: fragment,
          });
        } else if (block.kind === 'json') {
          block.chunks.push(fragment);
          if (!this.options.jsonTool?.unwrap) out.push({ type: 'text-delta', text: fragment });
        }
        break;
      }
    }
  }

  private onBlockStop(index: number, out: StreamPart[]): void {
    const block = this.blocks.get(index);
    if (!block) return;
    this.blocks.delete(index);
    switch (block.kind) {
      case 'thinking': {
        const reasoning: ReasoningBlock = { text: block.chunks.join(''), provider: 'anthropic' };
        if (block.signatureChunks.length > 0) reasoning.signature = block.signatureChunks.join('');
        out.push({ type: 'reasoning-end', block: reasoning });
        break;
      }
      case 'redacted':
        out.push({
          type: 'reasoning-end',
          block: { text: '', redactedData: block.data, provider: 'anthropic' },
        });
        break;
      case 'tool': {
        const args =
          block.chunks.length > 0
            ? block.chunks.join('')
            : block.initialInput
              ? JSON.stringify(block.initialInput)
              : '{}';
        this.completedToolCalls++;
        out.push({
          type: 'tool-call',
          index: block.toolIndex,
          toolCall: { id: block.id, name: block.name, arguments: args },
        });
        break;
      }
      case 'json':
        this.finishJsonBlock(block, out);
        break;
    }
  }

  private finishJsonBlock(block: OpenBlock, out: StreamPart[]): void {
    const plan = this.options.jsonTool!;
    if (block.chunks.length === 0) {
      out.push({ type: 'text-delta', text: jsonToolAnswer(block.initialInput ?? {}, plan) });
      return;
    }
    if (!plan.unwrap) return;
    const text = block.chunks.join('');
    let input: unknown;
    try {
      input = JSON.parse(text);
    } catch {
      // Malformed JSON is still the model's answer; the caller's parser reports it.
      out.push({ type: 'text-delta', text });
      return;
    }
    out.push({ type: 'text-delta', text: jsonToolAnswer(input, plan) });
  }

  private finishPart(): FinishPart {
    const part: FinishPart = {
      type: 'finish',
      finishReason: answerFinishReason({
        stopReason: this.stopReason,
        jsonAnswered: this.jsonAnswered,
        toolCallCount: this.completedToolCalls,
      }),
      usage: mapAnthropicUsage(this.usage),
    };
    if (this.messageId !== undefined) part.id = this.messageId;
    if (this.model !== undefined) part.model = this.model;
    return part;
  }

  private emitText(text: string, out: StreamPart[]): void {
    if (this.options.jsonTool) {
      // Held until we know whether the JSON tool answers; text after its answer is chatter.
      if (!this.jsonAnswered) this.heldText.push(text);
      return;
    }
    out.push({ type: 'text-delta', text });
  }

  private emitReasoning(block: OpenBlock, text: string, out: StreamPart[]): void {
    block.chunks.push(text);
    out.push({ type: 'reasoning-delta', text });
  }
}
