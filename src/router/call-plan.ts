import { abortError } from '../abort/abort-error.js';
import { withAbortHandle } from '../abort/abort-handle.js';
import { isFallbackEligible, toRouterError } from '../errors/classify.js';
import { FallbackExhaustedError } from '../errors/fallback-exhausted-error.js';
import { GroupOnHoldError } from '../errors/group-on-hold-error.js';
import { LocalRateLimitError } from '../errors/local-rate-limit-error.js';
import { UnsupportedCapabilityError } from '../errors/unsupported-capability-error.js';
import type { Target } from '../types/attempt.js';
import type { EmbeddingRequest } from '../types/embedding.js';
import type { Instrumentation } from '../types/instrumentation.js';
import type { ProviderCallOptions } from '../types/provider.js';
import type { CompletionRequest } from '../types/request.js';
import type { RouterError } from '../types/router-error.js';
import type { RoutedCallObserver } from './attempt/attempt-log.js';
import type { CallInput, CallSettings, RoutedRequest } from './call-input.js';
import { CallRun } from './call-run.js';
import { CallSignal } from './call-signal.js';
import { ContextFit } from './context-fit.js';
import type { GroupMember } from './groups/group-member.js';
import type { MemberGroup } from './groups/member-group.js';
import { missingCapability, requiredCapabilities } from './required-capabilities.js';
import type { ProviderEntry, RouterState } from './router-state.js';
import type { RequiredCapability } from './router-types.js';
import { constrainPlan } from './target-constraints.js';

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
  /** The group the model resolves to, and its members in this call's order (the plan's first entries). */
  private readonly group: MemberGroup | undefined;
  private members: readonly GroupMember[] = [];
  /** Where the plan's last member sits: a rate-limited member before it moves on at once. */
  private lastMember = -1;
  /**
   * The members the call is on now, by plan index, each reserved until the call leaves it. A hedged call
   * runs two at once, so each attempt keeps its own. Made on the first member: a call outside a group
   * allocates nothing for it.
   */
  private onMembers: Map<number, GroupMember> | undefined;
  /** Windows too small for this request, when any target's might be (see {@link ContextFit}). */
  private fit: ContextFit | undefined;

  constructor(call: CallInput<Request>, operation: CallOperation) {
    const { state, settings, request, options } = call;
    this.state = state;
    this.settings = settings;
    this.request = request;
    this.embeds = operation === 'embed';
    if (this.embeds) validateEmbeddingRequest(request as EmbeddingRequest);
    else validateRequest(request as CompletionRequest);
    let planned: readonly Target[];
    if (options?.targets) planned = checkTargets(options.targets, state);
    else if (this.embeds) planned = state.explainEmbedding(request.model).plan;
    else {
      planned = state.explain(request.model).plan;
      this.group = state.groups.get(request.model);
      if (this.group) {
        this.members = this.group.order(operation as 'complete' | 'stream', request as CompletionRequest);
        planned = withMembers(this.members, planned.slice(this.group.members.length));
        if (planned.length === 0) throw onHold(this.group);
      }
    }
    this.plan = constrainPlan({
      model: request.model,
      plan: planned,
      entries: state.entries,
      constraints: options,
    });
    if (this.plan !== planned) {
      // Constraints may drop or reorder members: keep those left, in the plan's order.
      const members = this.members;
      this.members = this.plan.flatMap((target) => members.filter((member) => member.target === target));
    }
    if (this.members.length > 0) this.lastMember = this.plan.indexOf(this.members.at(-1)!.target);
    if (!this.embeds) this.fit = ContextFit.of(this.fitInput());
    this.needed = this.embeds ? noCapabilities : requiredCapabilities(request as CompletionRequest);
    this.run = new CallRun(
      settings.hooks,
      observe(settings.instrumentation, operation, request),
      settings.pricer,
    );
    if (this.group) this.run.watcher = this.group.watchers[operation as 'complete' | 'stream'];
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

  /** Pending while a long prompt is counted with a real tokenizer; await it before the first target. */
  get ready(): Promise<void> | undefined {
    return this.fit?.sizing;
  }

  /** Prepares target `index`, or records it as skipped and returns the reason. */
  prepare(index: number): ReadyTarget<Request> | RouterError {
    const target = this.plan[index]!;
    const entry = this.state.memberEntries.get(target) ?? this.state.entries.get(target.provider)!;
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
    const tooSmall = this.fit?.check(target);
    if (tooSmall) {
      this.run.skip(target, reason, tooSmall);
      return tooSmall;
    }
    const member = this.members.find((candidate) => candidate.target === target);
    if (member) {
      this.group!.acquire(member);
      this.onMembers ??= new Map();
      this.onMembers.set(index, member);
      this.run.moveOnRateLimit = index < this.lastMember;
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
    this.leaveMember(index, error);
    // A breaker or the local rate limit can refuse the first attempt on a target or a retry of it: the
    // call never reached the provider, so the recorder beneath the middleware saw nothing to record.
    if (!skipped && (error.kind === 'circuit_open' || LocalRateLimitError.isInstance(error))) {
      this.run.skip(target, this.run.pendingReason, error);
    }
    this.errors.push(error);
    if (!skipped && !this.embeds && error.kind === 'context_length') {
      // The provider's own verdict: only a larger window than this one's may take the prompt now.
      this.fit ??= ContextFit.afterRejection(this.fitInput());
      this.fit.rejectedBy(target);
    }
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

  /** The call is over: frees every member it still holds (a winner, a hedge it aborted) and its signal. */
  dispose(): void {
    if (this.onMembers) for (const index of this.onMembers.keys()) this.leaveMember(index, undefined);
    this.signal.dispose();
  }

  /** The call leaves the member of plan entry `index`, if it is on one; a failure may put it on hold. */
  private leaveMember(index: number, error: RouterError | undefined): void {
    const member = this.onMembers?.get(index);
    if (!member) return;
    this.onMembers!.delete(index);
    if (error) this.group!.failed(member, error);
    this.group!.release(member);
  }

  private fitInput() {
    const { request, plan, state, settings } = this;
    // Only completion calls are fitted to windows (the callers check `embeds`).
    return {
      request: request as CompletionRequest,
      plan,
      entries: state.entries,
      windows: settings.contextWindows,
    };
  }

  /** Every target has failed and none is left running: the call's end, with every error. */
  exhausted(): FallbackExhaustedError {
    return new FallbackExhaustedError({
      model: this.request.model,
      errors: this.errors,
      trail: this.run.trail,
    });
  }

  withTrail<E extends RouterError>(error: E): E {
    error.trail = this.run.trail;
    return error;
  }
}

function observe(
  instrumentation: Instrumentation | undefined,
  operation: CallOperation,
  request: RoutedRequest,
): RoutedCallObserver | undefined {
  if (!instrumentation) return undefined;
  try {
    if (operation === 'embed')
      return instrumentation.startEmbedding?.({ request: request as EmbeddingRequest });
    return instrumentation.startCall({ operation, request: request as CompletionRequest });
  } catch {
    // Instrumentation that fails to start leaves the call unobserved, never failed.
    return undefined;
  }
}

function onHold(group: MemberGroup): GroupOnHoldError {
  const holds = group.members.map((member) => ({
    member: member.name,
    reason: member.heldFor ?? 'circuit_open',
    until: member.heldUntil,
  }));
  return new GroupOnHoldError({ group: group.name, holds });
}

function withMembers(members: readonly GroupMember[], fallbacks: readonly Target[]): readonly Target[] {
  const plan: Target[] = [];
  for (const member of members) plan.push(member.target);
  for (const fallback of fallbacks) plan.push(fallback);
  return plan;
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
