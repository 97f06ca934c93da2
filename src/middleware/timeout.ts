import { TimeoutError, type TimeoutPhase } from '../errors/timeout-error.js';
import { linkSignal } from '../http/abort.js';
import type { Provider, ProviderCallOptions } from '../types/provider.js';
import type { StreamPart } from '../types/stream-part.js';
import type { Middleware } from './middleware.js';
import { wrapProvider } from './middleware.js';
import { raceAbort } from './sleep.js';

/** Deadlines for one pass through this middleware; each is optional. */
export interface TimeoutOptions {
  /** Whole call (or whole stream) from start to finish. */
  totalMs?: number;
  /** Start to the first content part (keep-alives and role-only preludes do not count). */
  firstContentMs?: number;
  /** Longest gap between two parts of a stream once content has started. */
  idleMs?: number;
}

/**
 * Bounds how long a call may take. Where it sits decides what it bounds: after `retry` it limits each
 * attempt; before it, all of them. A passed deadline aborts the HTTP request and throws `TimeoutError`
 * (kind `timeout`), which retry and fallback treat as transient. For `complete`, the first content is the
 * whole response, so the tighter of `totalMs` and `firstContentMs` applies.
 *
 * @example
 * timeout({ totalMs: 30_000, firstContentMs: 5_000, idleMs: 10_000 })
 */
export function timeout(options: TimeoutOptions): Middleware {
  const { totalMs, firstContentMs, idleMs } = options;
  const completeMs = minDefined(totalMs, firstContentMs);

  return (next: Provider): Provider => {
    function expire(controller: AbortController, phase: TimeoutPhase, ms: number, model: string) {
      controller.abort(new TimeoutError({ phase, timeoutMs: ms, provider: next.name, model }));
    }

    return {
      ...wrapProvider(next),
      async complete(request, callOptions) {
        if (completeMs === undefined) return next.complete(request, callOptions);
        const controller = new AbortController();
        const unlink = linkSignal(callOptions?.signal, controller);
        const phase = completeMs === totalMs ? 'total' : 'first-content';
        const timer = setTimeout(expire, completeMs, controller, phase, completeMs, request.model);
        try {
          return await raceAbort(
            next.complete(request, withSignal(callOptions, controller.signal, completeMs)),
            controller.signal,
          );
        } finally {
          clearTimeout(timer);
          unlink();
        }
      },
      async *stream(request, callOptions): AsyncGenerator<StreamPart> {
        const controller = new AbortController();
        const unlink = linkSignal(callOptions?.signal, controller);
        const totalTimer =
          totalMs === undefined
            ? undefined
            : setTimeout(expire, totalMs, controller, 'total', totalMs, request.model);
        let gapTimer: NodeJS.Timeout | undefined;
        const armGap = (phase: TimeoutPhase, ms: number | undefined) => {
          if (ms !== undefined) gapTimer = setTimeout(expire, ms, controller, phase, ms, request.model);
        };
        const iterator = next
          .stream(request, withSignal(callOptions, controller.signal, totalMs))
          [Symbol.asyncIterator]();
        let finished = false;
        let contentSeen = false;
        try {
          armGap('first-content', firstContentMs);
          for (;;) {
            const result = await raceAbort(iterator.next(), controller.signal);
            clearTimeout(gapTimer);
            if (result.done) {
              finished = true;
              return;
            }
            contentSeen ||= result.value.type !== 'finish';
            // The caller's time holding a part is not the provider's idle time: the gap timer restarts after.
            yield result.value;
            armGap(contentSeen ? 'idle' : 'first-content', contentSeen ? idleMs : firstContentMs);
          }
        } finally {
          clearTimeout(gapTimer);
          clearTimeout(totalTimer);
          unlink();
          if (!finished) {
            // Stopped early (caller broke out, or a deadline passed): make sure the upstream request ends.
            if (!controller.signal.aborted) controller.abort();
            iterator.return?.().catch(() => {});
          }
        }
      },
    };
  };
}

function withSignal(
  callOptions: ProviderCallOptions | undefined,
  signal: AbortSignal,
  withinMs: number | undefined,
): ProviderCallOptions {
  const deadline =
    withinMs === undefined ? callOptions?.deadline : minDefined(callOptions?.deadline, Date.now() + withinMs);
  return { ...callOptions, signal, deadline };
}

function minDefined(first: number | undefined, second: number | undefined): number | undefined {
  if (first === undefined) return second;
  if (second === undefined) return first;
  return Math.min(first, second);
}
