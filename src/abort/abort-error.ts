import { CancelledError } from '../errors/cancelled-error.js';
import { RouterError } from '../types/router-error.js';
import type { AbortSource } from './abort-handle.js';

/**
 * The error a provider throws when its signal fired. Middleware aborts with a `RouterError` reason
 * (a `TimeoutError`, say) so that reason surfaces as is; any other abort is the caller cancelling.
 */
export function abortError(signal: AbortSource, target: { provider?: string; model?: string }): RouterError {
  const reason: unknown = signal.reason;
  if (RouterError.isInstance(reason)) return reason;
  return new CancelledError({ ...target, cause: reason });
}

/**
 * Links a child controller to a parent signal: the child aborts with the parent's reason. Returns the
 * function that removes the listener, so no listener outlives the call.
 */
export function linkSignal(
  parent: AbortSource | undefined,
  child: { abort(reason?: unknown): void },
): () => void {
  if (!parent) return noop;
  if (parent.aborted) {
    child.abort(parent.reason);
    return noop;
  }
  const onAbort = () => child.abort(parent.reason);
  parent.addEventListener('abort', onAbort, { once: true });
  return () => parent.removeEventListener('abort', onAbort);
}

function noop(): void {}
