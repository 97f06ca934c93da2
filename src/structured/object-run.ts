import { isFallbackEligible, toRouterError } from '../errors/classify.js';
import { FallbackExhaustedError } from '../errors/fallback-exhausted-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { UnsupportedCapabilityError } from '../errors/unsupported-capability-error.js';
import type { Attempt, Target } from '../types/attempt.js';
import type { CallOptions } from '../types/call.js';
import type { ObjectRequest, StructuredMode } from '../types/object.js';
import type { CompletionRequest } from '../types/request.js';
import type { RouterError } from '../types/router-error.js';
import type { FinishReason } from '../types/usage.js';
import { evaluateAnswer } from './evaluate-answer.js';
import { formatIssue } from './object-issue.js';
import type { ObjectRouter } from './object-router.js';
import { type ResolvedSchema, resolveObjectSchema } from './object-schema.js';
import { ObjectTrail } from './object-trail.js';
import { ObjectValidationError, type RejectedAnswer } from './object-validation-error.js';
import { reaskFeedback, reaskMessages } from './reask-feedback.js';
import { capabilityOf, requestForMode, structuredModeFor, weakerMode } from './structured-mode.js';

/** The default number of re-asks per target. */
export const DEFAULT_MAX_REASKS = 2;

/** One question for the router: a request routed to exactly one target. */
export interface ObjectQuestion {
  target: Target;
  request: CompletionRequest;
  options: CallOptions;
}

/** An answer to judge. */
export interface ObjectAnswer {
  text: string;
  finishReason: FinishReason;
  /** The trail of the router call that produced it. */
  records: readonly Attempt[];
}

/**
 * The walk of one object call through its plan, shared by `completeObject` and `streamObject`: which
 * target and mode come next, when to re-ask the same target (with feedback, or with more room after a
 * cut-off answer), when to move on, and the error that ends it. The caller only sends each question and
 * reports what came back.
 */
export class ObjectRun {
  readonly trail = new ObjectTrail();
  readonly schema: ResolvedSchema;
  private readonly plan: readonly Target[];
  private readonly repair: boolean;
  private readonly maxReasks: number;
  private readonly fallback: boolean;
  private readonly deadline: number | undefined;
  private readonly rejected: RejectedAnswer[] = [];
  private readonly errors: RouterError[] = [];
  private targetIndex = 0;
  private mode: StructuredMode = 'json_schema';
  private reasks = 0;
  private reason: Attempt['reason'] = 'primary';
  /** The request for the current target and mode, before any re-ask. */
  private base!: CompletionRequest;
  private current!: CompletionRequest;

  constructor(
    private readonly router: ObjectRouter,
    private readonly request: ObjectRequest,
  ) {
    this.schema = resolveObjectSchema(request.schema);
    this.repair = request.repair ?? true;
    this.maxReasks = request.maxReasks ?? DEFAULT_MAX_REASKS;
    if (!Number.isInteger(this.maxReasks) || this.maxReasks < 0) {
      throw badRequest('maxReasks must be a whole number, 0 or more');
    }
    this.fallback = request.fallback ?? true;
    const deadlineMs = request.call?.deadlineMs;
    this.deadline = deadlineMs === undefined ? undefined : Date.now() + deadlineMs;
    this.plan = request.call?.targets ?? router.explain(request.model).plan;
    if (this.plan.length === 0) throw badRequest('call.targets must not be empty');
    this.enterTarget(0);
  }

  /** The next question, or `undefined` when every target has been tried. */
  next(): ObjectQuestion | undefined {
    const target = this.plan[this.targetIndex];
    if (!target) return undefined;
    const options: CallOptions = { ...this.request.call, targets: [target] };
    if (this.deadline !== undefined) {
      const remaining = this.deadline - Date.now();
      if (remaining <= 0) {
        const error = new TimeoutError({ phase: 'deadline', timeoutMs: this.request.call!.deadlineMs! });
        throw this.withTrail(error);
      }
      options.deadlineMs = remaining;
    }
    return { target, request: this.current, options };
  }

