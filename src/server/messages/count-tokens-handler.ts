import { ensureRouted } from '../core/ensure-routed.js';
import { readJsonBody } from '../core/read-request-body.js';
import { headerText, type RoutedCallHandlerOptions } from '../core/routed-call-handler.js';
import { sendError } from '../core/send-error.js';
import type { RequestScope } from '../core/surface.js';
import { convertMessagesRequest } from './convert-messages-request.js';
import { estimateInputTokens } from './estimate-input-tokens.js';
import { mapErrorToAnthropic } from './map-error-to-anthropic.js';

/**
 * `POST /v1/messages/count_tokens`: the same body as `/v1/messages` (without `max_tokens`), answered with
 * `{ input_tokens }`. The router's adapters have no token-counting call, so the count is always an
 * estimate ({@link estimateInputTokens}), and says so: `"estimated": true` in the body and
 * `x-llmrouter-token-count: estimate` in the headers. The model must be one the gateway routes.
 */
export class CountTokensHandler {
  constructor(
    private readonly options: Pick<RoutedCallHandlerOptions, 'router' | 'log' | 'bodyLimitBytes'>,
  ) {}

  async handle(scope: RequestScope): Promise<void> {
    const { response } = scope;
    let status = 200;
    let model: string | undefined;
    let error: string | undefined;
    try {
      const body = await readJsonBody(scope.request, this.options.bodyLimitBytes);
      const call = convertMessagesRequest(body, { countOnly: true });
      model = call.request.model;
      ensureRouted(model, (name) => this.options.router.explain(name));
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'x-request-id': scope.id,
        'x-llmrouter-token-count': 'estimate',
      };
      if (call.warnings.length > 0) headers['x-llmrouter-warnings'] = headerText(call.warnings.join('; '));
      response.writeHead(200, headers);
      response.end(JSON.stringify({ input_tokens: estimateInputTokens(call.request), estimated: true }));
    } catch (failure) {
      const answer = sendError(response, {
        error: failure,
        mapError: mapErrorToAnthropic,
        headers: { 'x-request-id': scope.id },
      });
      status = answer.status;
      error = answer.message;
    }
    const entry: Parameters<RoutedCallHandlerOptions['log']['request']>[0] = {
      id: scope.id,
      method: scope.request.method ?? 'POST',
      path: scope.request.url ?? '',
      status,
      latencyMs: Math.round((performance.now() - scope.startedAt) * 1000) / 1000,
    };
    if (model !== undefined) entry.model = model;
    if (error !== undefined) entry.error = error;
    this.options.log.request(entry);
  }
}
