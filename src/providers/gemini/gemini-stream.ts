import { apiCallErrorFromStreamEvent } from '../../http/error-response.js';
import { type CallTarget, parseEventData } from '../../http/post-json.js';
import type { SseEvent } from '../../http/sse.js';
import type { ReasoningBlock, ToolCall } from '../../types/message.js';
import type { FinishPart, StreamPart } from '../../types/stream-part.js';
import type { StreamDecoder } from '../shared/stream-decoder.js';
import { isRecord, malformedField } from '../shared/wire-error.js';
import type { GeminiFunctionCall, GeminiPart, GeminiResponse, GeminiUsageMetadata } from './api-types.js';
import { promptBlockedError } from './gemini-errors.js';
import { findGeminiChunkProblem } from './gemini-wire-shape.js';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.js';
import { hasCounts, mapGeminiUsage } from './map-gemini-usage.js';
import { StreamedArguments } from './streamed-arguments.js';

interface OpenCall {
  index: number;
  id: string;
  name: string;
  signature: string | undefined;
  arguments: StreamedArguments;
}

/**
 * The {@link StreamDecoder} of Gemini: turns response chunks into stream parts. A whole
 * `:generateContent` body is one chunk ({@link pushChunk}), so the same machine serves `complete()`.
 *
 * - Text parts are `text-delta`; `thought: true` parts are `reasoning-delta`, and a reasoning block ends
 *   (`reasoning-end`) at a thought part's `thoughtSignature`, at the first non-thought part, or at the end.
 * - A whole `functionCall` yields one `tool-call-delta` with its arguments, then `tool-call`. A call that
 *   streams (`willContinue`) yields a `tool-call-delta` on start and for each argument piece, and its
 *   `tool-call` when a chunk without `willContinue` closes it (or at the finish). For every call the
 *   deltas concatenate to its `arguments`.
 * - Gemini issues no call ids: calls are `call_0`, `call_1`, ... in the order they appear.
 * - A call's `thoughtSignature` is kept in `providerMetadata.gemini.thoughtSignature`. A signature on a
 *   plain text part is not kept: Gemini documents it as optional to send back, and the message contract
 *   has no place for it.
 * - `usageMetadata` is cumulative: the last chunk with counts wins. The stream is whole only once a
 *   candidate carried a `finishReason` (Gemini has no closing event, so {@link done} stays false).
 * - `{ error: {...} }` in place of a chunk throws the provider's error; `promptFeedback.blockReason` with
 *   no candidate throws a `content_filter` error; a chunk of the wrong shape a `server` error naming
 *   the field.
 */
export class GeminiStreamDecoder implements StreamDecoder {
  /** Gemini sends no closing event: the body's end is the stream's. */
  readonly done = false;
  readonly missing = 'the connection closed before any chunk carried a finishReason';
  private readonly target: CallTarget;
  private callCount = 0;
  private call: OpenCall | undefined;
  private reasoning: string[] | undefined;
  private finishReason: string | undefined;
  private usage: GeminiUsageMetadata | undefined;
  private id: string | undefined;
  private model: string | undefined;

  /** `target` names the provider and model in errors, hides the key and reads in-band error payloads. */
  constructor(target: CallTarget) {
    this.target = target;
  }

  /** Whether a candidate carried a `finishReason`, which is what marks a Gemini stream whole. */
  get whole(): boolean {
    return this.finishReason !== undefined;
  }

  push(event: SseEvent, parts: StreamPart[]): void {
    const payload = parseEventData(event.data, this.target);
    // `data: null` carries nothing; anything else must be a chunk (or an error in its place).
    if (payload !== null) this.pushChunk(payload, parts);
  }

  /** Checks one chunk (or a whole `:generateContent` body) and appends the parts it produces. */
  pushChunk(payload: unknown, parts: StreamPart[]): void {
    const { target } = this;
    if (!isRecord(payload)) {
      throw malformedField({ target, where: 'response chunk', field: 'the chunk', expected: 'an object' });
    }
    const error = payload.error;
    if (typeof error === 'object' && error !== null) {
      const code = (error as { code?: unknown }).code;
      throw apiCallErrorFromStreamEvent({
        provider: target.provider,
        model: target.model,
        payload,
        readBody: target.readBody,
        status: typeof code === 'number' && code !== 0 ? code : undefined,
        secret: target.secret,
      });
    }
    const problem = findGeminiChunkProblem(payload);
    if (problem !== undefined) throw malformedField({ target, where: 'response chunk', ...problem });
    const chunk = payload as GeminiResponse;
    if (chunk.responseId !== undefined) this.id = chunk.responseId;
    if (chunk.modelVersion !== undefined) this.model = chunk.modelVersion;
    if (chunk.usageMetadata !== undefined && hasCounts(chunk.usageMetadata)) this.usage = chunk.usageMetadata;
    const candidate = chunk.candidates?.[0];
    if (candidate === undefined) {
      // No candidate and a block reason: the prompt itself was refused.
      const feedback = chunk.promptFeedback;
      if (feedback?.blockReason !== undefined) throw promptBlockedError({ target, feedback, payload });
      return;
    }
    for (const part of candidate.content?.parts ?? []) this.acceptPart(part, parts);
    if (candidate.finishReason !== undefined) {
      this.finishReason = candidate.finishReason;
      this.flushInto(parts);
    }
  }

