import type { Attempt } from './attempt.js';
import type { ErrorKind } from './error-kind.js';

const marker = Symbol.for('llmrouter.error');

/** What every llmrouter error can say about itself. */
export interface RouterErrorOptions {
  message: string;
  kind: ErrorKind;
  provider?: string;
  model?: string;
  /** HTTP status from the provider, when there was one. */
  status?: number;
  /** How long the provider asked us to wait before trying again. */
  retryAfterMs?: number;
  /** The provider's explicit retry verdict (`x-should-retry`), which overrides the error table. */
  shouldRetry?: boolean;
  cause?: unknown;
}

/**
 * Base of every error llmrouter throws. Tagged with a global symbol so `RouterError.isInstance()` works
 * across duplicate copies of the package. Messages carry the provider's words, never its key.
 */
export class RouterError extends Error {
  readonly [marker] = true;
  readonly kind: ErrorKind;
  readonly provider: string | undefined;
  readonly model: string | undefined;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly shouldRetry: boolean | undefined;
  /** The attempt trail of the call this error ended, set by the router when it throws. */
  trail: Attempt[] | undefined;
  /**
   * The group member (one key, deployment or region of `provider`) the error came from, when the call
   * was on one; set by the router as the error leaves the member.
   */
  member: string | undefined;

  constructor(options: RouterErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RouterError';
    this.kind = options.kind;
    this.provider = options.provider;
    this.model = options.model;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.shouldRetry = options.shouldRetry;
    this.trail = undefined;
    this.member = undefined;
  }

  /** True for any llmrouter error, even one from another copy of the package. */
  static isInstance(error: unknown): error is RouterError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}
