import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AbortHandle } from '../abort/abort-handle.js';
import { CancelledError } from '../errors/cancelled-error.js';
import type { Router } from '../router/router-types.js';
import type { Target } from '../types/attempt.js';
import type { CircuitState, RouterHooks } from '../types/events.js';
import { chatCompletionsSurface } from './chat-completions/chat-completions-surface.js';
import { mapErrorToOpenAI } from './chat-completions/map-error-to-openai.js';
import { GatewayError } from './core/gateway-error.js';
import { GatewayKeys } from './core/gateway-keys.js';
import { GatewayMetrics } from './core/gateway-metrics.js';
import type { RequestLog } from './core/request-log.js';
import { TrackingInstrumentation } from './core/request-tracker.js';
import { RoutedCallHandler, type RoutedCallHandlerOptions } from './core/routed-call-handler.js';
import { sendError } from './core/send-error.js';
import type { ErrorMapper, RequestScope } from './core/surface.js';
import { EmbeddingsHandler } from './embeddings/embeddings-handler.js';
import { CountTokensHandler } from './messages/count-tokens-handler.js';
import { mapErrorToAnthropic } from './messages/map-error-to-anthropic.js';
import { messagesSurface } from './messages/messages-surface.js';
import { responsesSurface } from './responses/responses-surface.js';

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

/** How a route's clients present their gateway key. */
type Credential = 'bearer' | 'anthropic';

/** One `/v1` endpoint: its method, how it authenticates, how its errors look, and what handles it. */
interface Route {
  method: 'GET' | 'POST';
  credential: Credential;
  mapError: ErrorMapper;
  /** Routed calls and token counts: tracked in flight and aborted when the client goes. */
  handle?: (scope: RequestScope) => Promise<void>;
  /** Answers at once, from what the gateway knows (the model list). */
  answer?: (response: ServerResponse, id: string) => void;
}

