import { RouterError } from '../types/router-error.js';

/** The breaker for this target is open: the call was not sent. */
export class CircuitOpenError extends RouterError {
  /** When the breaker will let a probe through, epoch milliseconds. */
  readonly reopensAt: number;

  constructor(options: { provider: string; model?: string; reopensAt: number }) {
    super({
      message: `Circuit open for ${options.provider}${options.model ? `/${options.model}` : ''}; next probe after ${new Date(options.reopensAt).toISOString()}`,
      kind: 'circuit_open',
      provider: options.provider,
      model: options.model,
    });
    this.name = 'CircuitOpenError';
    this.reopensAt = options.reopensAt;
  }
}
