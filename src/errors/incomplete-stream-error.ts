import { RouterError } from '../types/router-error.js';

/**
 * The stream ended without its terminator (`[DONE]`, `message_stop`, a finish reason): the answer is cut
 * off, not short. Treated like a dropped connection: retried and falls back.
 */
export class IncompleteStreamError extends RouterError {
  constructor(options: { provider?: string; model?: string; detail?: string }) {
    super({
      message: `Stream ended without a finish${options.detail ? ` (${options.detail})` : ''}`,
      kind: 'network',
      provider: options.provider,
      model: options.model,
    });
    this.name = 'IncompleteStreamError';
  }
}
