import type { Attempt } from '../types/attempt.js';
import { RouterError } from '../types/router-error.js';

/** Every target in the plan failed. `errors` holds each target's final error, in order. */
export class FallbackExhaustedError extends RouterError {
  readonly errors: RouterError[];

  constructor(options: { model: string; errors: RouterError[]; trail: Attempt[] }) {
    const last = options.errors[options.errors.length - 1];
    const summary = options.errors
      .map((error) => `${error.provider ?? '?'}/${error.model ?? '?'}: ${error.kind}`)
      .join('; ');
    super({
      message: `All ${options.errors.length} targets failed for "${options.model}" (${summary})`,
      kind: last?.kind ?? 'server',
      model: options.model,
      status: last?.status,
      retryAfterMs: last?.retryAfterMs,
      cause: last,
    });
    this.name = 'FallbackExhaustedError';
    this.errors = options.errors;
    this.trail = options.trail;
  }
}
