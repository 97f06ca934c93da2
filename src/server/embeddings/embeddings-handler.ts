import { internalCalls } from '../../router/internal-call.js';
import type { Attempt } from '../../types/attempt.js';
import type { EmbeddingResponse } from '../../types/embedding.js';
import { RouterError } from '../../types/router-error.js';
import { mapErrorToOpenAI } from '../chat-completions/map-error-to-openai.js';
import { ensureRouted } from '../core/ensure-routed.js';
import { GatewayError } from '../core/gateway-error.js';
import { readJsonBody } from '../core/read-request-body.js';
import type { RequestLogEntry } from '../core/request-log.js';
import type { RoutedCallHandlerOptions } from '../core/routed-call-handler.js';
import { routingConstraintsOf } from '../core/routing-constraints.js';
import { sendError } from '../core/send-error.js';
import type { RequestScope } from '../core/surface.js';
import { convertEmbeddingsRequest } from './convert-embeddings-request.js';
import { convertToOpenAIEmbeddings } from './convert-to-openai-embeddings.js';

/**
 * `POST /v1/embeddings` in OpenAI's shape: routed through `router.embed` (same-model replicas only),
 * answered with float or base64 vectors, errors in OpenAI's shape. The trail goes out in the same
 * `x-llmrouter-*` headers as the other surfaces, and the request is logged and counted like them.
 */
export class EmbeddingsHandler {
  constructor(
    private readonly options: Pick<
      RoutedCallHandlerOptions,
      'router' | 'log' | 'metrics' | 'bodyLimitBytes' | 'deadlineMs'
    >,
  ) {}

  async handle(scope: RequestScope): Promise<void> {
    const { response } = scope;
    let status = 200;
    let model: string | undefined;
    let outcome = 'success';
    let result: EmbeddingResponse | undefined;
    let trail: readonly Attempt[] = [];
    let error: string | undefined;
    try {
      const body = await readJsonBody(scope.request, this.options.bodyLimitBytes);
      const call = convertEmbeddingsRequest(body);
      model = call.request.model;
      ensureRouted(model, (name) => this.options.router.explainEmbedding(name));
      const constraints = routingConstraintsOf(scope.request, scope.grant);
      try {
        result = await internalCalls(this.options.router).embed(call.request, {
          abort: scope.abort,
          ...constraints,
          ...(this.options.deadlineMs === undefined ? {} : { deadlineMs: this.options.deadlineMs }),
        });
      } catch (failure) {
        if (RouterError.isInstance(failure)) trail = failure.trail ?? [];
        throw failure;
      }
      trail = result.trail;
      response.writeHead(200, { 'content-type': 'application/json', ...trailHeaders(scope.id, trail) });
      response.end(JSON.stringify(convertToOpenAIEmbeddings(result, call)));
    } catch (failure) {
      const answer = sendError(response, {
        error: failure,
        mapError: mapErrorToOpenAI,
        headers: trailHeaders(scope.id, trail),
      });
      status = scope.abort.aborted ? 499 : answer.status;
      error = answer.message;
      outcome = scope.abort.aborted
        ? 'cancelled'
        : RouterError.isInstance(failure)
          ? failure.kind
          : GatewayError.isInstance(failure)
            ? 'rejected'
            : 'internal_error';
    }
    this.finish(scope, { status, model, outcome, result, trail, error });
  }

  private finish(
    scope: RequestScope,
    ending: {
      status: number;
      model: string | undefined;
      outcome: string;
      result: EmbeddingResponse | undefined;
      trail: readonly Attempt[];
      error: string | undefined;
    },
  ): void {
    const latencyMs = performance.now() - scope.startedAt;
    const served = ending.trail.findLast((attempt) => attempt.outcome !== 'skipped');
    this.options.metrics.recordRequest({
      model: ending.model ?? '',
      provider: served?.provider ?? '',
      outcome: ending.outcome,
      stream: false,
      durationSeconds: latencyMs / 1000,
      timeToFirstTokenSeconds: undefined,
      usage: ending.result?.usage,
    });
    const entry: RequestLogEntry = {
      id: scope.id,
      method: scope.request.method ?? 'POST',
      path: scope.request.url ?? '',
      status: ending.status,
      latencyMs: Math.round(latencyMs * 1000) / 1000,
    };
    if (ending.model !== undefined) {
      entry.model = ending.model;
      entry.stream = false;
    }
    if (served) {
      entry.provider = served.provider;
      entry.servedModel = served.model;
    }
    if (ending.trail.length > 0) {
      entry.attempts = ending.trail.filter((attempt) => attempt.outcome !== 'skipped').length;
      entry.fallback = ending.trail.some((attempt) => attempt.reason === 'fallback');
    }
    const inputTokens = ending.result?.usage.inputTokens;
    if (inputTokens !== undefined) entry.inputTokens = inputTokens;
    if (ending.error !== undefined) entry.error = ending.error;
    this.options.log.request(entry);
  }
}

/** The trail as the headers every surface sends: who served, how many attempts, whether it fell back. */
function trailHeaders(id: string, trail: readonly Attempt[]): Record<string, string> {
  const sent = trail.filter((attempt) => attempt.outcome !== 'skipped');
  const headers: Record<string, string> = {
    'x-request-id': id,
    'x-llmrouter-attempts': String(sent.length),
    'x-llmrouter-fallback': trail.some((attempt) => attempt.reason === 'fallback') ? 'true' : 'false',
  };
  const served = sent.at(-1);
  if (served) {
    headers['x-llmrouter-provider'] = served.provider;
    headers['x-llmrouter-model'] = served.model;
  }
  return headers;
}
