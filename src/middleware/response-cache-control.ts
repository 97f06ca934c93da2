/** What a call's `cache-control` header asks of the response cache. */
export type CacheDirective =
  /** Read and write as usual. */
  | 'default'
  /** `no-cache`: do not answer from the cache, but store the fresh answer. */
  | 'refresh'
  /** `no-store`: neither read nor write. */
  | 'bypass';

/**
 * Reads the `cache-control` header of a call's headers (any letter case), the way the gateway hands a
 * client's header on. `no-store` wins over `no-cache` when both are given, as in HTTP.
 */
export function readCacheDirective(headers: Record<string, string> | undefined): CacheDirective {
  if (headers === undefined) return 'default';
  let value = headers['cache-control'];
  if (value === undefined) {
    for (const name in headers) {
      if (name.length === 13 && name.toLowerCase() === 'cache-control') {
        value = headers[name];
        break;
      }
    }
  }
  if (value === undefined) return 'default';
  let directive: CacheDirective = 'default';
  for (const token of value.split(',')) {
    const name = token.trim().toLowerCase();
    if (name === 'no-store') return 'bypass';
    if (name === 'no-cache') directive = 'refresh';
  }
  return directive;
}
