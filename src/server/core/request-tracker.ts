import type {
  AttemptObserver,
  AttemptStart,
  CallObserver,
  Instrumentation,
} from '../../types/instrumentation.js';
import type { CompletionRequest } from '../../types/request.js';

/**
 * What the gateway learns about one request while the router works on it: which target is being tried
 * (a stream's headers name it before the answer is complete), how many attempts were sent, whether the
 * router fell back, and when upstream work started and ended (the gateway's own overhead is the rest).
 */
export class RequestTracker implements AttemptObserver {
  provider: string | undefined;
  model: string | undefined;
  attempts = 0;
  fellBack = false;
  /** `performance.now()` when the first attempt was sent. */
  firstAttemptAt: number | undefined;
  /** `performance.now()` when the latest attempt ended. */
  lastAttemptEndedAt: number | undefined;
  /** `performance.now()` when the serving attempt's first content arrived. */
  firstContentAt: number | undefined;
  /** The router's observer for this call. */
  readonly call: CallObserver;

  constructor() {
    this.call = {
      attemptStarted: (start: AttemptStart) => this.started(start),
      targetSkipped: (attempt) => {
        if (attempt.reason === 'fallback') this.fellBack = true;
      },
    };
  }

  firstContent(): void {
    this.firstContentAt ??= performance.now();
  }

  ended(): void {
    this.lastAttemptEndedAt = performance.now();
  }

  /**
   * Time the gateway spent on its own between `startedAt` and `endedAt`: everything outside the span
   * from the first attempt's start to the end of upstream work, which holds the provider calls and retry
   * waits. Upstream work ends with the last attempt (`last-attempt`), or, for a stream whose headers go
   * out with its first part, with that part's arrival (`first-content`).
   */
  overheadMs(options: {
    startedAt: number;
    endedAt: number;
    upTo: 'last-attempt' | 'first-content';
  }): number {
    const total = options.endedAt - options.startedAt;
    if (this.firstAttemptAt === undefined) return total;
    const upstreamEnd =
      (options.upTo === 'first-content' ? this.firstContentAt : this.lastAttemptEndedAt) ?? options.endedAt;
    return Math.max(0, total - (upstreamEnd - this.firstAttemptAt));
  }

  private started(start: AttemptStart): AttemptObserver {
    this.attempts++;
    this.provider = start.provider;
    this.model = start.model;
    if (start.reason === 'fallback') this.fellBack = true;
    this.firstAttemptAt ??= performance.now();
    return this;
  }
}

/**
 * Router instrumentation that hands each call to the tracker of the gateway request it came from. The
 * gateway builds each `CompletionRequest` itself, so the request object identifies the call.
 */
export class TrackingInstrumentation implements Instrumentation {
  private readonly trackers = new WeakMap<CompletionRequest, RequestTracker>();

  /** Starts tracking the call that will be made with `request`. */
  track(request: CompletionRequest): RequestTracker {
    const tracker = new RequestTracker();
    this.trackers.set(request, tracker);
    return tracker;
  }

  startCall(call: { request: CompletionRequest }): CallObserver | undefined {
    return this.trackers.get(call.request)?.call;
  }
}
