import type { CallOptions, Explanation, RouterStream } from '../types/call.js';
import type { ProviderCapabilities } from '../types/provider.js';
import type { CompletionRequest } from '../types/request.js';
import type { CompletionResponse } from '../types/response.js';

/**
 * What structured output needs from a router: `complete`/`stream` routed through chosen targets
 * (`CallOptions.targets`) and `explain` for the plan. A `Router` is one. `capabilities`, when the router
 * has it, tells each target's structured-output mode up front (and lets `explainObject` show it);
 * without it the mode is found from the router's own capability check on the first call.
 */
export interface ObjectRouter {
  complete(request: CompletionRequest, options?: CallOptions): Promise<CompletionResponse>;
  stream(request: CompletionRequest, options?: CallOptions): RouterStream;
  explain(model: string): Explanation;
  capabilities?(provider: string): ProviderCapabilities | undefined;
}
