import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AbortHandle } from '../abort/abort-handle.js';
import { CancelledError } from '../errors/cancelled-error.js';
import type { Router } from '../router/router-types.js';
import type { Target } from '../types/attempt.js';
import type { CircuitState, RouterHooks } from '../types/events.js';
import { ChatCompletionHandler, type RequestScope } from './chat-completion-handler.js';
import { GatewayError } from './gateway-error.js';
import { GatewayKeys } from './gateway-keys.js';
import { GatewayMetrics } from './gateway-metrics.js';
import type { RequestLog } from './request-log.js';
import { TrackingInstrumentation } from './request-tracker.js';
import { sendError } from './send-error.js';

/**
 * What a gateway observes its router through. Create them first and give them to the router
 * (`createRouter({ ..., hooks: observers.hooks, instrumentation: observers.instrumentation })`), so the
 * gateway can name the serving provider in a stream's headers and count attempts, retries and fallbacks.
 */
export interface GatewayObservers {
  instrumentation: TrackingInstrumentation;
  metrics: GatewayMetrics;
  hooks: RouterHooks;
}

/** Creates the observers a gateway and its router share. */
export function createGatewayObservers(): GatewayObservers {
  const metrics = new GatewayMetrics();
  return { instrumentation: new TrackingInstrumentation(), metrics, hooks: metrics.hooks };
}

/** A model `GET /v1/models` lists, with the provider it lands on first. */
export interface ListedModel {
  id: string;
  ownedBy: string;
}

/** Options of {@link createGateway}. */
export interface GatewayOptions {
  router: Router;
  observers: GatewayObservers;
  log: RequestLog;
  /** Bearer tokens clients must present; empty for none. */
  keys: readonly string[];
  bodyLimitBytes: number;
  /** One deadline across every retry and fallback of a request. */
  deadlineMs?: number;
  logContent?: boolean;
  /** What `GET /v1/models` lists. */
  models: readonly ListedModel[];
  /** Each breaker's state, for `GET /readyz` and the metrics. */
  breakerStates?: () => Array<Target & { state: CircuitState }>;
}

/** A gateway's request handler and the controls its server needs. */
export interface Gateway {
  /** The `node:http` request listener. */
  readonly listener: (request: IncomingMessage, response: ServerResponse) => void;
  /** Requests being handled. */
  readonly inFlight: number;
  /** Refuses new requests with 503 from now on (shutdown has begun). */
  drain(): void;
  /** Resolves when no request is being handled. */
  idle(): Promise<void>;
  /** Aborts every request in flight (their upstream calls included). */
  abortAll(): void;
}

const requestIdPattern = /^[\w.:-]{1,128}$/;

/**
 * The OpenAI-compatible gateway as a `node:http` request listener: `POST /v1/chat/completions`,
 * `GET /v1/models`, `GET /healthz` (liveness), `GET /readyz` (readiness with each breaker's state) and
 * `GET /metrics` (Prometheus). The `/v1` routes need a configured bearer key when there are any; health
 * and metrics do not, being meant for the platform rather than for clients.
 *
 * @example
 * const observers = createGatewayObservers();
 * const router = createRouter({ providers, hooks: observers.hooks, instrumentation: observers.instrumentation });
 * const gateway = createGateway({
 *   router,
 *   observers,
 *   log: new RequestLog(process.stdout, true),
 *   keys: [process.env.GATEWAY_KEY!],
 *   bodyLimitBytes: 10 * 1024 * 1024,
 *   models: [{ id: 'gpt-4o-mini', ownedBy: 'openai' }],
 * });
 * http.createServer(gateway.listener).listen(8080);
 */
