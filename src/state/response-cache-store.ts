/**
 * Where the response cache keeps its answers: serialized entries under hashed keys, each with its own
 * lifetime. Deliberately its own interface, not part of `StateStore`, so a cache backend needs only these
 * two methods. Either method may reject (a shared store that is slow or down); the cache treats a
 * rejection as a miss on read and as "not stored" on write, never as a failed call.
 */
export interface ResponseCacheStore {
  /** The entry stored under `key`, or `undefined` when there is none or it has expired. */
  get(key: string): Promise<string | undefined>;
  /** Stores `value` under `key` for `ttlMs` milliseconds, replacing what was there. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
}
