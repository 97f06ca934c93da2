import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AbortHandle } from '../abort/abort-handle.js';
import type { CorsConfig } from '../config/cors-schema.js';
import { CancelledError } from '../errors/cancelled-error.js';
import type { ResponseCache } from '../middleware/response-cache.js';
import type { Router } from '../router/router-types.js';
import type { Target } from '../types/attempt.js';
import type { CircuitState, RouterHooks } from '../types/events.js';
import { chatCompletionsSurface } from './chat-completions/chat-completions-surface.js';
import { mapErrorToOpenAI } from './chat-completions/map-error-to-openai.js';
import { BodyTimer } from './core/body-timer.js';
import { type ConfigVersion, ConfigVersionMetric } from './core/config-version-metric.js';
import type { ConnectionCounts } from './core/connection-guard.js';
import { CorsPolicy } from './core/cors-policy.js';
import { GatewayError } from './core/gateway-error.js';
import { type GatewayKey, GatewayKeys, type KeyGrant } from './core/gateway-keys.js';
import { type GatewayLimits, resolveGatewayLimits } from './core/gateway-limits.js';
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
  /** Bearer tokens clients must present (each with its routing constraints, if any); empty for none. */
  keys: readonly (string | GatewayKey)[];
  bodyLimitBytes: number;
  /** One deadline across every retry and fallback of a request. */
  deadlineMs?: number;
  /**
   * Every request may be sent to two targets at once by the router's `hedge` policy, unless its
   * `x-llmrouter-safe-to-duplicate: false` header says otherwise. Default false: only requests whose
   * header says `true` are.
   */
  safeToDuplicate?: boolean;
  logContent?: boolean;
  /** What `GET /v1/models` lists. */
  models: readonly ListedModel[];
  /** Each breaker's state, for `GET /readyz` and the metrics. */
  breakerStates?: () => Array<Target & { state: CircuitState }>;
  /**
   * The router's response cache (`responseCache()` in its middleware), when it has one: the gateway then
   * passes each client's `Cache-Control` (`no-cache`, `no-store`) on to it, says `hit`, `miss` or `bypass`
   * in an `x-llmrouter-cache` header on every surface, and counts them in `llmrouter_cache_requests_total`.
   */
  responseCache?: ResponseCache;
  /** Cross-origin access for browser clients. Default: none (no CORS headers, no preflight). */
  cors?: CorsConfig;
  /** Which configuration this is, for `GET /readyz` and `llmrouter_config_info`. */
  configVersion?: ConfigVersion;
  /**
   * Time, size and connection limits; each one left out has its default ({@link gatewayLimitDefaults}).
   * The listener enforces the body's time; serve with `createGatewayServer` for the rest.
   */
  limits?: Partial<GatewayLimits>;
}

/** What a reload may replace: everything but the observers, the log and where the server listens. */
export type GatewayRouting = Omit<GatewayOptions, 'observers' | 'log'>;

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
  /**
   * Serves new requests with `routing` from now on, at once; requests already running finish on the
   * routing they started with.
   */
  swap(routing: GatewayRouting): void;
  /** The limits in force, defaults applied. */
  readonly limits: GatewayLimits;
  /** Gives `/metrics` a server's connection counts (open, refused by cap); `createGatewayServer` calls it. */
  watchConnections(read: () => ConnectionCounts): void;
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
 * createGatewayServer(gateway).listen(8080);
 */
