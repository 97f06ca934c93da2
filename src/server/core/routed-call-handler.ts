import type { ServerResponse } from 'node:http';
import { type InternalCallOptions, internalCalls } from '../../router/internal-call.js';
import type { Router } from '../../router/router-types.js';
import { RouterError } from '../../types/router-error.js';
import type { StreamPart } from '../../types/stream-part.js';
import type { Usage } from '../../types/usage.js';
import {
  type CacheResult,
  type ClientCacheControl,
  cacheResult,
  clientCacheControl,
} from './cache-result.js';
import { safeToDuplicateOf } from './duplicate-header.js';
import { ensureRouted } from './ensure-routed.js';
import { GatewayError } from './gateway-error.js';
import type { GatewayMetrics } from './gateway-metrics.js';
import { readJsonBody } from './read-request-body.js';
import type { RequestLog, RequestLogEntry } from './request-log.js';
import type { RequestTracker, TrackingInstrumentation } from './request-tracker.js';
import { routingConstraintsOf } from './routing-constraints.js';
import { sendError } from './send-error.js';
import type { AnswerContext, RequestScope, Surface, SurfaceCall } from './surface.js';

/** What the routed-call handler needs, built once per gateway. */
export interface RoutedCallHandlerOptions {
  router: Router;
  instrumentation: TrackingInstrumentation;
  metrics: GatewayMetrics;
  log: RequestLog;
  bodyLimitBytes: number;
  deadlineMs: number | undefined;
  /** Requests may be hedged unless their `x-llmrouter-safe-to-duplicate` header says `false`. */
  safeToDuplicate: boolean;
  logContent: boolean;
  /**
   * The router has a response cache: pass the client's `Cache-Control` on to it, say `hit`, `miss` or
   * `bypass` in `x-llmrouter-cache`, and count each in the metrics.
   */
  cache: boolean;
}

const sseHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
} as const;

/** How a request ended, for the log and the metrics. */
interface Ending {
  status: number;
  outcome: string;
  call?: SurfaceCall;
  tracker?: RequestTracker;
  usage?: Usage;
  timeToFirstTokenMs?: number;
  overheadMs?: number;
  errorKind?: string;
  error?: string;
  output?: string;
  cache?: CacheResult;
}

/**
 * A routed request on any surface: reads the body into the router's request with the surface's
 * converter, routes it, and answers in the surface's format. Streams write each frame as its part
 * arrives; the status and the trail headers go out with the first part, so a failure before any content
 * still gets a proper error status. The client disconnecting aborts the upstream call.
 */
export class RoutedCallHandler<Call extends SurfaceCall> {
  constructor(
    private readonly surface: Surface<Call>,
    private readonly options: RoutedCallHandlerOptions,
  ) {}

  async handle(scope: RequestScope): Promise<void> {
    let ending: Ending;
    try {
      ending = await this.route(scope);
    } catch (error) {
      const answer = sendError(scope.response, {
        error,
        mapError: this.surface.mapError,
        headers: { 'x-request-id': scope.id },
      });
      const outcome = GatewayError.isInstance(error) ? 'rejected' : 'internal_error';
      ending = { status: answer.status, outcome, error: answer.message };
    }
    this.finish(scope, ending);
  }

  private async route(scope: RequestScope): Promise<Ending> {
    const body = await readJsonBody(scope.request, this.options.bodyLimitBytes);
    const call = this.surface.readCall(body, scope);
    const calls = internalCalls(this.options.router);
    ensureRouted(call.request.model, (model) => calls.plan(model));
    const tracker = this.options.instrumentation.track(call.request);
    const callOptions: InternalCallOptions = { abort: scope.abort };
    const constraints = routingConstraintsOf(scope.request, scope.grant);
    if (constraints?.require) callOptions.require = constraints.require;
    if (constraints?.prefer) callOptions.prefer = constraints.prefer;
    if (this.options.deadlineMs !== undefined) callOptions.deadlineMs = this.options.deadlineMs;
    if (safeToDuplicateOf(scope.request, this.options.safeToDuplicate)) callOptions.safeToDuplicate = true;
    if (call.headers) callOptions.headers = call.headers;
    if (call.vendorHeaders) callOptions.vendorHeaders = call.vendorHeaders;
    const run: Run<Call> = { call, tracker, callOptions, scope, cacheControl: undefined };
    if (this.options.cache) {
      const control = clientCacheControl(scope.request);
      run.cacheControl = control;
      if (control.header !== undefined) {
        callOptions.headers = { ...call.headers, 'cache-control': control.header };
      }
    }
    return call.stream ? this.stream(run) : this.complete(run);
  }

