import { linkSignal } from '../abort/abort-error.js';
import { AbortHandle, type AbortSource } from '../abort/abort-handle.js';
import { TimeoutError } from '../errors/timeout-error.js';
import type { CallInput, RoutedRequest } from './call-input.js';

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
  /** The caller's real signal, when the call has no handle and passes that signal on as it is. */
  readonly callerSignal: AbortSignal | undefined;
  readonly deadline: number | undefined;
  /** The handle this call made itself (never the caller's, which only the caller aborts). */
  private readonly own: AbortHandle | undefined;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly unlink: () => void;

  constructor(call: CallInput<RoutedRequest>, needsControl: boolean) {
    const deadlineMs = call.options?.deadlineMs;
    this.deadline = deadlineMs === undefined ? undefined : Date.now() + deadlineMs;
    const caller = call.abort;
    if (!needsControl && deadlineMs === undefined) {
      // The gateway's handle serves as the call's own: nothing to join, so nothing to make.
      if (caller instanceof AbortHandle) this.handle = caller;
      else this.callerSignal = caller;
      this.signal = caller;
      this.unlink = noop;
      return;
    }
    const handle = new AbortHandle();
    this.own = handle;
    this.handle = handle;
    this.signal = handle;
    this.unlink = linkSignal(caller, handle);
    if (deadlineMs !== undefined) {
      this.timer = setTimeout(
        () => handle.abort(new TimeoutError({ phase: 'deadline', timeoutMs: deadlineMs })),
        deadlineMs,
      );
    }
  }

  abort(reason?: unknown): void {
    this.own?.abort(reason);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.unlink();
  }
}

function noop(): void {}
