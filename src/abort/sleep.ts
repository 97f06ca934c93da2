import { abortError } from './abort-error.js';
import type { AbortSource } from './abort-handle.js';

/**
 * Waits `ms`, or rejects as soon as `signal` aborts (with the abort's reason as a `RouterError`). Leaves
 * no timer or listener behind either way.
 */
export function sleep(ms: number, signal?: AbortSource): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortError(signal, {}));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal!, {}));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Settles with `promise`, or rejects when `signal` aborts, whichever comes first. Guards against providers
 * that ignore their signal: the call still ends on time, and the late result is dropped.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSource | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(noop);
    return Promise.reject(abortError(signal, {}));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      promise.catch(noop);
      reject(abortError(signal, {}));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function noop(): void {}