  private async complete(run: Run<Call>): Promise<Ending> {
    const { call, tracker, scope } = run;
    const { response } = scope;
    let result: Awaited<ReturnType<Router['complete']>>;
    try {
      result = await internalCalls(this.options.router).complete(call.request, run.callOptions);
    } catch (error) {
      return this.failed(run, error);
    }
    const cache = run.cacheControl && cacheResult(run.cacheControl, result.cached === true);
    const body = this.surface.answer(result, {
      call,
      scope,
      model: result.model || call.request.model,
      created: nowSeconds(),
    });
    const overheadMs = tracker.overheadMs({
      startedAt: scope.startedAt,
      endedAt: performance.now(),
      upTo: 'last-attempt',
    });
    response.writeHead(200, {
      'content-type': 'application/json',
      ...trailHeaders(scope, tracker, call, cache),
      'x-llmrouter-overhead-ms': overheadMs.toFixed(3),
    });
    response.end(body);
    const ending: Ending = {
      status: 200,
      outcome: 'success',
      call,
      tracker,
      usage: result.usage,
      overheadMs,
      cache,
    };
    if (this.options.logContent) ending.output = result.text;
    return ending;
  }

  private async stream(run: Run<Call>): Promise<Ending> {
    const { call, tracker, scope } = run;
    const { response } = scope;
    const routed = internalCalls(this.options.router).stream(call.request, run.callOptions);
    const iterator = routed[Symbol.asyncIterator]();
    let result: IteratorResult<StreamPart>;
    try {
      result = await iterator.next();
    } catch (error) {
      return this.failed(run, error);
    }
    // Only the cache answers without sending an attempt: a first part before any attempt is a hit.
    const cache = run.cacheControl && cacheResult(run.cacheControl, tracker.attempts === 0);
    const headersAt = performance.now();
    const overheadMs = tracker.overheadMs({
      startedAt: scope.startedAt,
      endedAt: headersAt,
      upTo: 'first-content',
    });
    const context: AnswerContext<Call> = {
      call,
      scope,
      model: tracker.model ?? call.request.model,
      created: nowSeconds(),
    };
    const encoder = this.surface.streamEncoder(context);
    response.writeHead(200, {
      ...sseHeaders,
      ...trailHeaders(scope, tracker, call, cache),
      'x-llmrouter-overhead-ms': overheadMs.toFixed(3),
    });
    const ending: Ending = {
      status: 200,
      outcome: 'success',
      call,
      tracker,
      overheadMs,
      timeToFirstTokenMs: headersAt - scope.startedAt,
      cache,
    };
    // Frames written in the same tick (the parts of one upstream chunk) leave in one write: the socket
    // is corked at the first and uncorked before the event loop turns, so no frame waits. A write per
    // part cost a system call each.
    const socket = response.socket;
    let corked = false;
    const uncork = () => {
      corked = false;
      socket?.uncork();
    };
    try {
      while (!result.done) {
        const part = result.value;
        if (part.type === 'finish') ending.usage = part.usage;
        const frame = encoder.encode(part);
        if (frame !== '') {
          if (!corked && socket) {
            corked = true;
            socket.cork();
            process.nextTick(uncork);
          }
          if (!response.write(frame)) await drained(response);
        }
        result = await iterator.next();
      }
      response.end();
      if (this.options.logContent) ending.output = (await routed.response).text;
    } catch (error) {
      const answer = this.surface.mapError(error);
      ending.outcome = outcomeOf(error, scope);
      ending.errorKind = RouterError.isInstance(error) ? error.kind : undefined;
      ending.error = answer.message;
      if (!response.destroyed) response.end(encoder.fail(answer));
    } finally {
      if (!result.done) await iterator.return?.();
    }
    return ending;
  }

