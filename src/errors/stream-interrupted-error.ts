import type { ReasoningBlock, ToolCall } from '../types/message.js';
import { RouterError } from '../types/router-error.js';

/** What a stream had delivered before it failed. */
export interface PartialOutput {
  text: string;
  reasoningText: string;
  /** Tool calls whose arguments were complete. */
  toolCalls: ToolCall[];
  reasoning: ReasoningBlock[];
}

/**
 * A stream failed after content had reached the caller, so it was neither retried nor replayed. Carries
 * the underlying error's kind and what had been received.
 */
export class StreamInterruptedError extends RouterError {
  readonly partial: PartialOutput;

  constructor(options: { cause: RouterError; partial: PartialOutput }) {
    super({
      message: `Stream interrupted after content was delivered: ${options.cause.message}`,
      kind: options.cause.kind,
      provider: options.cause.provider,
      model: options.cause.model,
      status: options.cause.status,
      cause: options.cause,
    });
    this.name = 'StreamInterruptedError';
    this.partial = options.partial;
  }
}
