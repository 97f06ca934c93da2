import { rootCertificates } from 'node:tls';
import { Agent, type Dispatcher } from 'undici';
import { realSignal } from '../abort/abort-handle.js';
import { limitedConnector } from './connect-limiter.js';
import type { FetchFunction, HttpEndpoint, HttpRequest, HttpResponse } from './http-types.js';
import { UndiciResponse } from './undici-response.js';

/** How the shared connection pool reaches providers. */
export interface HttpPoolOptions {
  /**
   * Connection attempts in flight at once per origin; more wait their turn, inside each call's deadline.
   * Default 128 (an ordinary listen backlog); `0` for no cap. Connections themselves are not capped: a stream holds its own.
   */
  maxConnectsPerOrigin?: number;
  /**
   * Offer HTTP/2 (ALPN, `https` only) and use it where the provider accepts: many calls share one
   * connection. Default false: not yet measured to help.
   */
  allowH2?: boolean;
  /** Extra certificate authorities to trust (a self-hosted endpoint behind an internal CA), in PEM. */
  ca?: string | readonly string[];
}

/** Defaults of {@link HttpPoolOptions}. */
export const httpPoolDefaults = Object.freeze({ maxConnectsPerOrigin: 128, allowH2: false });

// One keep-alive pool per process: connection reuse is most of the latency a router can save.
let sharedDispatcher: Dispatcher | undefined;
let poolOptions: HttpPoolOptions = {};

/**
 * Sets how the shared pool connects to providers. Calls already running keep their connections; the
 * old pool closes once they finish, and calls from now on use a new one.
 */
export function configureHttpPool(options: HttpPoolOptions): void {
  const maxConnects = options.maxConnectsPerOrigin;
  if (maxConnects !== undefined && (!Number.isSafeInteger(maxConnects) || maxConnects < 0)) {
    throw new RangeError(
      `maxConnectsPerOrigin must be a whole number, 0 or more (got ${String(maxConnects)})`,
    );
  }
  poolOptions = { ...options };
  const previous = sharedDispatcher;
  sharedDispatcher = undefined;
  void previous?.close().catch(ignore);
}

function dispatcher(): Dispatcher {
  sharedDispatcher ??= createPool(poolOptions);
  return sharedDispatcher;
}

function createPool(options: HttpPoolOptions): Dispatcher {
  const allowH2 = options.allowH2 ?? httpPoolDefaults.allowH2;
  const ca = typeof options.ca === 'string' ? [options.ca] : options.ca;
  return new Agent({
    connect: limitedConnector(options.maxConnectsPerOrigin ?? httpPoolDefaults.maxConnectsPerOrigin, {
      allowH2,
      timeout: 10_000,
      // A `ca` replaces Node's trusted roots; the extra ones are added to them.
      ...(ca ? { ca: [...rootCertificates, ...ca] } : {}),
    }),
    allowH2,
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

function ignore(): void {}
