/** What a call's `cache-control` header asks of the response cache. */
export type CacheDirective =
  /** Read and write as usual. */
  | 'default'
  /** `no-cache`: do not answer from the cache, but store the fresh answer. */
  | 'refresh'
  /** `no-store`: neither read nor write. */
  | 'bypass';

import type { ProviderCallOptions } from '../types/provider.js';

/**
 * Reads the `cache-control` header of a call's headers (any letter case), the way the gateway hands a
 * client's header on. `no-store` wins over `no-cache` when both are given, as in HTTP.
 */
export function readCacheDirective(headers: Record<string, string> | undefined): CacheDirective {
  const name = cacheControlName(headers);
  if (name === undefined) return 'default';
  const value = headers![name]!;
  let directive: CacheDirective = 'default';
  for (const token of value.split(',')) {
    const name = token.trim().toLowerCase();
    if (name === 'no-store') return 'bypass';
    if (name === 'no-cache') directive = 'refresh';
  }
  return directive;
}

/**
 * The call's options without its `cache-control` header: it was meant for the cache, not the provider.
 * The same object when there is none.
 */
export function withoutCacheControl(
  options: ProviderCallOptions | undefined,
): ProviderCallOptions | undefined {
  const name = cacheControlName(options?.headers);
  if (name === undefined) return options;
  const { [name]: _cacheControl, ...headers } = options!.headers!;
  return { ...options, headers };
}

/** The header's name as written in `headers` (any letter case), or `undefined` when it is absent. */
function cacheControlName(headers: Record<string, string> | undefined): string | undefined {
  if (headers === undefined) return undefined;
  if (headers['cache-control'] !== undefined) return 'cache-control';
  for (const name in headers) {
    if (name.length === 13 && name.toLowerCase() === 'cache-control') return name;
  }
  return undefined;
}
