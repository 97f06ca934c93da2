import type {
  AttemptObserver,
  AttemptStart,
  CallObserver,
  Instrumentation,
} from '../types/instrumentation.js';

/**
 * One instrumentation out of several (tracing and a call logger, say). Each sees every event; one that
 * throws or declines a call leaves the others unaffected.
 */
export function combineInstrumentation(instrumentations: readonly Instrumentation[]): Instrumentation {
  if (instrumentations.length === 1) return instrumentations[0]!;
  return {
    startCall(call) {
      const observers: CallObserver[] = [];
      for (const instrumentation of instrumentations) {
        const observer = attempt(() => instrumentation.startCall(call));
        if (observer) observers.push(observer);
      }
      if (observers.length === 0) return undefined;
      if (observers.length === 1) return observers[0];
      return {
        attemptStarted(start: AttemptStart) {
          const attempts: AttemptObserver[] = [];
          for (const observer of observers) {
            const started = observer.attemptStarted
              ? attempt(() => observer.attemptStarted!(start))
              : undefined;
            if (started) attempts.push(started);
          }
          if (attempts.length === 0) return undefined;
          return {
            firstContent: () => each(attempts, (observer) => observer.firstContent?.()),
            chunk: () => each(attempts, (observer) => observer.chunk?.()),
            ended: (record, result) => each(attempts, (observer) => observer.ended?.(record, result)),
          };
        },
        targetSkipped: (record, error) =>
          each(observers, (observer) => observer.targetSkipped?.(record, error)),
        ended: (outcome) => each(observers, (observer) => observer.ended?.(outcome)),
      };
    },
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
