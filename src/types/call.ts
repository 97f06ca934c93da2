import type { Attempt, Target } from './attempt.js';
import type { CompletionResponse } from './response.js';
import type { StreamPart } from './stream-part.js';

/** Per-call options. */
export interface CallOptions {
  /** Cancels the call: aborts the HTTP request, stops retries and ends streams. */
  signal?: AbortSignal;
  /** One deadline for the whole call, across every retry and fallback. */
  deadlineMs?: number;
  /** Extra HTTP headers for every attempt of this call. */
  headers?: Record<string, string>;
  /** Extra HTTP headers only for attempts on adapters of one type (`{ anthropic: { 'anthropic-beta': ... } }`). */
  vendorHeaders?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * Route through exactly these targets, in order, instead of resolving `request.model` (used by layers
   * that walk the plan themselves, such as structured output's re-ask). Middleware still applies.
   */
  targets?: readonly Target[];
}

/** Which rule resolved a model. */
export type ResolutionStep = 'model-map' | 'provider-name' | 'model-scan';

/** What `explain(model)` reports: the rule that matched, and the full ordered plan, without calling anything. */
export interface Explanation {
  requestedModel: string;
  step: ResolutionStep;
  /** Primary target first, then fallbacks in the order they would be tried. */
  plan: Target[];
}

/** A streamed call: iterate it for parts; await `response` for the aggregated result. */
export interface RouterStream extends AsyncIterable<StreamPart> {
  /**
   * The aggregated response once the stream has finished, or the stream's error. Awaiting it without
   * iterating consumes the stream.
   */
  readonly response: Promise<CompletionResponse>;
  /** Attempts so far (final once the stream has ended). */
  readonly trail: readonly Attempt[];
  /** Stops the stream and aborts the upstream request. */
  abort(reason?: unknown): void;
}
