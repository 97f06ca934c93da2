import type { ReasoningBlock, ToolCall } from '../../types/message.js';
import type { FinishPart, StreamPart } from '../../types/stream-part.js';
import type { GeminiFunctionCall, GeminiPart, GeminiResponse, GeminiUsageMetadata } from './api-types.js';
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
 * Turns Gemini response chunks into stream parts. A whole `:generateContent` body is one chunk, so the
 * same machine serves `complete()`.
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
 * - `usageMetadata` is cumulative: the last chunk with counts wins. The stream is complete only once a
 *   candidate carried a `finishReason` (Gemini has no terminator event).
 *
 * @example
 * const state = new GeminiStreamState();
 * for (const chunk of chunks) parts.push(...state.accept(chunk));
 * if (state.finished) parts.push(...state.flush(), state.finishPart());
 */
export class GeminiStreamState {
  private callCount = 0;
  private call: OpenCall | undefined;
  private reasoning: string[] | undefined;
  private finishReason: string | undefined;
  private usage: GeminiUsageMetadata | undefined;
  private id: string | undefined;
  private model: string | undefined;
  /** `promptFeedback.blockReason` of a chunk that had no candidate: the prompt itself was refused. */
  blockReason: string | undefined;
  /** `promptFeedback.blockReasonMessage` to go with it. */
  blockMessage: string | undefined;

  /** Whether a candidate carried a `finishReason`, which is what marks a Gemini stream complete. */
  get finished(): boolean {
    return this.finishReason !== undefined;
  }

  /** The parts one chunk produces. */
  accept(chunk: GeminiResponse): StreamPart[] {
    const parts: StreamPart[] = [];
    if (chunk.responseId !== undefined) this.id = chunk.responseId;
    if (chunk.modelVersion !== undefined) this.model = chunk.modelVersion;
    if (chunk.usageMetadata !== undefined && hasCounts(chunk.usageMetadata)) this.usage = chunk.usageMetadata;
    const candidate = chunk.candidates?.[0];
    if (candidate === undefined) {
      const feedback = chunk.promptFeedback;
      if (feedback?.blockReason !== undefined) {
        this.blockReason = feedback.blockReason;
        this.blockMessage = feedback.blockReasonMessage;
      }
      return parts;
    }
    for (const part of candidate.content?.parts ?? []) this.acceptPart(part, parts);
    if (candidate.finishReason !== undefined) {
      this.finishReason = candidate.finishReason;
      this.flushInto(parts);
    }
    return parts;
  }

  /** Closes whatever is still open (a reasoning block, a streamed call). Safe to call more than once. */
  flush(): StreamPart[] {
    const parts: StreamPart[] = [];
    this.flushInto(parts);
    return parts;
  }

  /** The `finish` part: finish reason, last usage, response id and model. */
  finishPart(): FinishPart {
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
