import { type AbortHandle, realSignal } from '../abort/abort-handle.js';
import type { CallOptions, Explanation, RouterStream } from '../types/call.js';
import type { EmbeddingRequest, EmbeddingResponse } from '../types/embedding.js';
import type { CompletionRequest } from '../types/request.js';
import type { CompletionResponse } from '../types/response.js';
import type { CallParameters } from './call-input.js';
import type { Router } from './router-types.js';

/**
 * Call options as code inside this package passes them: the public ones with `abort` in place of
 * `signal`, so the gateway can hand the router its per-request {@link AbortHandle} as what it is. Not
 * exported from any entry point.
 */
export interface InternalCallOptions extends CallParameters {
  abort?: AbortHandle | AbortSignal;
}

/** A router's calls taking {@link InternalCallOptions}, registered by `createRouter`. */
export interface InternalCalls {
  complete(request: CompletionRequest, options: InternalCallOptions): Promise<CompletionResponse>;
  stream(request: CompletionRequest, options: InternalCallOptions): RouterStream;
  /**
   * How a model resolves, from the router's cache and without live figures (budgets): what the
   * gateway checks per request. Throws `NoSuchModelError` like `explain`.
   */
  plan(model: string): Explanation;
  embed(request: EmbeddingRequest, options: InternalCallOptions): Promise<EmbeddingResponse>;
}

// Weakly held, so a router dropped by its owner is not kept alive by having been made here.
const registered = new WeakMap<Router, InternalCalls>();

/** Makes `calls` the internal entry of `router`. */
export function registerInternalCalls(router: Router, calls: InternalCalls): void {
  registered.set(router, calls);
}

/**
 * The calls of `router` that take {@link InternalCallOptions}. A router not made by `createRouter` (a
 * wrapper, a double) only has the public entry: its calls get a real signal, and are made once.
 *
 * @example
 * const response = await internalCalls(router).complete(request, { abort: handle });
 */
export function internalCalls(router: Router): InternalCalls {
  let calls = registered.get(router);
  if (!calls) {
    calls = throughPublicEntry(router);
    registered.set(router, calls);
  }
  return calls;
}

function throughPublicEntry(router: Router): InternalCalls {
  return {
    complete: (request, options) => router.complete(request, publicOptions(options)),
    stream: (request, options) => router.stream(request, publicOptions(options)),
    plan: (model) => router.explain(model),
    embed: (request, options) => router.embed(request, publicOptions(options)),
  };
}

function publicOptions(options: InternalCallOptions): CallOptions {
  const { abort, ...parameters } = options;
  const signal = realSignal(abort);
  return signal ? { ...parameters, signal } : parameters;
}
