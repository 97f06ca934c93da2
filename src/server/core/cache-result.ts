import type { IncomingMessage } from 'node:http';
import { type CacheDirective, readCacheDirective } from '../../middleware/response-cache-control.js';

/**
 * What the router's response cache did for one gateway request, as `x-llmrouter-cache` and the
 * `llmrouter_cache_requests_total` metric name it: `hit` (answered from the cache, no upstream call),
 * `miss` (sent upstream; a client's `Cache-Control: no-cache` is a miss whose fresh answer is stored),
 * `bypass` (`Cache-Control: no-store`: neither read nor written).
 */
export type CacheResult = 'hit' | 'miss' | 'bypass';

/** The client's `Cache-Control` header as the call's headers carry it to the cache, and what it asks. */
export interface ClientCacheControl {
  /** The header's value, passed on in the call's headers; `undefined` when the client sent none. */
  header: string | undefined;
  directive: CacheDirective;
}

const none: ClientCacheControl = { header: undefined, directive: 'default' };

/** Reads a request's `Cache-Control` (a repeated header is joined, as HTTP allows). */
export function clientCacheControl(request: IncomingMessage): ClientCacheControl {
  const value = request.headers['cache-control'];
  if (value === undefined || value === '') return none;
  return { header: value, directive: readCacheDirective({ 'cache-control': value }) };
}

/**
 * The result of a call the cache saw. `answeredFromCache` is the router's response marked `cached`, or
 * for a stream, its first part arriving before any attempt was sent (only the cache answers without one).
 */
export function cacheResult(control: ClientCacheControl, answeredFromCache: boolean): CacheResult {
  if (answeredFromCache) return 'hit';
  return control.directive === 'bypass' ? 'bypass' : 'miss';
}
