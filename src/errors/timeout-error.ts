import { RouterError } from '../types/router-error.js';

/** Which deadline passed. */
export type TimeoutPhase = 'total' | 'first-content' | 'idle' | 'deadline';

/** A deadline passed before the provider answered (or before the stream's next part). */
export class TimeoutError extends RouterError {
  readonly phase: TimeoutPhase;
  readonly timeoutMs: number;

  constructor(options: { phase: TimeoutPhase; timeoutMs: number; provider?: string; model?: string }) {
    const what =
      options.phase === 'deadline'
        ? 'Call deadline'
        : options.phase === 'first-content'
          ? 'First-content timeout'
          : options.phase === 'idle'
            ? 'Idle timeout between stream parts'
            : 'Timeout';
    super({
      message: `${what} of ${options.timeoutMs} ms passed`,
      kind: 'timeout',
      provider: options.provider,
      model: options.model,
    });
    this.name = 'TimeoutError';
    this.phase = options.phase;
    this.timeoutMs = options.timeoutMs;
  }
}
