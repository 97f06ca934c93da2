import type { PartialOutput } from '../errors/stream-interrupted-error.js';
import type { Attempt, Target } from '../types/attempt.js';
import { createResponse } from '../types/create-response.js';
import type { ReasoningBlock, ToolCall } from '../types/message.js';
import type { CompletionResponse } from '../types/response.js';
import type { FinishPart, StreamPart } from '../types/stream-part.js';

// Deltas waiting to be joined onto a block's text: a held stream keeps one flat string per block and
// at most this many small strings, not one string and one array slot per part it has yielded.
const pendingLimit = 32;

/**
 * One block's text as it grows: deltas are joined in groups onto one string, so the cost stays linear in
 * the answer's length and the memory is about the text itself, however many parts brought it.
 */
class GrowingText {
  private joined = '';
  private pending: string[] = [];

  get empty(): boolean {
    return this.joined === '' && this.pending.length === 0;
  }

  add(delta: string): void {
    const pending = this.pending;
    pending.push(delta);
    if (pending.length >= pendingLimit) {
      this.joined += pending.join('');
      pending.length = 0;
    }
  }

  text(): string {
    if (this.pending.length > 0) {
      this.joined += this.pending.join('');
      this.pending.length = 0;
    }
    return this.joined;
  }
}

/** Aggregates a stream into the response it amounts to. */
export class StreamAccumulator {
  private text = new GrowingText();
  private reasoningText = new GrowingText();
  private reasoning: ReasoningBlock[] = [];
  private toolCalls: ToolCall[] = [];
  private finish: FinishPart | undefined;

  add(part: StreamPart): void {
    switch (part.type) {
      case 'text-delta':
        this.text.add(part.text);
        break;
      case 'reasoning-delta':
        this.reasoningText.add(part.text);
        break;
      case 'reasoning-end':
        this.reasoning.push(part.block);
        this.reasoningText = new GrowingText();
        break;
      case 'tool-call':
        this.toolCalls.push(part.toolCall);
        break;
      case 'finish':
        this.finish = part;
        break;
      case 'tool-call-delta':
        break;
    }
  }

  /** Forgets everything: the next target starts from nothing. */
  reset(): void {
    this.text = new GrowingText();
    this.reasoningText = new GrowingText();
    this.reasoning = [];
    this.toolCalls = [];
    this.finish = undefined;
  }

  /** What was received so far, for an error raised mid-stream. */
  partial(): PartialOutput {
    const reasoning = this.allReasoning();
    return {
      text: this.text.text(),
      reasoningText: reasoning.map((block) => block.text).join(''),
      toolCalls: [...this.toolCalls],
      reasoning,
    };
  }

  toResponse(target: Target, trail: Attempt[]): CompletionResponse {
    const finish = this.finish;
    const response = createResponse({
      id: finish?.id ?? '',
      provider: target.provider,
      model: finish?.model ?? target.model,
      content: this.text.text(),
      toolCalls: this.toolCalls,
      reasoning: this.allReasoning(),
      finishReason: finish?.finishReason ?? { unified: 'other', raw: undefined },
      usage: finish?.usage ?? { inputTokens: undefined, outputTokens: undefined, totalTokens: undefined },
      warnings: finish?.warnings,
      cached: finish?.cached,
    });
    response.trail = trail;
    return response;
  }

  private allReasoning(): ReasoningBlock[] {
    // Reasoning deltas not closed by a `reasoning-end` (providers without signatures) form a last block.
    if (this.reasoningText.empty) return this.reasoning;
    return [...this.reasoning, { text: this.reasoningText.text() }];
  }
}