export function createGateway(options: GatewayOptions): Gateway {
  const keys = new GatewayKeys(options.keys);
  const { metrics, instrumentation } = options.observers;
  if (options.breakerStates) metrics.watchBreakers(options.breakerStates);
  const chat = new ChatCompletionHandler({
    router: options.router,
    instrumentation,
    metrics,
    log: options.log,
    bodyLimitBytes: options.bodyLimitBytes,
    deadlineMs: options.deadlineMs,
    logContent: options.logContent ?? false,
  });
  const modelsBody = JSON.stringify({
    object: 'list',
    data: options.models.map((model) => ({
      id: model.id,
      object: 'model',
      created: 0,
      owned_by: model.ownedBy,
    })),
  });
  const inFlight = new Set<AbortHandle>();
  let draining = false;
  let idleWaiters: Array<() => void> = [];

  const settle = (abort: AbortHandle) => {
    inFlight.delete(abort);
    metrics.inFlight = inFlight.size;
    if (inFlight.size === 0 && idleWaiters.length > 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  };

  const listener = (request: IncomingMessage, response: ServerResponse): void => {
    response.on('error', ignore);
    const url = request.url ?? '/';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    const method = request.method ?? 'GET';
    const incomingId = request.headers['x-request-id'];
    const id =
      typeof incomingId === 'string' && requestIdPattern.test(incomingId) ? incomingId : randomUUID();

    if (draining) {
      response.setHeader('connection', 'close');
      reject(response, {
        id,
        status: 503,
        message: 'The gateway is shutting down; retry on another instance.',
        code: 'shutting_down',
      });
      return;
    }
    switch (path) {
      case '/v1/chat/completions':
      case '/chat/completions': {
        if (method !== 'POST') {
          methodNotAllowed(response, { id, method, path, allowed: 'POST' });
          return;
        }
        const refusal = refusalFor(request, id);
        if (refusal) {
          reject(response, refusal);
          return;
        }
        // A handle, not an AbortController: a real AbortSignal per request costs several microseconds.
        const abort = new AbortHandle();
        inFlight.add(abort);
        metrics.inFlight = inFlight.size;
        response.once('close', () => {
          if (!response.writableFinished) abort.abort(new CancelledError());
          settle(abort);
        });
        const scope: RequestScope = { request, response, id, startedAt: performance.now(), abort };
        void chat.handle(scope);
        return;
      }
      case '/v1/models':
      case '/models': {
        if (method !== 'GET') {
          methodNotAllowed(response, { id, method, path, allowed: 'GET' });
          return;
        }
        const refusal = refusalFor(request, id);
        if (refusal) {
          reject(response, refusal);
          return;
        }
        request.resume();
        response.writeHead(200, { 'content-type': 'application/json', 'x-request-id': id });
        response.end(modelsBody);
        return;
      }
      case '/healthz':
        request.resume();
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"status":"ok"}');
        return;
      case '/readyz':
      case '/health': {
        request.resume();
        const targets = options.breakerStates?.() ?? [];
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ status: 'ready', inFlight: inFlight.size, targets }));
        return;
      }
      case '/metrics':
        request.resume();
        metrics.text().then(
          (text) => {
            response.writeHead(200, { 'content-type': metrics.contentType });
            response.end(text);
          },
          (error: unknown) => sendError(response, { error }),
        );
        return;
      default:
        request.resume();
        reject(response, {
          id,
          status: 404,
          message: `Unknown request URL: ${method} ${path}.`,
          code: 'unknown_url',
        });
    }
  };

  /** Why a request may not use the `/v1` routes, or `undefined` when its key is good (or none is needed). */
  function refusalFor(request: IncomingMessage, id: string): Refusal | undefined {
    const header = request.headers.authorization;
    if (keys.accepts(header)) return undefined;
    request.resume();
    const message =
      header === undefined
        ? "You didn't provide an API key. Provide your gateway key in an Authorization header using Bearer auth (Authorization: Bearer YOUR_KEY)."
        : 'Incorrect API key provided.';
    return { id, status: 401, message, code: header === undefined ? 'missing_api_key' : 'invalid_api_key' };
  }

  return {
    listener,
    get inFlight() {
      return inFlight.size;
    },
    drain() {
      draining = true;
    },
    idle() {
      if (inFlight.size === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    abortAll() {
      for (const abort of inFlight) abort.abort(new CancelledError());
    },
  };
}

/** A refusal of the gateway's own, before any routing. */
interface Refusal {
  id: string;
  status: number;
  message: string;
  code: string;
}

function reject(response: ServerResponse, refusal: Refusal): void {
  const { id, status, message, code } = refusal;
  sendError(response, {
    error: new GatewayError({ status, message, code, type: typeFor(status) }),
    headers: { 'x-request-id': id },
  });
}

function methodNotAllowed(
  response: ServerResponse,
  request: { id: string; method: string; path: string; allowed: string },
): void {
  response.setHeader('allow', request.allowed);
  reject(response, {
    id: request.id,
    status: 405,
    message: `Method ${request.method} is not allowed on ${request.path}; use ${request.allowed}.`,
    code: 'method_not_allowed',
  });
}

function typeFor(status: number): GatewayError['type'] {
  if (status === 401) return 'authentication_error';
  if (status === 404) return 'not_found_error';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

function ignore(): void {}
