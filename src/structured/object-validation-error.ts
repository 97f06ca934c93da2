import type { Attempt } from '../types/attempt.js';
import { RouterError } from '../types/router-error.js';
import type { AnswerProblem } from './evaluate-answer.js';
import { formatIssue, type ObjectIssue } from './object-issue.js';

const marker = Symbol.for('llmrouter.error.object-validation');

/** One answer the structured-output pipeline rejected. */
export interface RejectedAnswer {
  provider: string;
  model: string;
  /** The answer exactly as the model wrote it. */
  text: string;
  problem: AnswerProblem;
  issues: ObjectIssue[];
}

/**
 * No target produced an answer that validates against the schema, after repair, re-asks and fallbacks.
 * Holds the last answer's raw text and issues, every rejected answer, the errors of targets that failed
 * outright, and the trail.
 *
 * Its kind is `server` (the provider answered, but not with what was asked; the request itself may be
 * fine) with `shouldRetry: false`: the pipeline has already asked again as often as it was told to, so
 * `isRetryable()` says no and a caller's retry loop does not multiply the calls.
 */
export class ObjectValidationError extends RouterError {
  readonly [marker] = true;
  /** Raw text of the last rejected answer. */
  readonly text: string;
  /** Why the last answer was rejected. */
  readonly issues: ObjectIssue[];
  /** Every rejected answer, oldest first. */
  readonly rejected: RejectedAnswer[];
  /** Targets that failed without answering (overloaded, timed out, ...), in order. */
  readonly errors: RouterError[];

  constructor(options: {
    model: string;
    rejected: RejectedAnswer[];
    errors: RouterError[];
    trail: Attempt[];
  }) {
    const last = options.rejected[options.rejected.length - 1];
    const issues = last?.issues ?? [];
    const summary = issues.slice(0, 3).map(formatIssue).join('; ');
    super({
      message:
        `No answer matched the schema for "${options.model}" after ${options.rejected.length} rejected ` +
        `answer(s)${last ? `; last from ${last.provider}/${last.model}: ${summary}` : ''}`,
      kind: 'server',
      model: options.model,
      provider: last?.provider,
      shouldRetry: false,
    });
    this.name = 'ObjectValidationError';
    this.text = last?.text ?? '';
    this.issues = issues;
    this.rejected = options.rejected;
    this.errors = options.errors;
    this.trail = options.trail;
  }

  /** True for an `ObjectValidationError`, even one from another copy of the package. */
  static override isInstance(error: unknown): error is ObjectValidationError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}
