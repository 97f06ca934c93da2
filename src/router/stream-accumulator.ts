import type { PartialOutput } from '../errors/stream-interrupted-error.js';
import type { Attempt, Target } from '../types/attempt.js';
import { createResponse } from '../types/create-response.js';
import type { ReasoningBlock, ToolCall } from '../types/message.js';
import type { CompletionResponse } from '../types/response.js';
import type { FinishPart, StreamPart } from '../types/stream-part.js';

/**
 * Aggregates a stream into the response it amounts to. Deltas are kept as lists and joined once at the
 * end, so the cost stays linear in the answer's length however many parts it has.
 */
export class StreamAccumulator {
  private text: string[] = [];
  private reasoningText: string[] = [];
  private reasoning: ReasoningBlock[] = [];
  private toolCalls: ToolCall[] = [];
  private finish: FinishPart | undefined;

  add(part: StreamPart): void {
    switch (part.type) {
      case 'text-delta':
        this.text.push(part.text);
        break;
      case 'reasoning-delta':
        this.reasoningText.push(part.text);
        break;
      case 'reasoning-end':
        this.reasoning.push(part.block);
        this.reasoningText = [];
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
    this.text = [];
    this.reasoningText = [];
    this.reasoning = [];
    this.toolCalls = [];
    this.finish = undefined;
  }

  /** What was received so far, for an error raised mid-stream. */
  partial(): PartialOutput {
    const reasoning = this.allReasoning();
    return {
      text: this.text.join(''),
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
      content: this.text.join(''),
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
    if (this.reasoningText.length === 0) return this.reasoning;
    return [...this.reasoning, { text: this.reasoningText.join('') }];
  }
}
