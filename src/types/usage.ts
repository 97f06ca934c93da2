/**
 * Token counts for one response, normalised across providers. A field is `undefined` when the provider
 * did not report it, never a made-up zero.
 */
export interface Usage {
  /** Prompt tokens, cached ones included. */
  inputTokens: number | undefined;
  /** Prompt tokens served from the provider's cache (a subset of `inputTokens`). */
  cachedInputTokens?: number;
  /** Prompt tokens written to the provider's cache (Anthropic cache creation; a subset of `inputTokens`). */
  cacheWriteTokens?: number;
  /** Generated tokens, reasoning included. */
  outputTokens: number | undefined;
  /** Generated tokens spent on reasoning (a subset of `outputTokens`). */
  reasoningTokens?: number;
  totalTokens: number | undefined;
}

/** Why generation stopped: a unified value plus the provider's own word. */
export interface FinishReason {
  unified: 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'error' | 'other';
  /** The provider's raw value (`end_turn`, `STOP`, `tool_calls`, ...). */
  raw: string | undefined;
}
