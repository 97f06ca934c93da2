import { abortSourceOf } from '../abort/abort-handle.js';
import { sleep } from '../abort/sleep.js';
import { isRetryable, toRouterError } from '../errors/classify.js';
import type { Provider, ProviderCallOptions } from '../types/provider.js';
import type { RouterError } from '../types/router-error.js';
import type { StreamPart } from '../types/stream-part.js';
import { fullJitterDelay } from './backoff.js';
import type { Middleware } from './middleware.js';
import { wrapProvider } from './middleware.js';

/** Settings for {@link retry}. */
export interface RetryOptions {
  /** Total attempts per target, the first included. Default 3. */
  attempts?: number;
  /** Backoff base; the n-th retry waits up to `baseDelayMs * 2^(n-1)`. Default 1,000. */
  baseDelayMs?: number;
  /** Ceiling of the backoff delay. Default 30,000. */
  maxDelayMs?: number;
  /**
   * Longest `Retry-After` worth waiting for. A provider asking for more is skipped at once so the router
   * falls back instead of stalling. Default 30,000.
   */
  maxRetryAfterMs?: number;
  /** Overrides the error table's verdict on whether an error is worth retrying. */
  shouldRetry?: (error: RouterError) => boolean;
  /** Randomness for jitter, in [0, 1). Default `Math.random`. */
  random?: () => number;
}

/**
 * Retries transient failures of the same target: rate limits, overload, server errors, timeouts and
 * network errors (DESIGN.md's table), with exponential backoff and full jitter. Honours `retry-after-ms`,
 * `retry-after` and `x-should-retry`; never sleeps past the call's deadline; never retries a cancelled
 * call. Streams are retried only until their first part reaches the caller.
 *
 * @example
 * createRouter({ providers, middleware: [retry({ attempts: 3, baseDelayMs: 1_000 })] });
 */
export function retry(options: RetryOptions = {}): Middleware {
  const attempts = Math.max(1, Math.floor(options.attempts ?? 3));
  const backoff = {
    baseDelayMs: options.baseDelayMs ?? 1_000,
    maxDelayMs: options.maxDelayMs ?? 30_000,
    random: options.random ?? Math.random,
  };
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
  const shouldRetry = options.shouldRetry ?? isRetryable;

  /** The wait before the next attempt, or `undefined` when the error should end the retries. */
  function delayBefore(
    error: RouterError,
    failedAttempt: number,
    callOptions: ProviderCallOptions | undefined,
  ): number | undefined {
    if (failedAttempt >= attempts || abortSourceOf(callOptions)?.aborted) return undefined;
    if (error.kind === 'cancelled' || error.kind === 'circuit_open' || !shouldRetry(error)) return undefined;
    // Another member of the group (another key) can take the call now: better than waiting here.
    if (error.kind === 'rate_limited' && callOptions?.context?.moveOnRateLimit) return undefined;
    let delay: number;
    if (error.retryAfterMs !== undefined) {
      if (error.retryAfterMs > maxRetryAfterMs) return undefined;
      delay = error.retryAfterMs;
    } else {
      delay = fullJitterDelay(failedAttempt, backoff);
    }
    const deadline = callOptions?.deadline;
    if (deadline !== undefined && Date.now() + delay >= deadline) return undefined;
    return delay;
  }

  return (next: Provider): Provider => {
    async function waitToRetry(
      request: { model: string },
      callOptions: ProviderCallOptions | undefined,
      failure: { error: RouterError; attempt: number; delay: number },
    ): Promise<void> {
      callOptions?.context?.retrying({
        target: { provider: next.name, model: request.model },
        attempt: failure.attempt,
        error: failure.error,
        delayMs: failure.delay,
      });
      await sleep(failure.delay, abortSourceOf(callOptions));
    }

    /** Calls `send` until it succeeds or the error table, the attempts or the deadline say stop. */
    async function withRetries<T>(
      request: { model: string },
      callOptions: ProviderCallOptions | undefined,
      send: () => Promise<T>,
    ): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        try {
          return await send();
        } catch (thrown) {
          const error = toRouterError(thrown, { provider: next.name, model: request.model });
          const delay = delayBefore(error, attempt, callOptions);
          if (delay === undefined) throw error;
          await waitToRetry(request, callOptions, { error, attempt, delay });
        }
      }
    }

    const wrapped: Provider = {
      ...wrapProvider(next),
      complete: (request, callOptions) =>
        withRetries(request, callOptions, () => next.complete(request, callOptions)),
      async *stream(request, callOptions): AsyncGenerator<StreamPart> {
        for (let attempt = 1; ; attempt++) {
          let delivered = false;
          try {
            for await (const part of next.stream(request, callOptions)) {
              delivered = true;
              yield part;
            }
            return;
          } catch (thrown) {
            const error = toRouterError(thrown, { provider: next.name, model: request.model });
            // Once the caller has seen output, a retry would replay it: the failure is theirs to see.
            const delay = delivered ? undefined : delayBefore(error, attempt, callOptions);
            if (delay === undefined) throw error;
            await waitToRetry(request, callOptions, { error, attempt, delay });
          }
        }
      },
    };
    const embed = next.embed;
    if (embed) {
      wrapped.embed = (request, callOptions) =>
        withRetries(request, callOptions, () => embed.call(next, request, callOptions));
    }
    return wrapped;
  };
}
