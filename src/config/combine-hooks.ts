import type { RouterHooks } from '../types/events.js';

type EventHook = Exclude<keyof RouterHooks, 'onHookError'>;
const eventHooks: readonly EventHook[] = ['onAttempt', 'onRetry', 'onFallback', 'onCircuitStateChange'];

/**
 * One set of router hooks that calls each of `sets` in order. Each set is isolated from the others: one
 * that throws is reported to its own `onHookError` (or dropped), and the sets after it still run, so a
 * plugin's faulty hook can neither break a request nor starve the gateway's metrics.
 */
export function combineHooks(sets: readonly (RouterHooks | undefined)[]): RouterHooks {
  const present = sets.filter((set): set is RouterHooks => set !== undefined);
  if (present.length === 1) return present[0]!;
  const combined: RouterHooks = {};
  for (const name of eventHooks) {
    const listeners = present.filter((set) => set[name] !== undefined);
    if (listeners.length === 0) continue;
    combined[name] = (event: never) => {
      for (const set of listeners) {
        try {
          (set[name] as (event: never) => void).call(set, event);
        } catch (error) {
          try {
            set.onHookError?.(error, name);
          } catch {
            // A failing error hook has nowhere left to report to.
          }
        }
      }
    };
  }
  return combined;
}
