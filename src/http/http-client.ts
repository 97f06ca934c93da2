import { Agent, type Dispatcher, request as undiciRequest } from 'undici';
import { type AbortSource, realSignal } from '../abort/abort-handle.js';
import { UndiciResponse } from './undici-response.js';

/** The `fetch` function signature a provider can be given instead of the built-in pool. */
export type FetchFunction = (input: string, init: RequestInit) => Promise<Response>;

/** One HTTP request to a provider. */
export interface HttpRequest {
  url: string;
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

// One keep-alive pool per process: connection reuse is most of the latency a router can save.
let sharedDispatcher: Dispatcher | undefined;

function dispatcher(): Dispatcher {
  sharedDispatcher ??= new Agent({
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 600_000,
    // No cap per origin: streams hold their connection for the whole answer, and a cap would queue the
    // next caller behind them without a word.
    connections: null,
    pipelining: 1,
    // Deadlines are the router's job (timeout middleware); undici's own would fire unannounced.
    headersTimeout: 0,
    bodyTimeout: 0,
  });
  return sharedDispatcher;
}

/** Sends a request through the shared undici pool, or through `fetch` when one is given. */
export async function sendRequest(request: HttpRequest): Promise<HttpResponse> {
  if (request.fetch) return sendWithFetch(request, request.fetch);
  const response = await undiciRequest(request.url, {
    method: request.method ?? 'POST',
    headers: request.headers,
    body: request.body,
    signal: request.signal as AbortSignal | undefined,
    dispatcher: dispatcher(),
  });
  return new UndiciResponse(response);
}

async function sendWithFetch(request: HttpRequest, fetchFunction: FetchFunction): Promise<HttpResponse> {
  const response = await fetchFunction(request.url, {
    method: request.method ?? 'POST',
    headers: request.headers,
    body: request.body,
    signal: realSignal(request.signal),
  });
  const stream = response.body;
  return {
    status: response.status,
    header: (name) => response.headers.get(name) ?? undefined,
    body: stream ? (stream as unknown as AsyncIterable<Uint8Array>) : emptyBody(),
    text: () => response.text(),
    async discard() {
      try {
        await stream?.cancel();
      } catch {
        // Nothing to recover: the body was unwanted.
      }
    },
    // A web stream's iterator cancels the stream when left early, so there is nothing more to do here.
    release() {},
    close() {},
  };
}

async function* emptyBody(): AsyncGenerator<Uint8Array> {}
