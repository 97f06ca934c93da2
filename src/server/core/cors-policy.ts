import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CorsConfig } from '../../config/cors-schema.js';

/** Headers the gateway's answers carry that a browser script may want: the trail and the request id. */
const trailHeaders = [
  'x-request-id',
  'x-llmrouter-provider',
  'x-llmrouter-model',
  'x-llmrouter-attempts',
  'x-llmrouter-fallback',
  'x-llmrouter-overhead-ms',
  'x-llmrouter-warnings',
  'retry-after',
];

/**
 * Cross-origin access for browser clients. A request from an allowed origin gets
 * `Access-Control-Allow-Origin` (the origin itself, or `*` when any origin is allowed and credentials
 * are off) and the trail headers exposed; a preflight (`OPTIONS` with `Access-Control-Request-Method`)
 * is answered 204 with the route's methods, the allowed headers and how long to cache that. A request
 * from any other origin gets no CORS headers, so the browser withholds the answer. Credentials are off
 * unless configured: clients authenticate with a gateway key, not cookies.
 */
export class CorsPolicy {
  private readonly anyOrigin: boolean;
  private readonly origins: ReadonlySet<string>;
  private readonly allowHeaders: string;
  private readonly exposeHeaders: string;
  private readonly maxAge: string;
  private readonly credentials: boolean;

  constructor(config: CorsConfig) {
    this.anyOrigin = config.origins === '*';
    this.origins = new Set(config.origins === '*' ? [] : config.origins);
    this.allowHeaders = (config.allowHeaders ?? ['*', 'authorization']).join(', ');
    this.exposeHeaders = [...trailHeaders, ...(config.exposeHeaders ?? [])].join(', ');
    this.maxAge = String(config.maxAgeSeconds ?? 600);
    this.credentials = config.credentials ?? false;
  }

  /**
   * Sets the CORS headers `request` earns on `response`. Returns true when it was a preflight, now
   * answered; the caller then does nothing more with it.
   */
  handle(request: IncomingMessage, response: ServerResponse, methods: string): boolean {
    const origin = request.headers.origin;
    if (origin === undefined) return false;
    const allowed = this.anyOrigin || this.origins.has(origin);
    const preflight =
      request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined;
    response.setHeader('vary', 'Origin');
    if (allowed) {
      const echo = !this.anyOrigin || this.credentials;
      response.setHeader('access-control-allow-origin', echo ? origin : '*');
      if (this.credentials) response.setHeader('access-control-allow-credentials', 'true');
    }
    if (!preflight) {
      if (allowed) response.setHeader('access-control-expose-headers', this.exposeHeaders);
      return false;
    }
    request.resume();
    if (allowed) {
      response.setHeader('access-control-allow-methods', methods);
      response.setHeader('access-control-allow-headers', this.allowHeaders);
      response.setHeader('access-control-max-age', this.maxAge);
    }
    response.writeHead(204);
    response.end();
    return true;
  }
}
