import type {
  AttemptObserver,
  AttemptStart,
  CallObserver,
  Instrumentation,
} from '../types/instrumentation.js';

/**
 * One instrumentation out of several (tracing and a call logger, say). Each sees every event; one that
 * throws or declines a call leaves the others unaffected. Embedding calls reach those that observe them.
 */
export function combineInstrumentation(instrumentations: readonly Instrumentation[]): Instrumentation {
  if (instrumentations.length === 1) return instrumentations[0]!;
  const combined: Instrumentation = {
    startCall: (call) =>
      combineObservers(
        instrumentations.map((instrumentation) => attempt(() => instrumentation.startCall(call))),
      ),
  };
  const embedding = instrumentations.filter((instrumentation) => instrumentation.startEmbedding);
  if (embedding.length > 0) {
    combined.startEmbedding = (call) =>
      combineObservers(
        embedding.map((instrumentation) => attempt(() => instrumentation.startEmbedding!(call))),
      );
  }
  return combined;
}

/** One observer that hands every event to each of `started` (those that declined left out). */
function combineObservers<Request, Response>(
  started: ReadonlyArray<CallObserver<Request, Response> | undefined>,
): CallObserver<Request, Response> | undefined {
  const observers = started.filter((observer) => observer !== undefined);
  if (observers.length === 0) return undefined;
  if (observers.length === 1) return observers[0];
  return {
    attemptStarted(start: AttemptStart<Request>) {
      const attempts: AttemptObserver[] = [];
      for (const observer of observers) {
        const begun = observer.attemptStarted ? attempt(() => observer.attemptStarted!(start)) : undefined;
        if (begun) attempts.push(begun);
      }
      if (attempts.length === 0) return undefined;
      return {
        firstContent: () => each(attempts, (observer) => observer.firstContent?.()),
        chunk: () => each(attempts, (observer) => observer.chunk?.()),
        ended: (record, result) => each(attempts, (observer) => observer.ended?.(record, result)),
      };
    },
    targetSkipped: (record, error) => each(observers, (observer) => observer.targetSkipped?.(record, error)),
    ended: (outcome) => each(observers, (observer) => observer.ended?.(outcome)),
  };
}

function attempt<T>(action: () => T): T | undefined {
  try {
    return action();
  } catch {
    return undefined;
  }
}

function each<T>(items: readonly T[], action: (item: T) => void): void {
  for (const item of items) attempt(() => action(item));
}
