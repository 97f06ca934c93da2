import { abortError } from '../abort/abort-error.js';
import { withAbortHandle } from '../abort/abort-handle.js';
import { isFallbackEligible, toRouterError } from '../errors/classify.js';
import { FallbackExhaustedError } from '../errors/fallback-exhausted-error.js';
import { LocalRateLimitError } from '../errors/local-rate-limit-error.js';
import { UnsupportedCapabilityError } from '../errors/unsupported-capability-error.js';
import type { Target } from '../types/attempt.js';
import type { EmbeddingRequest } from '../types/embedding.js';
import type { CallObserver, Instrumentation } from '../types/instrumentation.js';
import type { ProviderCallOptions } from '../types/provider.js';
import type { CompletionRequest } from '../types/request.js';
import type { RouterError } from '../types/router-error.js';
import type { CallInput, CallSettings, RoutedRequest } from './call-input.js';
import { CallRun } from './call-run.js';
import { CallSignal } from './call-signal.js';
import { missingCapability, requiredCapabilities } from './required-capabilities.js';
import type { ProviderEntry, RouterState } from './router-state.js';
import type { RequiredCapability } from './router-types.js';

/** A target ready to be sent to. */
export interface ReadyTarget<Request extends RoutedRequest = CompletionRequest> {
  target: Target;
  entry: ProviderEntry;
  /** The request with this target's own model name. */
  request: Request;
}

/** What a call does: `complete` and `stream` route completion requests, `embed` embedding requests. */
export type CallOperation = 'complete' | 'stream' | 'embed';

const noCapabilities: readonly RequiredCapability[] = [];

/**
 * One call's walk through its plan: which target is next, what to skip, and whether an error moves on
 * to the next target or ends the call. Shared by `complete` and `stream`.
 */
export class CallPlan<Request extends RoutedRequest = CompletionRequest> {
  readonly run: CallRun;
  readonly signal: CallSignal;
  readonly callOptions: ProviderCallOptions;
  readonly plan: readonly Target[];
  private readonly errors: RouterError[] = [];
  private readonly needed: readonly RequiredCapability[];
  private readonly state: RouterState;
  private readonly settings: CallSettings;
  private readonly request: Request;
  private readonly embeds: boolean;

  constructor(call: CallInput<Request>, operation: CallOperation) {
    const { state, settings, request, options } = call;
    this.state = state;
    this.settings = settings;
    this.request = request;
    this.embeds = operation === 'embed';
    if (this.embeds) validateEmbeddingRequest(request as EmbeddingRequest);
    else validateRequest(request as CompletionRequest);
    this.plan = options?.targets
      ? checkTargets(options.targets, state)
      : this.embeds
        ? state.explainEmbedding(request.model).plan
        : state.explain(request.model).plan;
    this.needed = this.embeds ? noCapabilities : requiredCapabilities(request as CompletionRequest);
    this.run = new CallRun(
      settings.hooks,
      // Instrumentation observes completions; an embedding call has only its trail and hooks.
      this.embeds
        ? undefined
        : observe(settings.instrumentation, operation as 'complete', request as CompletionRequest),
      settings.pricer,
    );
    // Streams always get their own controller: the router must be able to abort them when the consumer stops.
    this.signal = new CallSignal(call, operation === 'stream');
    const callOptions: ProviderCallOptions = {
      deadline: this.signal.deadline,
      headers: options?.headers,
      vendorHeaders: options?.vendorHeaders,
      context: this.run,
    };
    const handle = this.signal.handle;
    if (handle) this.callOptions = withAbortHandle(callOptions, handle);
    else {
      callOptions.signal = this.signal.callerSignal;
      this.callOptions = callOptions;
    }
  }

