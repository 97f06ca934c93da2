import { TimeoutError } from '../errors/timeout-error.js';
import { linkSignal } from '../http/abort.js';
import type { CallOptions } from './router-types.js';

/**
 * The abort signal and deadline of one call: the caller's signal joined with the call's overall deadline.
 * Built only when there is something to join (or when the router needs to abort, as streams do), and
 * disposed so no timer or listener outlives the call.
 */
export class CallSignal {
  readonly signal: AbortSignal | undefined;
  readonly deadline: number | undefined;
  private readonly controller: AbortController | undefined;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly unlink: () => void;

  constructor(options: CallOptions | undefined, needsControl: boolean) {
    const deadlineMs = options?.deadlineMs;
    this.deadline = deadlineMs === undefined ? undefined : Date.now() + deadlineMs;
    if (!needsControl && deadlineMs === undefined) {
      this.signal = options?.signal;
      this.unlink = noop;
      return;
    }
    const controller = new AbortController();
    this.controller = controller;
    this.signal = controller.signal;
    this.unlink = linkSignal(options?.signal, controller);
    if (deadlineMs !== undefined) {
      this.timer = setTimeout(
        () => controller.abort(new TimeoutError({ phase: 'deadline', timeoutMs: deadlineMs })),
        deadlineMs,
      );
    }
  }

  abort(reason?: unknown): void {
    if (this.controller && !this.controller.signal.aborted) this.controller.abort(reason);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.unlink();
  }
}

function noop(): void {}