/**
 * The gateway as a `node:http` request listener, one surface per API on one core:
 * `POST /v1/chat/completions` (OpenAI Chat Completions), `POST /v1/messages` and
 * `POST /v1/messages/count_tokens` (Anthropic Messages), `POST /v1/responses` (OpenAI Responses, stateless),
 * `POST /v1/embeddings` (OpenAI embeddings, float and base64),
 * `GET /v1/models`, `GET /healthz` (liveness), `GET /readyz` (readiness with each breaker's state) and
 * `GET /metrics` (Prometheus). Every surface routes through the same router, so any backend serves any
 * surface. The `/v1` routes need a configured gateway key when there are any (Bearer, or `x-api-key` on
 * the Anthropic routes); health and metrics do not, being meant for the platform rather than for clients.
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
  const handlerOptions: RoutedCallHandlerOptions = {
    router: options.router,
    instrumentation,
    metrics,
    log: options.log,
    bodyLimitBytes: options.bodyLimitBytes,
    deadlineMs: options.deadlineMs,
    logContent: options.logContent ?? false,
  };
  const chat = new RoutedCallHandler(chatCompletionsSurface, handlerOptions);
  const messages = new RoutedCallHandler(messagesSurface, handlerOptions);
  const responses = new RoutedCallHandler(responsesSurface, handlerOptions);
  const countTokens = new CountTokensHandler(handlerOptions);
  const embeddings = new EmbeddingsHandler(handlerOptions);
  const modelsBody = JSON.stringify({
    object: 'list',
    data: options.models.map((model) => ({
      id: model.id,
      object: 'model',
      created: 0,
      owned_by: model.ownedBy,
    })),
  });
  const chatRoute: Route = {
    method: 'POST',
    credential: 'bearer',
    mapError: mapErrorToOpenAI,
    handle: (scope) => chat.handle(scope),
  };
  const modelsRoute: Route = {
    method: 'GET',
    credential: 'bearer',
    mapError: mapErrorToOpenAI,
    answer: (response, id) => {
      response.writeHead(200, { 'content-type': 'application/json', 'x-request-id': id });
      response.end(modelsBody);
    },
  };
  const routes = new Map<string, Route>([
    ['/v1/chat/completions', chatRoute],
    ['/chat/completions', chatRoute],
    [
      '/v1/messages',
      {
        method: 'POST',
        credential: 'anthropic',
        mapError: mapErrorToAnthropic,
        handle: (scope) => messages.handle(scope),
      },
    ],
    [
      '/v1/messages/count_tokens',
      {
        method: 'POST',
        credential: 'anthropic',
        mapError: mapErrorToAnthropic,
        handle: (scope) => countTokens.handle(scope),
      },
    ],
    [
      '/v1/responses',
      {
        method: 'POST',
        credential: 'bearer',
        mapError: mapErrorToOpenAI,
        handle: (scope) => responses.handle(scope),
      },
    ],
    [
      '/v1/embeddings',
      {
        method: 'POST',
        credential: 'bearer',
        mapError: mapErrorToOpenAI,
        handle: (scope) => embeddings.handle(scope),
      },
    ],
    ['/v1/models', modelsRoute],
    ['/models', modelsRoute],
  ]);
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
    const route = routes.get(path);
    const mapError = route?.mapError ?? mapErrorToOpenAI;

    if (draining) {
      response.setHeader('connection', 'close');
      request.resume();
      reject(response, {
        id,
        mapError,
        status: 503,
        message: 'The gateway is shutting down; retry on another instance.',
        code: 'shutting_down',
      });
      return;
    }
    if (route) {
      if (method !== route.method) {
        request.resume();
        methodNotAllowed(response, { id, method, path, allowed: route.method, mapError });
        return;
      }
      const refusal = refusalFor(request, { id, credential: route.credential });
      if (refusal) {
        reject(response, { ...refusal, mapError });
        return;
      }
      if (route.answer) {
        request.resume();
        route.answer(response, id);
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
      void route.handle?.({ request, response, id, startedAt: performance.now(), abort });
      return;
    }
    request.resume();
    switch (path) {
      case '/healthz':
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"status":"ok"}');
        return;
      case '/readyz':
      case '/health': {
        const targets = options.breakerStates?.() ?? [];
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ status: 'ready', inFlight: inFlight.size, targets }));
        return;
      }
      case '/metrics':
        metrics.text().then(
          (text) => {
            response.writeHead(200, { 'content-type': metrics.contentType });
            response.end(text);
          },
          (error: unknown) => sendError(response, { error, mapError }),
        );
        return;
      default:
        if (path.startsWith('/v1/responses/')) {
          // Retrieval, deletion, cancellation and input items all need responses stored server-side.
          reject(response, {
            id,
            mapError,
            status: 400,
            message: `${method} ${path} needs a stored response, and this gateway stores none: it serves the Responses API statelessly. Keep the output items of each response and send them back in 'input'.`,
            code: 'stateless_gateway',
          });
          return;
        }
        reject(response, {
          id,
          mapError,
          status: 404,
          message: `Unknown request URL: ${method} ${path}.`,
          code: 'unknown_url',
        });
    }
  };

  /** Why a request may not use a `/v1` route, or `undefined` when its key is good (or none is needed). */
  function refusalFor(
    request: IncomingMessage,
    route: { id: string; credential: Credential },
  ): Omit<Refusal, 'mapError'> | undefined {
    const { id, credential } = route;
    const header = request.headers.authorization;
    const apiKey = credential === 'anthropic' ? request.headers['x-api-key'] : undefined;
    const presentedKey = typeof apiKey === 'string' ? apiKey : undefined;
    if (presentedKey !== undefined ? keys.acceptsKey(presentedKey) : keys.accepts(header)) return undefined;
    request.resume();
    const missing = header === undefined && presentedKey === undefined;
    const message = !missing
      ? 'Incorrect API key provided.'
      : credential === 'anthropic'
        ? "You didn't provide an API key. Provide your gateway key in an x-api-key header (or Authorization: Bearer YOUR_KEY)."
        : "You didn't provide an API key. Provide your gateway key in an Authorization header using Bearer auth (Authorization: Bearer YOUR_KEY).";
    return { id, status: 401, message, code: missing ? 'missing_api_key' : 'invalid_api_key' };
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

/** A refusal of the gateway's own, before any routing, in the format of the route it was meant for. */
interface Refusal {
  id: string;
  status: number;
  message: string;
  code: string;
  mapError: ErrorMapper;
}

function reject(response: ServerResponse, refusal: Refusal): void {
  const { id, status, message, code, mapError } = refusal;
  sendError(response, {
    error: new GatewayError({ status, message, code, type: typeFor(status) }),
    mapError,
    headers: { 'x-request-id': id },
  });
}

function methodNotAllowed(
  response: ServerResponse,
  request: { id: string; method: string; path: string; allowed: string; mapError: ErrorMapper },
): void {
  response.setHeader('allow', request.allowed);
  reject(response, {
    id: request.id,
    mapError: request.mapError,
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