  /** Prepares target `index`, or records it as skipped and returns the reason. */
  prepare(index: number): ReadyTarget<Request> | RouterError {
    const target = this.plan[index]!;
    const entry = this.state.entries.get(target.provider)!;
    const reason = index === 0 ? 'primary' : 'fallback';
    const missing =
      this.embeds && !entry.chain.embed
        ? 'embeddings'
        : missingCapability(entry.provider.capabilities, this.needed);
    if (missing) {
      const error = new UnsupportedCapabilityError({ ...target, capability: missing });
      this.run.skip(target, reason, error);
      return error;
    }
    this.run.startTarget(reason);
    this.run.contentFilterFails = this.settings.fallbackOnContentFilter && index < this.plan.length - 1;
    const request =
      target.model === this.request.model ? this.request : { ...this.request, model: target.model };
    return { target, entry, request };
  }

  /**
   * Decides what a failure of target `index` means: returns when the call moves on to the next target,
   * throws the error that ends the call otherwise (with the trail attached).
   */
  fail(index: number, thrown: unknown, skipped = false): void {
    const target = this.plan[index]!;
    const error = toRouterError(thrown, target);
    // A breaker or the local rate limit can refuse the first attempt on a target or a retry of it: the
    // call never reached the provider, so the recorder beneath the middleware saw nothing to record.
    if (!skipped && (error.kind === 'circuit_open' || LocalRateLimitError.isInstance(error))) {
      this.run.skip(target, this.run.pendingReason, error);
    }
    this.errors.push(error);
    const abortSignal = this.signal.signal;
    if (abortSignal?.aborted) throw this.withTrail(abortError(abortSignal, target));
    const eligible =
      skipped ||
      isFallbackEligible(error, { fallbackOnContentFilter: this.settings.fallbackOnContentFilter });
    if (!eligible) throw this.withTrail(error);
    const next = this.plan[index + 1];
    if (!next) {
      if (this.plan.length === 1) throw this.withTrail(error);
      throw new FallbackExhaustedError({
        model: this.request.model,
        errors: this.errors,
        trail: this.run.trail,
      });
    }
    this.run.fallingBack({ from: target, to: next, error });
  }

  withTrail<E extends RouterError>(error: E): E {
    error.trail = this.run.trail;
    return error;
  }
}

function observe(
  instrumentation: Instrumentation | undefined,
  operation: 'complete' | 'stream',
  request: CompletionRequest,
): CallObserver | undefined {
  if (!instrumentation) return undefined;
  try {
    return instrumentation.startCall({ operation, request });
  } catch {
    // Instrumentation that fails to start leaves the call unobserved, never failed.
    return undefined;
  }
}

function checkTargets(targets: readonly Target[], state: RouterState): readonly Target[] {
  if (targets.length === 0) throw badRequest('options.targets must not be empty');
  for (const target of targets) {
    if (!state.entries.has(target.provider)) {
      throw badRequest(`options.targets names provider "${target.provider}", which is not registered`);
    }
  }
  return targets;
}

/** Rejects requests that cannot be sent anywhere, with a message that says what is wrong. */
function validateRequest(request: CompletionRequest): void {
  if (typeof request !== 'object' || request === null) throw badRequest('request must be an object');
  if (typeof request.model !== 'string' || request.model === '')
    throw badRequest('request.model must be a non-empty string');
  if (!Array.isArray(request.messages) || request.messages.length === 0) {
    throw badRequest('request.messages must be a non-empty array');
  }
}

function validateEmbeddingRequest(request: EmbeddingRequest): void {
  if (typeof request !== 'object' || request === null) throw badRequest('request must be an object');
  if (typeof request.model !== 'string' || request.model === '')
    throw badRequest('request.model must be a non-empty string');
  const { input, dimensions } = request;
  if (typeof input !== 'string') {
    if (!Array.isArray(input) || input.length === 0) {
      throw badRequest('request.input must be a string or a non-empty array of strings');
    }
    const at = input.findIndex((text) => typeof text !== 'string');
    if (at !== -1) throw badRequest(`request.input[${at}] must be a string`);
  }
  if (dimensions !== undefined && (!Number.isInteger(dimensions) || dimensions < 1)) {
    throw badRequest('request.dimensions must be a positive integer');
  }
}

function badRequest(message: string): RouterError {
  return toRouterError(Object.assign(new Error(`Invalid request: ${message}`), { status: 400 }));
}
