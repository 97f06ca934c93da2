import type { CallOptions, Explanation, RouterStream } from '../router/router-types.js';
import type { ProviderCapabilities } from '../types/provider.js';
import type { CompletionRequest } from '../types/request.js';
import type { CompletionResponse } from '../types/response.js';
import type { ObjectSchema } from './object-schema.js';

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

/**
 * A request for an object: a completion request without `responseFormat` (the schema decides it) and
 * without tools (the answer is the object, not a tool call), plus the schema and how hard to try.
 */
export interface ObjectRequest<Schema extends ObjectSchema = ObjectSchema>
  extends Omit<CompletionRequest, 'responseFormat' | 'tools' | 'toolChoice' | 'parallelToolCalls'> {
  /** A Standard Schema that can produce JSON Schema (zod 4, valibot, arktype), or a plain JSON Schema. */
  schema: Schema;
  /** Name of the schema where the provider takes one (OpenAI `json_schema.name`; `response` when omitted). */
  schemaName?: string;
  /** What the object is, for the provider's schema description. */
  schemaDescription?: string;
  /**
   * Repair answers that are not JSON as they stand (fences, prose, trailing commas, missing brackets).
   * Default true.
   */
  repair?: boolean;
  /**
   * How many times each target is asked again after an answer that does not validate, with the
   * problems as feedback, before the next target is tried. Default 2. An answer cut off at the token
   * limit (finish reason `length`) is asked again only when the request set `maxTokens`, and then with
   * twice the limit; under the provider's own limit the next target is tried at once.
   */
  maxReasks?: number;
  /** Move on to the next target of the plan when a target's answers never validate. Default true. */
  fallback?: boolean;
  /** Cancellation, overall deadline, headers and pinned targets for the whole object call, re-asks included. */
  call?: CallOptions;
}

/** A validated object and the response that carried it; its `trail` covers every attempt of the object call. */
export interface ObjectResult<T> {
  object: T;
  response: CompletionResponse;
}
