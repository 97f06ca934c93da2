import type { ProviderCallOptions } from '../types/provider.js';

/**
 * The part of `AbortSignal` the router's own code reads: a real signal, or an {@link AbortHandle}. undici
 * accepts either (it needs `aborted`, `reason` and the two listener methods).
 */
export interface AbortSource {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

const handleKey = Symbol('llmrouter.abortHandle');

type EveryField<T> = { [K in keyof Required<T>]: T[K] | undefined };

/**
 * The router's own abort source for one call or one attempt. On Node 20 every `AbortSignal` costs about
 * 2 µs to create and its `EventTarget` listeners cost more again, which on a 50 µs call is the largest
 * thing the router adds. A handle is a plain object with a listener list; the real `AbortSignal` behind
 * `signal` is created only when code outside the router reads it (a custom provider handing it to
 * `fetch`), and aborts with the handle.
 */
export class AbortHandle implements AbortSource {
  aborted = false;
  reason: unknown = undefined;
  private listeners: (() => void)[] | undefined = undefined;
  private controller: AbortController | undefined = undefined;

  /** A real `AbortSignal` that aborts with this handle, created on first use. */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason ?? new DOMException('This operation was aborted', 'AbortError');
    const listeners = this.listeners;
    this.listeners = undefined;
    this.controller?.abort(this.reason);
    if (!listeners) return;
    for (const listener of listeners) {
      try {
        listener();
      } catch (error) {
        // As EventTarget does: one failing listener neither stops the others nor reaches the aborter.
        process.nextTick(() => {
          throw error;
        });
      }
    }
  }

  /** Listeners run once, on abort; one added after the abort never runs (as with `AbortSignal`). */
  addEventListener(_type: 'abort', listener: () => void): void {
    if (this.aborted) return;
    if (this.listeners) this.listeners.push(listener);
    else this.listeners = [listener];
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const listeners = this.listeners;
    if (!listeners) return;
    const index = listeners.lastIndexOf(listener);
    if (index !== -1) listeners.splice(index, 1);
  }
}

// One getter for every HandleCallOptions: an own, enumerable accessor, so a spread copy of the options
// (a custom middleware adding headers) reads the real signal into the copy.
const signalProperty: PropertyDescriptor = {
  get(this: HandleCallOptions): AbortSignal {
    return this[handleKey].signal;
  },
  enumerable: true,
  configurable: true,
};

/**
 * Call options aborted by an {@link AbortHandle}. Their `signal` is a getter, so nothing pays for a real
 * `AbortSignal` unless it reads one. A class with one shared getter: an object literal with its own
 * getter (or a spread adding a key) costs about ten times as much on Node 20.
 */
class HandleCallOptions implements EveryField<ProviderCallOptions> {
  declare readonly signal: AbortSignal;
  deadline: number | undefined;
  headers: Record<string, string> | undefined;
  vendorHeaders: ProviderCallOptions['vendorHeaders'];
  context: ProviderCallOptions['context'];
  readonly [handleKey]: AbortHandle;

  constructor(base: ProviderCallOptions | undefined, handle: AbortHandle) {
    Object.defineProperty(this, 'signal', signalProperty);
    this.deadline = base?.deadline;
    this.headers = base?.headers;
    this.vendorHeaders = base?.vendorHeaders;
    this.context = base?.context;
    this[handleKey] = handle;
  }
}

/** Call options like `base` (every field copied) whose abort source is `handle`. */
export function withAbortHandle(
  base: ProviderCallOptions | undefined,
  handle: AbortHandle,
): ProviderCallOptions {
  return new HandleCallOptions(base, handle);
}

/**
 * What aborts a call made with `options`: the router's handle when these are options it built, their
 * `signal` otherwise. A middleware that copies the options (`{ ...options, headers }`) passes on the real
 * signal the getter made, and one that replaces `signal` is obeyed.
 */
export function abortSourceOf(options: ProviderCallOptions | undefined): AbortSource | undefined {
  if (options instanceof HandleCallOptions) return options[handleKey];
  return options?.signal;
}

/** A real `AbortSignal` for APIs that demand one (`fetch`), from any abort source. */
export function realSignal(source: AbortSource | undefined): AbortSignal | undefined {
  return source instanceof AbortHandle ? source.signal : (source as AbortSignal | undefined);
}
