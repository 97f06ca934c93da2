import type { FetchFunction } from '../../http/http-types.js';
import type { Tags } from '../../types/tags.js';

/** The settings every HTTP adapter's factory takes, besides its key and endpoint. */
export interface HttpProviderOptions {
  /** Sent with every request, over the adapter's own; a call's `headers` are laid over these. */
  headers?: Record<string, string>;
  /** Used instead of the shared undici pool (other runtimes, tests, proxies). */
  fetch?: FetchFunction;
  /** Provider name within a router. Default: the adapter's (`openai`, `anthropic`, ...). */
  name?: string;
  /** Models this provider serves, the first being its default. Default: the adapter's list. */
  models?: readonly string[];
  /** Labels a call can require or prefer (`{ region: 'eu', zdr: true }`); see `CallOptions.require`. */
  tags?: Tags;
}
