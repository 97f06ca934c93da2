import { RouterError } from '../types/router-error.js';

const marker = Symbol.for('llmrouter.error.local-rate-limit');

/**
 * This process's own rate limit (`rateLimit()`) refused the call: it was never sent. Kind `rate_limited`,
 * so the router falls back, with `retryAfterMs` saying when the limit has room again.
 */
export class LocalRateLimitError extends RouterError {
  readonly [marker] = true;

  constructor(options: {
    provider: string;
    model: string | undefined;
    retryAfterMs: number;
    limits: string;
  }) {
    super({
      message: `Local rate limit (${options.limits}) reached for ${options.provider}${options.model ? `/${options.model}` : ''}; room again in ${options.retryAfterMs} ms. The call was not sent.`,
      kind: 'rate_limited',
      provider: options.provider,
      model: options.model,
      retryAfterMs: options.retryAfterMs,
      // retry() would otherwise retry a rate_limited error on the same target at once (or after
      // retryAfterMs): the limiter has already decided how long this call may wait, so a retry could only
      // sleep past that decision or spend another slot. Falling back is what the caller configured.
      shouldRetry: false,
    });
    this.name = 'LocalRateLimitError';
  }

  /** True for a local rate-limit refusal, even one from another copy of the package. */
  static override isInstance(error: unknown): error is LocalRateLimitError {
    return RouterError.isInstance(error) && (error as unknown as Record<symbol, unknown>)[marker] === true;
  }
}
