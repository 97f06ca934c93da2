import { RouterError, type RouterErrorOptions } from '../types/router-error.js';

const marker = Symbol.for('llmrouter.error.api-call');

/** The provider answered with an error: an HTTP error status, or an error event inside a stream. */
export class ApiCallError extends RouterError {
  readonly [marker] = true;
  /** The provider's error body (or in-stream error payload) as text, for diagnosis. */
  readonly responseBody: string | undefined;
  /** The provider's own error code or type (`insufficient_quota`, `overloaded_error`, `RESOURCE_EXHAUSTED`). */
  readonly code: string | undefined;

  constructor(options: RouterErrorOptions & { responseBody?: string; code?: string }) {
    super(options);
    this.name = 'ApiCallError';
    this.responseBody = options.responseBody;
    this.code = options.code;
  }

  static override isInstance(error: unknown): error is ApiCallError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}