  /**
   * The router call failed. Returns when the run goes on (a weaker mode for the same target, or the
   * next target); throws the error that ends the object call otherwise. `final` (a stream that already
   * delivered partial objects) ends it at once.
   */
  failed(thrown: unknown, options: { final: boolean }): void {
    const target = this.plan[this.targetIndex]!;
    const error = toRouterError(thrown, target);
    this.trail.append(error.trail, { reason: this.reason });
    if (options.final || this.request.call?.signal?.aborted) throw this.withTrail(error);
    if (error instanceof UnsupportedCapabilityError) {
      const weaker = error.capability === capabilityOf(this.mode) ? weakerMode(this.mode) : undefined;
      if (weaker) {
        this.setMode(weaker);
        return;
      }
    }
    const skipped = error instanceof UnsupportedCapabilityError || error.kind === 'circuit_open';
    if (!skipped && !isFallbackEligible(error)) throw this.withTrail(error);
    this.errors.push(error);
    this.advance();
  }

  /**
   * Judges an answer. Resolves with the object when it is accepted; otherwise decides what to ask next
   * and resolves with `undefined`. `final` (a stream that already delivered partial objects) makes a
   * rejection end the call with `ObjectValidationError`.
   */
  async answered(
    answer: ObjectAnswer,
    options: { final: boolean },
  ): Promise<{ object: unknown } | undefined> {
    const answering = this.trail.append(answer.records, { reason: this.reason });
    const reasked = this.reasks > 0;
    if (reasked) this.trail.mark(answering, 'reasked');
    const evaluation = await evaluateAnswer({
      text: answer.text,
      finishReason: answer.finishReason,
      schema: this.schema,
      repair: this.repair,
    });
    if (evaluation.ok) {
      if (evaluation.repaired) this.trail.mark(answering, 'repaired');
      return { object: evaluation.object };
    }
    const first = evaluation.issues[0];
    const more = evaluation.issues.length > 1 ? ` (+${evaluation.issues.length - 1} more)` : '';
    this.trail.mark(answering, 'schema_invalid', first ? `${formatIssue(first)}${more}` : undefined);
    const target = this.plan[this.targetIndex]!;
    this.rejected.push({
      provider: target.provider,
      model: target.model,
      text: answer.text,
      problem: evaluation.problem,
      issues: evaluation.issues,
    });
    if (options.final) throw this.exhausted();
    this.decideAfterRejection(answer.text, evaluation);
    return undefined;
  }

  /** The error that ends a run whose every target has been tried. */
  exhausted(): RouterError {
    const trail = this.trail.attempts;
    if (this.rejected.length > 0) {
      return new ObjectValidationError({
        model: this.request.model,
        rejected: this.rejected,
        errors: this.errors,
        trail,
      });
    }
    if (this.errors.length === 1) return this.withTrail(this.errors[0]!);
    return new FallbackExhaustedError({ model: this.request.model, errors: this.errors, trail });
  }

  private decideAfterRejection(
    text: string,
    evaluation: Extract<Awaited<ReturnType<typeof evaluateAnswer>>, { ok: false }>,
  ): void {
    // Asking again after a cut-off answer with the same limit would cut it off at the same place. With a
    // limit the caller chose, the limit is doubled; with the provider's own there is nothing to raise.
    const limit = this.current.maxTokens;
    if (this.reasks >= this.maxReasks || (evaluation.problem === 'truncated' && limit === undefined)) {
      this.advance();
      return;
    }
    if (evaluation.problem === 'truncated') {
      this.reasks++;
      this.reason = 'retry';
      this.current = { ...this.current, maxTokens: limit! * 2 };
      return;
    }
    this.reasks++;
    this.reason = 'retry';
    this.current = {
      ...this.current,
      messages: reaskMessages({
        messages: this.base.messages,
        answer: text,
        feedback: reaskFeedback({ problem: evaluation.problem, issues: evaluation.issues }),
      }),
    };
  }

  private advance(): void {
    if (!this.fallback) {
      this.targetIndex = this.plan.length;
      return;
    }
    this.enterTarget(this.targetIndex + 1);
  }

  private enterTarget(index: number): void {
    this.targetIndex = index;
    const target = this.plan[index];
    if (!target) return;
    this.reason = index === 0 ? 'primary' : 'fallback';
    this.reasks = 0;
    const capabilities = this.router.capabilities?.(target.provider);
    this.setMode(capabilities ? structuredModeFor(capabilities) : 'json_schema');
  }

  private setMode(mode: StructuredMode): void {
    this.mode = mode;
    this.base = requestForMode({ request: this.request, schema: this.schema, mode });
    this.current = this.base;
  }

  private withTrail<E extends RouterError>(error: E): E {
    error.trail = this.trail.attempts;
    return error;
  }
}

function badRequest(message: string): RouterError {
  return toRouterError(Object.assign(new Error(`Invalid request: ${message}`), { status: 400 }));
}
