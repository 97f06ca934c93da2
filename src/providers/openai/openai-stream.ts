import { apiCallErrorFromStreamEvent } from '../../http/error-response.js';
import { type CallTarget, parseEventData } from '../../http/post-json.js';
import type { SseEvent } from '../../http/sse.js';
import type { RouterError } from '../../types/router-error.js';
import type { FinishPart, StreamPart } from '../../types/stream-part.js';
import type { StreamDecoder } from '../shared/stream-decoder.js';
import { isAbsent, isRecord, malformedField } from '../shared/wire-error.js';
import type { OpenAIResponseMessage, OpenAIResponseToolCall, OpenAIUsage } from './api-types.js';
import { findOpenAIMessageProblem } from './find-openai-message-problem.js';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';
import { mapOpenAIUsage } from './map-openai-usage.js';
import { normalizeToolArguments } from './normalize-tool-arguments.js';
import { readOpenAIContentParts } from './read-openai-content-parts.js';

interface ToolCallInProgress {
  /** Position in this turn, from 0, in order of first appearance. */
  index: number;
  id: string;
  /** False while `id` is a stand-in made up because the service sent none. */
  hasProviderId: boolean;
  name: string;
  /** Argument fragments, joined once when the call is complete. */
  fragments: string[];
  emitted: boolean;
}

/**
 * The {@link StreamDecoder} of Chat Completions streams (OpenAI, Azure and every compatible service).
 * `[DONE]` is the closing event; a chunk with a finish reason makes the answer whole without it. A chunk
 * with an `error` (or an `error` event) throws the provider's error; a chunk of the wrong shape throws
 * a `server` error naming the field.
 *
 * What it copes with, as real services send it:
 * - tool calls keyed by `index` (OpenAI), by position of first appearance when indices start at 1 or
 *   skip (proxies), by `id` when there is no `index` at all (Mistral), or numbered 0 for every call;
 * - the usage-only chunk with `choices: []` after the finish chunk, usage on the finish chunk itself
 *   (DeepSeek, Mistral) or in `x_groq.usage` (Groq);
 * - Azure's first chunk with empty `choices`, `id` and `model`; `obfuscation` padding (ignored);
 * - reasoning in `reasoning_content` (DeepSeek, xAI) or `reasoning` (Groq, OpenRouter), or in Mistral's
 *   `thinking` content parts, as `reasoning-delta` parts; the block ends with a `reasoning-end` (its
 *   whole text, no signature: these APIs have none) when the answer, a tool call or the finish begins;
 * - `refusal` deltas, passed on as text, with the finish reason becoming `content_filter`.
 *
 * Tool calls are complete, and yielded as `tool-call` parts, when the finish reason arrives.
 */
export class OpenAIStreamDecoder implements StreamDecoder {
  /** True once `[DONE]` arrived. */
  done = false;
  readonly missing = 'no finish_reason and no [DONE]';
  private readonly target: CallTarget;
  private readonly toolCalls: ToolCallInProgress[] = [];
  private readonly positionByIndex = new Map<number, number>();
  private id: string | undefined;
  private model: string | undefined;
  private rawFinishReason: string | undefined;
  private sawFinishReason = false;
  private refused = false;
  private rawUsage: OpenAIUsage | undefined;
  /** The reasoning block in progress, joined once when it ends. */
  private reasoningFragments: string[] = [];

  /** `target` names the provider and model in errors, hides the key and reads in-band error payloads. */
  constructor(target: CallTarget) {
    this.target = target;
  }

  /** A finish reason or `[DONE]` arrived: the answer is whole even if the other never comes. */
  get whole(): boolean {
    return this.sawFinishReason || this.done;
  }

  push(event: SseEvent, parts: StreamPart[]): void {
    if (event.data === '[DONE]') {
      this.done = true;
      return;
    }
    const chunk = parseEventData(event.data, this.target);
    // `data: null` carries nothing (some gateways send it as a keep-alive); anything else must be a chunk.
    if (chunk === null) return;
    if (!isRecord(chunk)) throw this.malformed('the chunk', 'an object');
    if (chunk.error || event.event === 'error') {
      const { target } = this;
      throw apiCallErrorFromStreamEvent({
        provider: target.provider,
        model: target.model,
        payload: chunk,
        readBody: target.readBody,
        secret: target.secret,
      });
    }
    this.pushChunk(chunk, parts);
  }

  /** Checks one chunk's shape where the decoding reads it, and appends the parts it carries. */
  private pushChunk(chunk: Record<string, unknown>, parts: StreamPart[]): void {
    const { id, model } = chunk;
    if (!isAbsent(id) && typeof id !== 'string') throw this.malformed('id', 'a string');
    if (!isAbsent(model) && typeof model !== 'string') throw this.malformed('model', 'a string');
    if (this.id === undefined && id) this.id = id;
    if (this.model === undefined && model) this.model = model;
    const usage = chunk.usage ?? (isRecord(chunk.x_groq) ? chunk.x_groq.usage : undefined);
    if (!isAbsent(usage)) {
      if (!isRecord(usage)) throw this.malformed('usage', 'an object');
      this.rawUsage = usage as OpenAIUsage;
    }
    const choices = chunk.choices;
    if (isAbsent(choices)) return;
    if (!Array.isArray(choices)) throw this.malformed('choices', 'an array');
    const choice: unknown = choices[0];
    if (choice === undefined) return;
    if (!isRecord(choice)) throw this.malformed('choices[0]', 'an object');
    const delta = choice.delta;
    if (!isAbsent(delta)) {
      if (!isRecord(delta)) throw this.malformed('choices[0].delta', 'an object');
      const problem = findOpenAIMessageProblem(delta);
      if (problem !== undefined) throw this.malformed(`choices[0].delta.${problem.field}`, problem.expected);
      this.pushDelta(delta as OpenAIResponseMessage, parts);
    }
    const finishReason = choice.finish_reason;
    if (!isAbsent(finishReason) && typeof finishReason !== 'string') {
      throw this.malformed('choices[0].finish_reason', 'a string');
    }
    if (finishReason) {
      this.sawFinishReason = true;
      this.rawFinishReason = finishReason;
      this.closeReasoning(parts);
      this.flushToolCalls(parts);
    }
  }

