import { RouterError } from '../types/router-error.js';

/** The caller aborted the call. Never retried, never falls back, never counts against a breaker. */
export class CancelledError extends RouterError {
  constructor(options: { provider?: string; model?: string; cause?: unknown } = {}) {
    super({ message: 'The call was cancelled by the caller', kind: 'cancelled', ...options });
    this.name = 'CancelledError';
  }
}
