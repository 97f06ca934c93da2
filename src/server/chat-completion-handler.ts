import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AbortHandle } from '../abort/abort-handle.js';
import { NoSuchModelError } from '../errors/no-such-model-error.js';
import { type InternalCallOptions, internalCalls } from '../router/internal-call.js';
import type { Router } from '../router/router-types.js';
import { RouterError } from '../types/router-error.js';
import type { StreamPart } from '../types/stream-part.js';
import type { Usage } from '../types/usage.js';
import { type ChatCompletionCall, convertToCompletionRequest } from './convert-to-completion-request.js';
import { convertToOpenAIResponse } from './convert-to-openai-response.js';
import { GatewayError, invalidRequest } from './gateway-error.js';
import type { GatewayMetrics } from './gateway-metrics.js';
import { mapErrorToOpenAI } from './map-error-to-openai.js';
import { errorFrame, OpenAIChunkEncoder } from './openai-chunk-encoder.js';
import { readRequestBody } from './read-request-body.js';
import type { RequestLog, RequestLogEntry } from './request-log.js';
import type { RequestTracker, TrackingInstrumentation } from './request-tracker.js';
import { sendError } from './send-error.js';

/** One request as the gateway handles it. */
export interface RequestScope {
  request: IncomingMessage;
  response: ServerResponse;
  id: string;
  /** `performance.now()` when the request arrived. */
  startedAt: number;
  /** Aborted when the client disconnects, or when shutdown cuts the request off. */
  abort: AbortHandle;
}

/** What the chat completion handler needs, built once per gateway. */
export interface ChatCompletionHandlerOptions {
  router: Router;
  instrumentation: TrackingInstrumentation;
  metrics: GatewayMetrics;
  log: RequestLog;
  bodyLimitBytes: number;
  deadlineMs: number | undefined;
  logContent: boolean;
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
  call?: ChatCompletionCall;
  tracker?: RequestTracker;
  usage?: Usage;
  timeToFirstTokenMs?: number;
  overheadMs?: number;
  errorKind?: string;
  error?: string;
  output?: string;
}

/**
 * `POST /v1/chat/completions`: reads the OpenAI request, routes it, and answers in OpenAI's format.
 * Streams write each frame as its part arrives; the status and the trail headers go out with the first
 * part, so a failure before any content still gets a proper error status. The client disconnecting
 * aborts the upstream call.
 */
export class ChatCompletionHandler {
  constructor(private readonly options: ChatCompletionHandlerOptions) {}

  async handle(scope: RequestScope): Promise<void> {
    let ending: Ending;
    try {
      ending = await this.route(scope);
    } catch (error) {
      const answer = sendError(scope.response, { error, headers: { 'x-request-id': scope.id } });
      const outcome = error instanceof GatewayError ? 'rejected' : 'internal_error';
      ending = { status: answer.status, outcome, error: answer.message };
    }
    this.finish(scope, ending);
  }

  private async route(scope: RequestScope): Promise<Ending> {
    const raw = await readRequestBody(scope.request, this.options.bodyLimitBytes);
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      throw invalidRequest({
        param: null,
        message:
          'We could not parse the JSON body of your request. The body must be valid JSON (Content-Type: application/json).',
        code: 'invalid_json',
      });
    }
    const call = convertToCompletionRequest(body);
    try {
      this.options.router.explain(call.request.model);
    } catch (error) {
      if (!(error instanceof NoSuchModelError)) throw error;
      throw new GatewayError({
        status: 404,
        type: 'not_found_error',
        code: 'model_not_found',
        param: 'model',
        message: `The model '${call.request.model}' does not exist or is not routed by this gateway.`,
      });
    }
    const tracker = this.options.instrumentation.track(call.request);
    const callOptions: InternalCallOptions = { abort: scope.abort };
    if (this.options.deadlineMs !== undefined) callOptions.deadlineMs = this.options.deadlineMs;
    return call.stream
      ? this.stream({ call, tracker, callOptions, scope })
      : this.complete({ call, tracker, callOptions, scope });
  }

  private async complete(run: Run): Promise<Ending> {
    const { call, tracker, scope } = run;
    const { response } = scope;
    let result: Awaited<ReturnType<Router['complete']>>;
    try {
      result = await internalCalls(this.options.router).complete(call.request, run.callOptions);
    } catch (error) {
      return this.failed(run, error);
    }
    const body = JSON.stringify(
      convertToOpenAIResponse(result, { fallbackId: `chatcmpl-${scope.id}`, created: nowSeconds() }),
    );
    const overheadMs = tracker.overheadMs({
      startedAt: scope.startedAt,
      endedAt: performance.now(),
      upTo: 'last-attempt',
    });
    response.writeHead(200, {
      'content-type': 'application/json',
      ...trailHeaders(scope, tracker),
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
    };
    if (this.options.logContent) ending.output = result.text;
    return ending;
  }

  private async stream(run: Run): Promise<Ending> {
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
    const headersAt = performance.now();
    const overheadMs = tracker.overheadMs({
      startedAt: scope.startedAt,
      endedAt: headersAt,
      upTo: 'first-content',
    });
    const encoder = new OpenAIChunkEncoder({
      id: `chatcmpl-${scope.id}`,
      model: tracker.model ?? call.request.model,
      created: nowSeconds(),
      includeUsage: call.includeUsage,
    });
    response.writeHead(200, {
      ...sseHeaders,
      ...trailHeaders(scope, tracker),
      'x-llmrouter-overhead-ms': overheadMs.toFixed(3),
    });
    const ending: Ending = {
      status: 200,
      outcome: 'success',
      call,
      tracker,
      overheadMs,
      timeToFirstTokenMs: headersAt - scope.startedAt,
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
      const answer = mapErrorToOpenAI(error);
      ending.outcome = outcomeOf(error, scope);
      ending.errorKind = RouterError.isInstance(error) ? error.kind : undefined;
      ending.error = answer.message;
      if (!response.destroyed) response.end(errorFrame(answer));
    } finally {
      if (!result.done) await iterator.return?.();
    }
    return ending;
  }

  /** A routed call failed before anything was written: answer with its error status. */
  private failed(run: Run, error: unknown): Ending {
    const answer = sendError(run.scope.response, { error, headers: trailHeaders(run.scope, run.tracker) });
    return {
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
    if (ending.errorKind !== undefined) entry.errorKind = ending.errorKind;
    if (ending.error !== undefined) entry.error = ending.error;
    if (this.options.logContent && call) {
      entry.messages = call.request.messages;
      if (ending.output !== undefined) entry.output = ending.output;
    }
    this.options.log.request(entry);
  }
}

interface Run {
  call: ChatCompletionCall;
  tracker: RequestTracker;
  callOptions: InternalCallOptions;
  scope: RequestScope;
}

/** The attempt trail as response headers: who served, how many attempts, whether the router fell back. */
function trailHeaders(scope: RequestScope, tracker: RequestTracker): Record<string, string> {
  const headers: Record<string, string> = {
    'x-request-id': scope.id,
    'x-llmrouter-attempts': String(tracker.attempts),
    'x-llmrouter-fallback': tracker.fellBack ? 'true' : 'false',
  };
  if (tracker.provider !== undefined) headers['x-llmrouter-provider'] = tracker.provider;
  if (tracker.model !== undefined) headers['x-llmrouter-model'] = tracker.model;
  return headers;
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