  private malformed(field: string, expected: string): RouterError {
    return malformedField({ target: this.target, where: 'stream chunk', field, expected });
  }

  private pushDelta(delta: OpenAIResponseMessage, parts: StreamPart[]): void {
    const reasoning = delta.reasoning_content ?? delta.reasoning;
    if (typeof reasoning === 'string' && reasoning !== '') this.addReasoning(reasoning, parts);
    const content = delta.content;
    if (typeof content === 'string') {
      if (content !== '') this.addText(content, parts);
    } else if (Array.isArray(content)) {
      for (const piece of readOpenAIContentParts(content)) {
        if (piece.type === 'text-delta') this.addText(piece.text, parts);
        else this.addReasoning(piece.text, parts);
      }
    }
    if (typeof delta.refusal === 'string' && delta.refusal !== '') {
      this.refused = true;
      this.addText(delta.refusal, parts);
    }
    if (delta.tool_calls) {
      this.closeReasoning(parts);
      for (const call of delta.tool_calls) this.addToolCallDelta(call, parts);
    }
  }

  /** Tool calls not yet complete, then the `finish` part. */
  end(parts: StreamPart[]): void {
    this.closeReasoning(parts);
    this.flushToolCalls(parts);
    let finishReason = mapOpenAIFinishReason(this.rawFinishReason);
    if (this.refused) {
      finishReason = { unified: 'content_filter', raw: finishReason.raw };
    } else if (this.rawFinishReason === undefined && this.toolCalls.length > 0) {
      finishReason = { unified: 'tool_calls', raw: undefined };
    }
    const finish: FinishPart = { type: 'finish', finishReason, usage: mapOpenAIUsage(this.rawUsage) };
    if (this.id !== undefined) finish.id = this.id;
    if (this.model !== undefined) finish.model = this.model;
    parts.push(finish);
  }

  private addReasoning(text: string, parts: StreamPart[]): void {
    this.reasoningFragments.push(text);
    parts.push({ type: 'reasoning-delta', text });
  }

  private addText(text: string, parts: StreamPart[]): void {
    this.closeReasoning(parts);
    parts.push({ type: 'text-delta', text });
  }

  /** Ends the reasoning block in progress, if any: the answer (or a tool call, or the end) has begun. */
  private closeReasoning(parts: StreamPart[]): void {
    if (this.reasoningFragments.length === 0) return;
    parts.push({ type: 'reasoning-end', block: { text: this.reasoningFragments.join('') } });
    this.reasoningFragments = [];
  }

  private addToolCallDelta(call: OpenAIResponseToolCall, parts: StreamPart[]): void {
    const existing = this.existingToolCall(call);
    const state = existing ?? this.startToolCall(call);
    const name = call.function?.name;
    if (name && state.name === '') state.name = name;
    const raw = call.function?.arguments;
    const argumentsDelta = typeof raw === 'string' ? raw : raw ? JSON.stringify(raw) : '';
    if (argumentsDelta !== '') state.fragments.push(argumentsDelta);
    if (argumentsDelta !== '' || existing === undefined) {
      parts.push({
        type: 'tool-call-delta',
        index: state.index,
        id: state.id,
        name: state.name,
        argumentsDelta,
      });
    }
  }

  private existingToolCall(call: OpenAIResponseToolCall): ToolCallInProgress | undefined {
    if (typeof call.index === 'number') {
      const position = this.positionByIndex.get(call.index);
      if (position === undefined) return undefined;
      const known = this.toolCalls[position]!;
      // The same index with another id: a service that numbers every call 0.
      return call.id && known.hasProviderId && call.id !== known.id ? undefined : known;
    }
    // No index (Mistral): an id not seen last starts a call; no id continues the last one.
    const last = this.toolCalls[this.toolCalls.length - 1];
    return last !== undefined && (!call.id || call.id === last.id) ? last : undefined;
  }

  private startToolCall(call: OpenAIResponseToolCall): ToolCallInProgress {
    const index = this.toolCalls.length;
    const state: ToolCallInProgress = {
      index,
      id: call.id || `call_${index}`,
      hasProviderId: Boolean(call.id),
      name: '',
      fragments: [],
      emitted: false,
    };
    this.toolCalls.push(state);
    if (typeof call.index === 'number') this.positionByIndex.set(call.index, index);
    return state;
  }

  private flushToolCalls(parts: StreamPart[]): void {
    for (const state of this.toolCalls) {
      if (state.emitted) continue;
      state.emitted = true;
      parts.push({
        type: 'tool-call',
        index: state.index,
        toolCall: {
          id: state.id,
          name: state.name,
          arguments: normalizeToolArguments(state.fragments.join('')),
        },
      });
    }
  }
}
