import { TimeoutError } from '../errors/timeout-error.js';
import { linkSignal } from '../http/abort.js';
import { AbortHandle, type AbortSource } from '../http/abort-handle.js';
import type { CallOptions } from './router-types.js';

/**
 * The abort source and deadline of one call: the caller's signal joined with the call's overall deadline.
 * Built only when there is something to join (or when the router needs to abort, as streams do), and
 * disposed so no timer or listener outlives the call.
 */
export class CallSignal {
  /** What aborts the call: the caller's own signal, the call's handle, or nothing. */
  readonly signal: AbortSource | undefined;
  /** The call's own handle, when it has one; the router's call options are built around it. */
  readonly handle: AbortHandle | undefined;
  readonly deadline: number | undefined;
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
    const handle = new AbortHandle();
    this.handle = handle;
    this.signal = handle;
    this.unlink = linkSignal(options?.signal, handle);
    if (deadlineMs !== undefined) {
      this.timer = setTimeout(
        () => handle.abort(new TimeoutError({ phase: 'deadline', timeoutMs: deadlineMs })),
        deadlineMs,
      );
    }
  }

  abort(reason?: unknown): void {
    this.handle?.abort(reason);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.unlink();
  }
}

function noop(): void {}
