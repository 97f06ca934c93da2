import { decideRate } from './gcra.js';
import type { OutcomeTally, StateStore } from './state-store.js';

interface Expiring<T> {
  value: T;
  expiresAt: number;
}

/**
 * A {@link StateStore} in this process's memory: the default, and a way to share breakers between several
 * routers of one process. Expiry is checked on read against `Date.now()`, so no timer runs.
 *
 * @example
 * const store = memoryStateStore();
 * const breaker = circuitBreaker({ failureThreshold: 5, store });
 */
export function memoryStateStore(): StateStore {
  const deadlines = new Map<string, number>();
  const counters = new Map<string, Expiring<number>>();
  const leases = new Map<string, Expiring<string>>();
  const arrivals = new Map<string, number>();
  const topics = new Map<string, Set<(message: string) => void>>();

  function remaining(key: string, now: number): number {
    const until = deadlines.get(key);
    if (until === undefined) return 0;
    if (until <= now) {
      deadlines.delete(key);
      return 0;
    }
    return until - now;
  }

  function live<T>(map: Map<string, Expiring<T>>, key: string, now: number): T | undefined {
    const entry = map.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > now) return entry.value;
    map.delete(key);
    return undefined;
  }

  function extend(key: string, ttlMs: number, now: number): number {
    const left = remaining(key, now);
    if (left >= ttlMs) return left;
    deadlines.set(key, now + ttlMs);
    return ttlMs;
  }

  return {
    status: 'connected',
    async extendDeadline({ key, ttlMs }) {
      return extend(key, ttlMs, Date.now());
    },
    async readDeadline(key) {
      return remaining(key, Date.now());
    },
    async clearDeadline(key) {
      deadlines.delete(key);
      counters.delete(key);
    },
    async recordOutcomes(options): Promise<OutcomeTally> {
      const now = Date.now();
      const counted = options.successes > 0 ? 0 : (live(counters, options.key, now) ?? 0);
      const previous = counters.get(options.key);
      const failures = counted + options.failures;
      // The window starts at the first failure of a run, as a Redis key's expiry does.
      const expiresAt = counted > 0 && previous ? previous.expiresAt : now + options.windowMs;
      if (options.failures > 0 && failures >= options.threshold) {
        counters.delete(options.key);
        return { failures, openMs: extend(options.key, options.openMs, now) };
      }
      counters.set(options.key, { value: failures, expiresAt });
      return { failures, openMs: 0 };
    },
    async acquireLease({ key, holder, ttlMs }) {
      const now = Date.now();
      if (live(leases, key, now) !== undefined) return false;
      leases.set(key, { value: holder, expiresAt: now + ttlMs });
      return true;
    },
    async releaseLease({ key, holder }) {
      if (live(leases, key, Date.now()) === holder) leases.delete(key);
    },
    async takeRate({ key, buckets, maxWaitMs }) {
      // One arrival time per `<key>:<bucket>`, as the Redis store keeps one key per bucket; absent = full.
      const names = buckets.map((bucket) => `${key}:${bucket.name}`);
      const times = names.map((name) => arrivals.get(name));
      const decision = decideRate({ arrivals: times, buckets, now: Date.now(), maxWaitMs });
      names.forEach((name, index) => {
        const time = times[index];
        if (time === undefined) arrivals.delete(name);
        else arrivals.set(name, time);
      });
      return decision;
    },
    async publish(topic, message) {
      const listeners = topics.get(topic);
      if (!listeners) return;
      // Delivered later, as a real broker would, so a publisher never re-enters its own listener.
      for (const listener of [...listeners]) queueMicrotask(() => listener(message));
    },
    async subscribe(topic, listener) {
      let listeners = topics.get(topic);
      if (!listeners) {
        listeners = new Set();
        topics.set(topic, listeners);
      }
      listeners.add(listener);
      return async () => {
        listeners.delete(listener);
      };
    },
  };
}