export function createGateway(options: GatewayOptions): Gateway {
  const limits = resolveGatewayLimits(options.limits);
  const bodyTimer = new BodyTimer(limits.bodyTimeoutMs);
  const { metrics, instrumentation } = options.observers;
  const configMetric = new ConfigVersionMetric(metrics.registry);
  let current = generationOf(options);
  const swap = (routing: GatewayRouting) => {
    current = generationOf({ ...routing, observers: options.observers, log: options.log });
  };
  function generationOf(routing: GatewayOptions) {
    if (routing.breakerStates) metrics.watchBreakers(routing.breakerStates);
    if (routing.configVersion) configMetric.set(routing.configVersion);
    const handlerOptions: RoutedCallHandlerOptions = {
      router: routing.router,
      instrumentation,
      metrics,
      log: routing.log,
      bodyLimitBytes: routing.bodyLimitBytes,
      deadlineMs: routing.deadlineMs,
      safeToDuplicate: routing.safeToDuplicate ?? false,
      logContent: routing.logContent ?? false,
      cache: routing.responseCache !== undefined,
    };
    return {
      keys: new GatewayKeys(routing.keys),
      cors: routing.cors ? new CorsPolicy(routing.cors) : undefined,
      breakerStates: routing.breakerStates,
      configVersion: routing.configVersion,
      chat: new RoutedCallHandler(chatCompletionsSurface, handlerOptions),
      messages: new RoutedCallHandler(messagesSurface, handlerOptions),
      responses: new RoutedCallHandler(responsesSurface, handlerOptions),
      countTokens: new CountTokensHandler(handlerOptions),
      embeddings: new EmbeddingsHandler(handlerOptions),
      modelsBody: JSON.stringify({
        object: 'list',
        data: routing.models.map((model) => ({
          id: model.id,
          object: 'model',
          created: 0,
          owned_by: model.ownedBy,
        })),
      }),
    };
  }
  const chatRoute: Route = {
    method: 'POST',
    credential: 'bearer',
    mapError: mapErrorToOpenAI,
    handle: (scope) => current.chat.handle(scope),
  };
  const modelsRoute: Route = {
    method: 'GET',
    credential: 'bearer',
    mapError: mapErrorToOpenAI,
    answer: (response, id) => {
      const body = current.modelsBody;
      response.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        'x-request-id': id,
      });
      response.end(body);
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
        handle: (scope) => current.messages.handle(scope),
      },
    ],
    [
      '/v1/messages/count_tokens',
      {
        method: 'POST',
        credential: 'anthropic',
        mapError: mapErrorToAnthropic,
        handle: (scope) => current.countTokens.handle(scope),
      },
    ],
    [
      '/v1/responses',
      {
        method: 'POST',
        credential: 'bearer',
        mapError: mapErrorToOpenAI,
        handle: (scope) => current.responses.handle(scope),
      },
    ],
    [
      '/v1/embeddings',
      {
        method: 'POST',
        credential: 'bearer',
        mapError: mapErrorToOpenAI,
        handle: (scope) => current.embeddings.handle(scope),
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
    const allowed = route ? allowedMethods(route) : 'GET, HEAD';
    if (current.cors?.handle(request, response, `${allowed}, OPTIONS`)) return;
    bodyTimer.watch({ request, response, id, mapError });

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
      if (method !== route.method && !(method === 'HEAD' && route.method === 'GET')) {
        request.resume();
        methodNotAllowed(response, { id, method, path, allowed, mapError });
        return;
      }
      const grant = grantFor(request, route.credential);
      if (!grant) {
        reject(response, { ...refusal(request, { id, credential: route.credential }), mapError });
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
      void route.handle?.({ request, response, id, startedAt: performance.now(), abort, grant });
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
        const targets = current.breakerStates?.() ?? [];
        const ready: Record<string, unknown> = { status: 'ready', inFlight: inFlight.size, targets };
        if (current.configVersion) ready.config = current.configVersion;
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(ready));
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

  /** What the request's key grants, or `undefined` when its key is missing or wrong. */
  function grantFor(request: IncomingMessage, credential: Credential): KeyGrant | undefined {
    const apiKey = credential === 'anthropic' ? request.headers['x-api-key'] : undefined;
    return current.keys.grantFor({
      authorization: request.headers.authorization,
      apiKey: typeof apiKey === 'string' ? apiKey : undefined,
    });
  }

  /** Why a request with a missing or wrong key may not use a `/v1` route. */
  function refusal(
    request: IncomingMessage,
    route: { id: string; credential: Credential },
  ): Omit<Refusal, 'mapError'> {
    const { id, credential } = route;
    const header = request.headers.authorization;
    const presentedKey = credential === 'anthropic' ? request.headers['x-api-key'] : undefined;
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
    limits,
    watchConnections: (read) => metrics.watchConnections(read),
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
    swap,
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

/** What the `Allow` header says for a route: a GET route answers HEAD too. */
function allowedMethods(route: Route): string {
  return route.method === 'GET' ? 'GET, HEAD' : route.method;
}

function typeFor(status: number): GatewayError['type'] {
  if (status === 401) return 'authentication_error';
  if (status === 404) return 'not_found_error';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

function ignore(): void {}
