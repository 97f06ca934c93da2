import type { AbortSource } from '../abort/abort-handle.js';

/** The `fetch` function signature a provider can be given instead of the built-in pool. */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/** A URL split into what undici's dispatcher takes, once per endpoint rather than once per call. */
export interface HttpEndpoint {
  /** `http://host:port`. */
  readonly origin: string;
  /** The path with its query string. */
  readonly path: string;
}

/** One HTTP request to a provider. */
export interface HttpRequest {
  url: string;
  /** `url` already split (see {@link HttpEndpoint}); parsed from `url` on each call when absent. */
  endpoint?: HttpEndpoint | undefined;
  method?: 'GET' | 'POST';
  headers: Record<string, string>;
  /** Serialised body (JSON text). */
  body?: string;
  /** Aborts the request: a real signal, or the router's cheaper handle (see `abort-handle.ts`). */
  signal?: AbortSource;
  /** Use this instead of the shared undici pool (other runtimes, tests, proxies). */
  fetch?: FetchFunction;
}

/** A provider's HTTP answer, with the body not yet read. */
export interface HttpResponse {
  status: number;
  /** Header value by lower-case name. */
  header(name: string): string | undefined;
  /** The body as raw chunks, for streams. */
  body: AsyncIterable<Uint8Array>;
  text(): Promise<string>;
  /** Discards the body so the connection returns to the pool. */
  discard(): Promise<void>;
  /**
   * The answer is complete (a stream's last event has arrived) though the body may not have ended: reads
   * what is left in the background, so the connection returns to the pool, without an error. A server
   * that neither ends the body within five seconds nor stops sending within 64 KB gets its connection
   * closed.
   */
  release(): void;
  /**
   * Stops reading the body and closes the connection unless it has ended or was released: a stream the
   * caller left, or one that failed midway. Iterating `body` never does this on its own.
   */
  close(): void;
}
