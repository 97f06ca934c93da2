import { createMemoryResponseCacheStore } from '../state/memory-response-cache-store.js';
import type { ResponseCacheStore } from '../state/response-cache-store.js';
import type { Provider } from '../types/provider.js';
import type { FinishPart, StreamPart } from '../types/stream-part.js';
import type { Middleware } from './middleware.js';
import { readCacheDirective, withoutCacheControl } from './response-cache-control.js';
import {
  hitResponse,
  isCacheable,
  parseEntry,
  serializeParts,
  serializeResponse,
} from './response-cache-entry.js';
import { responseCacheKey } from './response-cache-key.js';

/** Settings for {@link responseCache}. */
export interface ResponseCacheOptions {
  /** Where entries live. Default: an in-memory LRU (`createMemoryResponseCacheStore()`), one per cache. */
  store?: ResponseCacheStore;
  /** How long an answer is kept, in milliseconds. 0 or less caches nothing. */
  ttlMs: number;
  /** Lifetimes by the model name the target receives (`{ 'gpt-4o-mini': 600_000 }`), over `ttlMs`. */
  ttlByModel?: Record<string, number>;
  /** Also cache answers cut by the token limit (finish reason `length`). Default false. */
  cacheLengthCut?: boolean;
}

/** The cache's counters since it was made, for a hit-ratio metric: `hits / (hits + misses)`. */
export interface ResponseCacheStats {
  /** Calls answered from the cache. */
  hits: number;
  /** Calls the cache looked up and sent on (a `no-cache` call counts here; `no-store` is not counted). */
  misses: number;
  /** Answers the store accepted. */
  stores: number;
}

/** The response cache middleware, with its counters. */
export interface ResponseCache extends Middleware {
  /** A snapshot of the counters. */
  stats(): ResponseCacheStats;
}

/**
 * An exact response cache. The key is a SHA-256 of a canonical JSON of what determines the answer: the
 * provider and the model the target receives, messages, tools, tool choice, response format, sampling
 * parameters and `providerOptions` — not `user`, headers or call metadata. A streamed call and a
 * non-streamed one are cached apart, so a streamed hit replays the very parts the provider sent (at once,
 * ending with the `finish` part).
 *
 * A hit calls nothing below the cache: the trail holds no attempt for it, and a non-streamed hit's
 * response has `cached: true`. Only answers that finished normally are stored (never errors, interrupted
 * streams, refusals, or `length` cuts unless `cacheLengthCut`). A store that is slow or down makes a miss,
 * never a failed call.
 *
 * Per call, a `cache-control` header in the call's `headers` (how the gateway passes on the client's)
 * bypasses it: `no-store` neither reads nor writes; `no-cache` skips the read but stores the fresh answer.
 * The header goes no further than the cache: the provider never receives it.
 * List it first (outermost) so a hit skips retries, breakers and timeouts too.
 *
 * @example
 * const cache = responseCache({ ttlMs: 10 * 60_000, ttlByModel: { 'gpt-4o': 60_000 } });
 * const router = createRouter({ providers, middleware: [cache, retry(), circuitBreaker(), timeout()] });
 * const { hits, misses } = cache.stats();
 */
export function responseCache(options: ResponseCacheOptions): ResponseCache {
  const store = options.store ?? createMemoryResponseCacheStore();
  const ttlByModel = new Map(Object.entries(options.ttlByModel ?? {}));
  const cacheLengthCut = options.cacheLengthCut ?? false;
  const counters: ResponseCacheStats = { hits: 0, misses: 0, stores: 0 };

  const ttlFor = (model: string): number => ttlByModel.get(model) ?? options.ttlMs;

  async function read(key: string) {
    try {
      return parseEntry(await store.get(key));
    } catch {
      return undefined;
    }
  }

  function write(key: string, value: string, ttlMs: number): void {
    // Not awaited: the caller has its answer; a slow store must not hold it back.
    store.set(key, value, ttlMs).then(
      () => {
        counters.stores++;
      },
      () => {},
    );
  }

  const middleware = (next: Provider): Provider => ({
    get name() {
      return next.name;
    },
    get models() {
      return next.models;
    },
    get capabilities() {
      return next.capabilities;
    },
    async complete(request, given) {
      const directive = readCacheDirective(given?.headers);
      const callOptions = withoutCacheControl(given);
      const ttlMs = ttlFor(request.model);
      if (directive === 'bypass' || ttlMs <= 0) return next.complete(request, callOptions);
      const key = responseCacheKey({ provider: next.name, request, mode: 'complete' });
      if (directive === 'default') {
        const entry = await read(key);
        if (entry?.kind === 'response') {
          counters.hits++;
          return hitResponse(entry.response);
        }
      }
      counters.misses++;
      const response = await next.complete(request, callOptions);
      // Serialized now, before the router adds this call's trail and cost to the object.
      if (isCacheable(response.finishReason, cacheLengthCut)) write(key, serializeResponse(response), ttlMs);
      return response;
    },
    async *stream(request, given): AsyncGenerator<StreamPart> {
      const directive = readCacheDirective(given?.headers);
      const callOptions = withoutCacheControl(given);
      const ttlMs = ttlFor(request.model);
      if (directive === 'bypass' || ttlMs <= 0) {
        yield* next.stream(request, callOptions);
        return;
      }
      const key = responseCacheKey({ provider: next.name, request, mode: 'stream' });
      if (directive === 'default') {
        const entry = await read(key);
        if (entry?.kind === 'stream') {
          counters.hits++;
          yield* replay(entry.parts);
          return;
        }
      }
      counters.misses++;
      const parts: StreamPart[] = [];
      let finish: FinishPart | undefined;
      let failed = false;
      try {
        for await (const part of next.stream(request, callOptions)) {
          if (finish) continue;
          parts.push(part);
          if (part.type === 'finish') finish = part;
          yield part;
        }
      } catch (error) {
        failed = true;
        throw error;
      } finally {
        // A stream counts once its finish part has passed, even if the reader stopped right after it;
        // one that failed or was abandoned before it is never stored.
        if (finish && !failed && isCacheable(finish.finishReason, cacheLengthCut)) {
          write(key, serializeParts(parts), ttlMs);
        }
      }
    },
  });

  return Object.assign(middleware, { stats: (): ResponseCacheStats => ({ ...counters }) });
}

/** A cached stream's parts as they were, with the finish part marked so the final response says `cached`. */
function* replay(parts: readonly StreamPart[]): Generator<StreamPart> {
  for (const part of parts) yield part.type === 'finish' ? { ...part, cached: true } : part;
}
