import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayError } from './gateway-error.js';
import { sendError } from './send-error.js';
import type { ErrorMapper } from './surface.js';

/** One request whose body is being waited for. */
interface Watch {
  request: IncomingMessage;
  response: ServerResponse;
  id: string;
  mapError: ErrorMapper;
  limitMs: number;
}

/**
 * The time a request's body may take, from the end of its headers to the end of its body: Node has a
 * limit for the headers and one for the whole request, none for the body alone. A body still arriving at
 * the limit is answered 408 in the route's error format (`connection: close`) unless an answer already
 * went out, and the socket is closed; the body's reader then fails with the same 408, so the request log
 * and the metrics record it as one.
 */
export class BodyTimer {
  constructor(private readonly limitMs: number) {}

  /** Starts the clock for a request, unless it has no body or the limit is off. */
  watch(exchange: Omit<Watch, 'limitMs'>): void {
    const { request } = exchange;
    if (this.limitMs === 0 || !hasBody(request)) return;
    const timer = setTimeout(expire, this.limitMs, { ...exchange, limitMs: this.limitMs });
    // A request is closed once its body has ended (or its socket went): either way, no more waiting.
    request.once('close', () => clearTimeout(timer));
  }
}

function hasBody(request: IncomingMessage): boolean {
  const { headers } = request;
  if (headers['transfer-encoding'] !== undefined) return true;
  const length = headers['content-length'];
  return length !== undefined && length !== '0';
}

function expire(watch: Watch): void {
  const { request, response } = watch;
  if (request.complete) return;
  const error = new GatewayError({
    status: 408,
    code: 'request_timeout',
    message: `The request body did not arrive within ${watch.limitMs} ms; the connection is closed.`,
  });
  if (response.headersSent || response.destroyed) {
    request.destroy(error);
    return;
  }
  sendError(response, {
    error,
    mapError: watch.mapError,
    headers: { 'x-request-id': watch.id, connection: 'close' },
  });
  // Once the 408 has been written: destroying the request closes the socket (the client may still be
  // sending), and fails the body's reader with the 408 itself.
  response.once('finish', () => request.destroy(error));
}
