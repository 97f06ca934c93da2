import { linkSignal } from '../abort/abort-error.js';
import { AbortHandle, abortSourceOf, withAbortHandle } from '../abort/abort-handle.js';
import { AbortRace } from '../abort/abort-race.js';
import { raceAbort } from '../abort/sleep.js';
import { TimeoutError, type TimeoutPhase } from '../errors/timeout-error.js';
import type { Provider, ProviderCallOptions } from '../types/provider.js';
import type { StreamPart } from '../types/stream-part.js';
import { GapTimer } from './gap-timer.js';
import type { Middleware } from './middleware.js';
import { wrapProvider } from './middleware.js';

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
    function expire(handle: AbortHandle, phase: TimeoutPhase, ms: number, model: string) {
      handle.abort(new TimeoutError({ phase, timeoutMs: ms, provider: next.name, model }));
    }

    /** One whole answer (`complete`, `embed`), bounded by the tighter of `totalMs` and `firstContentMs`. */
    async function bounded<T>(
      request: { model: string },
      callOptions: ProviderCallOptions | undefined,
      send: (options: ProviderCallOptions | undefined) => Promise<T>,
    ): Promise<T> {
      if (completeMs === undefined) return send(callOptions);
      // A handle, not an AbortController: a real AbortSignal per attempt costs more than the rest of
      // the router together (see abort-handle.ts).
      const handle = new AbortHandle();
      const unlink = linkSignal(abortSourceOf(callOptions), handle);
      const phase = completeMs === totalMs ? 'total' : 'first-content';
      const timer = setTimeout(expire, completeMs, handle, phase, completeMs, request.model);
      try {
        return await raceAbort(send(withDeadline(callOptions, handle, completeMs)), handle);
      } finally {
        clearTimeout(timer);
        unlink();
      }
    }

    const wrapped: Provider = {
      ...wrapProvider(next),
      complete: (request, callOptions) =>
        bounded(request, callOptions, (options) => next.complete(request, options)),
      async *stream(request, callOptions): AsyncGenerator<StreamPart> {
        const handle = new AbortHandle();
        const unlink = linkSignal(abortSourceOf(callOptions), handle);
        const totalTimer =
          totalMs === undefined
            ? undefined
            : setTimeout(expire, totalMs, handle, 'total', totalMs, request.model);
        // Without gap limits (only `totalMs`) a stream needs no gap clock at all.
        const gap =
          firstContentMs === undefined && idleMs === undefined
            ? undefined
            : new GapTimer((phase, ms) => expire(handle, phase, ms, request.model));
        const race = new AbortRace(handle);
        const iterator = next
          .stream(request, withDeadline(callOptions, handle, totalMs))
          [Symbol.asyncIterator]();
        let finished = false;
        let contentSeen = false;
        try {
          gap?.arm('first-content', firstContentMs);
          for (;;) {
            const result = await race.next(iterator.next());
            gap?.hold();
            if (result.done) {
              finished = true;
              return;
            }
            contentSeen ||= result.value.type !== 'finish';
            // The caller's time holding a part is not the provider's idle time: the gap clock restarts after.
            yield result.value;
            gap?.arm(contentSeen ? 'idle' : 'first-content', contentSeen ? idleMs : firstContentMs);
          }
        } finally {
          gap?.stop();
          clearTimeout(totalTimer);
          race.dispose();
          unlink();
          if (!finished) {
            // Stopped early (caller broke out, or a deadline passed): make sure the upstream request ends.
            handle.abort();
            iterator.return?.().catch(() => {});
          }
        }
      },
    };
    const embed = next.embed;
    if (embed) {
      wrapped.embed = (request, callOptions) =>
        bounded(request, callOptions, (options) => embed.call(next, request, options));
    }
    return wrapped;
  };
}

/** The options for the next layer: aborted by `handle`, due by the tighter of the two deadlines. */
function withDeadline(
  callOptions: ProviderCallOptions | undefined,
  handle: AbortHandle,
  withinMs: number | undefined,
): ProviderCallOptions {
  const options = withAbortHandle(callOptions, handle);
  if (withinMs !== undefined) options.deadline = minDefined(callOptions?.deadline, Date.now() + withinMs);
  return options;
}

function minDefined(first: number | undefined, second: number | undefined): number | undefined {
  if (first === undefined) return second;
  if (second === undefined) return first;
  return Math.min(first, second);
}