  /** A routed call failed before anything was written: answer with its error status. */
  private failed(run: Run<Call>, error: unknown): Ending {
    const cache = run.cacheControl && cacheResult(run.cacheControl, false);
    const answer = sendError(run.scope.response, {
      error,
      mapError: this.surface.mapError,
      headers: trailHeaders(run.scope, run.tracker, run.call, cache),
    });
    return {
      cache,
      status: run.scope.abort.aborted ? 499 : answer.status,
      outcome: outcomeOf(error, run.scope),
      call: run.call,
      tracker: run.tracker,
      errorKind: RouterError.isInstance(error) ? error.kind : undefined,
      error: answer.message,
    };
  }

  private finish(scope: RequestScope, ending: Ending): void {
    const { request } = scope;
    const endedAt = performance.now();
    const { call, tracker } = ending;
    const model = call?.request.model ?? '';
    const provider = tracker?.provider ?? '';
    this.options.metrics.recordRequest({
      model,
      provider,
      outcome: ending.outcome,
      stream: call?.stream ?? false,
      durationSeconds: (endedAt - scope.startedAt) / 1000,
      timeToFirstTokenSeconds:
        ending.timeToFirstTokenMs === undefined ? undefined : ending.timeToFirstTokenMs / 1000,
      usage: ending.usage,
    });
    if (ending.cache !== undefined) this.options.metrics.recordCache(model, ending.cache);
    const entry: RequestLogEntry = {
      id: scope.id,
      method: request.method ?? 'POST',
      path: request.url ?? '',
      status: ending.status,
      latencyMs: round(endedAt - scope.startedAt),
    };
    if (call) {
      entry.model = model;
      entry.stream = call.stream;
    }
    if (tracker) {
      if (tracker.provider !== undefined) entry.provider = tracker.provider;
      if (tracker.model !== undefined) entry.servedModel = tracker.model;
      entry.attempts = tracker.attempts;
      entry.fallback = tracker.fellBack;
    }
    if (ending.overheadMs !== undefined) entry.overheadMs = round(ending.overheadMs);
    if (ending.timeToFirstTokenMs !== undefined) entry.timeToFirstTokenMs = round(ending.timeToFirstTokenMs);
    if (ending.usage?.inputTokens !== undefined) entry.inputTokens = ending.usage.inputTokens;
    if (ending.usage?.outputTokens !== undefined) entry.outputTokens = ending.usage.outputTokens;
    if (ending.cache !== undefined) entry.cache = ending.cache;
    if (ending.errorKind !== undefined) entry.errorKind = ending.errorKind;
    if (ending.error !== undefined) entry.error = ending.error;
    if (call && call.warnings.length > 0) entry.warnings = call.warnings;
    if (this.options.logContent && call) {
      entry.messages = call.request.messages;
      if (ending.output !== undefined) entry.output = ending.output;
    }
    this.options.log.request(entry);
  }
}

interface Run<Call extends SurfaceCall> {
  call: Call;
  tracker: RequestTracker;
  callOptions: InternalCallOptions;
  scope: RequestScope;
  /** The client's `Cache-Control`, read when the router has a response cache. */
  cacheControl: ClientCacheControl | undefined;
}

/**
 * The attempt trail as response headers: who served, how many attempts, whether the router fell back,
 * whether the response cache answered, and what the surface could not carry.
 */
function trailHeaders(
  scope: RequestScope,
  tracker: RequestTracker,
  call: SurfaceCall,
  cache?: CacheResult,
): Record<string, string> {
  const headers: Record<string, string> = {
    'x-request-id': scope.id,
    'x-llmrouter-attempts': String(tracker.attempts),
    'x-llmrouter-fallback': tracker.fellBack ? 'true' : 'false',
  };
  if (tracker.provider !== undefined) headers['x-llmrouter-provider'] = tracker.provider;
  if (tracker.model !== undefined) headers['x-llmrouter-model'] = tracker.model;
  if (cache !== undefined) headers['x-llmrouter-cache'] = cache;
  if (call.warnings.length > 0) headers['x-llmrouter-warnings'] = headerText(call.warnings.join('; '));
  return headers;
}

/** Warnings may quote field names the client chose: only printable ASCII is valid in a header. */
export function headerText(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?');
}

function outcomeOf(error: unknown, scope: RequestScope): string {
  if (scope.abort.aborted) return 'cancelled';
  return RouterError.isInstance(error) ? error.kind : 'internal_error';
}

/** Resolves once the response can take more data, or once the client has gone. */
function drained(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function round(milliseconds: number): number {
  return Math.round(milliseconds * 1000) / 1000;
}
