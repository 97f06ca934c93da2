import { Agent, type Dispatcher } from 'undici';
import { realSignal } from '../abort/abort-handle.js';
import type { FetchFunction, HttpEndpoint, HttpRequest, HttpResponse } from './http-types.js';
import { UndiciResponse } from './undici-response.js';

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

/** Splits a URL for the dispatcher; a provider does it once per endpoint and keeps the result. */
export function httpEndpoint(url: string): HttpEndpoint {
  const parsed = new URL(url);
  return { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
}

/**
 * Sends a request through the shared undici pool, or through `fetch` when one is given. Straight to the
 * dispatcher with the endpoint split beforehand: undici's top-level `request(url, ...)` parses the URL
 * and copies the options on every call.
 */
export async function sendRequest(request: HttpRequest): Promise<HttpResponse> {
  if (request.fetch) return sendWithFetch(request, request.fetch);
  const { origin, path } = request.endpoint ?? httpEndpoint(request.url);
  const response = await dispatcher().request({
    origin,
    path,
    method: request.method ?? 'POST',
    headers: request.headers,
    body: request.body,
    signal: request.signal as AbortSignal | undefined,
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