  /** Closes whatever is still open (a reasoning block, a streamed call), then the `finish` part. */
  end(parts: StreamPart[]): void {
    this.flushInto(parts);
    parts.push(this.finishPart());
  }

  /** The `finish` part: finish reason, last usage, response id and model. */
  private finishPart(): FinishPart {
    const part: FinishPart = {
      type: 'finish',
      finishReason: mapGeminiFinishReason(this.finishReason, this.callCount > 0),
      usage: mapGeminiUsage(this.usage),
    };
    if (this.id !== undefined) part.id = this.id;
    if (this.model !== undefined) part.model = this.model;
    return part;
  }

  private flushInto(parts: StreamPart[]): void {
    this.endReasoning(parts, undefined);
    this.closeCall(parts);
  }

  private acceptPart(part: GeminiPart, parts: StreamPart[]): void {
    if (part.thought === true) {
      if (part.text) {
        this.reasoning ??= [];
        this.reasoning.push(part.text);
        parts.push({ type: 'reasoning-delta', text: part.text });
      }
      if (part.thoughtSignature !== undefined) {
        this.reasoning ??= [];
        this.endReasoning(parts, part.thoughtSignature);
      }
      return;
    }
    this.endReasoning(parts, undefined);
    if (part.functionCall !== undefined) this.acceptCall(part.functionCall, part.thoughtSignature, parts);
    else if (part.text) parts.push({ type: 'text-delta', text: part.text });
  }

  private endReasoning(parts: StreamPart[], signature: string | undefined): void {
    if (this.reasoning === undefined) return;
    const text = this.reasoning.join('');
    this.reasoning = undefined;
    const block: ReasoningBlock = { text, provider: 'gemini' };
    if (signature !== undefined) block.signature = signature;
    parts.push({ type: 'reasoning-end', block });
  }

  private acceptCall(call: GeminiFunctionCall, signature: string | undefined, parts: StreamPart[]): void {
    if (call.name === undefined) {
      // A piece of the open call; a stray piece with no call open has nothing to attach to.
      const open = this.call;
      if (open === undefined) return;
      open.signature ??= signature;
      this.addPieces(open, call, parts);
      if (!call.willContinue) this.closeCall(parts);
      return;
    }
    this.closeCall(parts);
    const index = this.callCount++;
    const id = `call_${index}`;
    if (!call.willContinue && call.partialArgs === undefined) {
      const text = JSON.stringify(call.args ?? {});
      parts.push({ type: 'tool-call-delta', index, id, name: call.name, argumentsDelta: text });
      parts.push({ type: 'tool-call', index, toolCall: toolCallOf(id, call.name, text, signature) });
      return;
    }
    const open: OpenCall = {
      index,
      id,
      name: call.name,
      signature,
      arguments: new StreamedArguments(call.args),
    };
    this.call = open;
    parts.push({ type: 'tool-call-delta', index, id, name: call.name, argumentsDelta: '' });
    this.addPieces(open, call, parts);
    if (!call.willContinue) this.closeCall(parts);
  }

  private addPieces(open: OpenCall, call: GeminiFunctionCall, parts: StreamPart[]): void {
    for (const piece of call.partialArgs ?? []) {
      const delta = open.arguments.add(piece);
      if (delta !== '') pushDelta(open, delta, parts);
    }
  }

  private closeCall(parts: StreamPart[]): void {
    const open = this.call;
    if (open === undefined) return;
    this.call = undefined;
    const delta = open.arguments.close();
    if (delta !== '') pushDelta(open, delta, parts);
    parts.push({
      type: 'tool-call',
      index: open.index,
      toolCall: toolCallOf(open.id, open.name, open.arguments.text(), open.signature),
    });
  }
}

function pushDelta(open: OpenCall, delta: string, parts: StreamPart[]): void {
  parts.push({
    type: 'tool-call-delta',
    index: open.index,
    id: open.id,
    name: open.name,
    argumentsDelta: delta,
  });
}

function toolCallOf(id: string, name: string, text: string, signature: string | undefined): ToolCall {
  const toolCall: ToolCall = { id, name, arguments: text };
  if (signature !== undefined) toolCall.providerMetadata = { gemini: { thoughtSignature: signature } };
  return toolCall;
}
