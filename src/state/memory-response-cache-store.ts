import { LRUCache } from 'lru-cache';
import type { ResponseCacheStore } from './response-cache-store.js';

/** Bounds of {@link createMemoryResponseCacheStore}. The cache evicts the least recently used entry first. */
export interface MemoryResponseCacheStoreOptions {
  /** Most entries kept. Default 1,000. */
  maxEntries?: number;
  /** Most bytes kept (UTF-8 size of the serialized entries). Default 64 MiB. */
  maxBytes?: number;
}

/** The size lru-cache weighs an entry by: its UTF-8 length, so `maxBytes` bounds real memory use. */
const byteLength = (value: string): number => Buffer.byteLength(value);

// Expiry follows Date.now() rather than lru-cache's default performance.now(): TTLs are wall-clock
// durations, and fake timers in tests (and in users' tests) move Date.now().
const wallClock = { now: () => Date.now() };

/**
 * The response cache's default store: an in-process LRU (lru-cache) bounded by entries and by bytes, with
 * each entry's TTL. An entry larger than `maxBytes` is not kept.
 *
 * @example
 * const cache = responseCache({ ttlMs: 60_000, store: createMemoryResponseCacheStore({ maxEntries: 500 }) });
 */
export function createMemoryResponseCacheStore(
  options: MemoryResponseCacheStoreOptions = {},
): ResponseCacheStore {
  const entries = new LRUCache<string, string>({
    max: options.maxEntries ?? 1_000,
    maxSize: options.maxBytes ?? 64 * 1024 * 1024,
    sizeCalculation: byteLength,
    perf: wallClock,
    // Read the clock on every check instead of caching it behind a 1 ms timer.
    ttlResolution: 0,
    // Expired entries are dropped when read, or evicted as least recently used: no timer per entry.
    ttlAutopurge: false,
  });
  return {
    async get(key) {
      return entries.get(key);
    },
    async set(key, value, ttlMs) {
      entries.set(key, value, { ttl: ttlMs });
    },
  };
}
