import { abortSourceOf } from '../../abort/abort-handle.js';
import { IncompleteStreamError } from '../../errors/incomplete-stream-error.js';
import { apiKeyFromEnv, requireApiKey } from '../../http/api-key.js';
import { apiCallErrorFromStreamEvent } from '../../http/error-response.js';
import type { FetchFunction } from '../../http/http-types.js';
import { type CallTarget, parseEventData, postJson, readJson, sseEvents } from '../../http/post-json.js';
import { createResponse } from '../../types/create-response.js';
import type { ReasoningBlock, ToolCall } from '../../types/message.js';
import type { Provider, ProviderCallOptions } from '../../types/provider.js';
import type { CompletionRequest } from '../../types/request.js';
import type { CompletionResponse } from '../../types/response.js';
import type { FinishPart, StreamPart } from '../../types/stream-part.js';
import { allCapabilities } from '../shared/capabilities.js';
import { passThroughOptions } from '../shared/provider-options.js';
import { withWarnings } from '../shared/setting-warnings.js';
import type { GeminiResponse } from './api-types.js';
import { planGeminiRequest } from './convert-to-gemini-request.js';
import { promptBlockedError, readGeminiError } from './gemini-errors.js';
import { GeminiStreamState } from './gemini-stream.js';

/** Options of {@link gemini}. */
export interface GeminiOptions {
  /** Gemini API key, sent in the `x-goog-api-key` header (never in the URL). */
  apiKey: string;
  /** API root including the version segment. Default `https://generativelanguage.googleapis.com/v1beta`. */
  baseURL?: string;
  /** Extra headers on every request (a call's own `headers` win over these). */
  headers?: Record<string, string>;
  /** Send through this `fetch` instead of the shared undici pool. */
  fetch?: FetchFunction;
  /** Provider name in the router. Default `gemini`. */
  name?: string;
  /** Models this provider serves; the first is its default. */
  models?: readonly string[];
}

/** Environment variables `gemini.fromEnv()` reads, in order. */
export const GEMINI_API_KEY_VARIABLES = ['GEMINI_API_KEY', 'GOOGLE_GENERATIVE_AI_API_KEY'] as const;

const defaultBaseURL = 'https://generativelanguage.googleapis.com/v1beta';
const defaultModels = [
  'gemini-2.5-flash',
  'gemini-2.5-pro',
  'gemini-2.5-flash-lite',
  'gemini-3-pro-preview',
] as const;
const capabilities = allCapabilities;
// Requests name few distinct models; the bound only stops a caller inventing names from growing memory.
const maxCachedModels = 64;

/** What a request needs that depends only on its model, built once per model. */
interface ModelRoute {
  complete: string;
  stream: string;
  target: CallTarget;
}

/**
 * The Google Gemini API (`generateContent` / `streamGenerateContent`) as a {@link Provider}.
 *
 * A model given as `models/xyz` (or any resource name such as `tunedModels/xyz`) is used as the path as
 * is; a bare name gets the `models/` prefix.
 *
 * @example
 * import { gemini } from 'llmrouter/providers';
 *
 * const provider = gemini({ apiKey: process.env.GEMINI_API_KEY! });
 * const response = await provider.complete({
 *   model: 'gemini-2.5-flash',
 *   messages: [{ role: 'user', content: 'Say hi' }],
 * });
 * console.log(response.text);
 */
export function gemini(options: GeminiOptions): Provider {
  const name = options.name ?? 'gemini';
  const apiKey = requireApiKey(options.apiKey, name, GEMINI_API_KEY_VARIABLES);
  const root = (options.baseURL ?? defaultBaseURL).replace(/\/+$/, '');
  const staticHeaders: Record<string, string> = {
    'content-type': 'application/json',
    'x-goog-api-key': apiKey,
    ...options.headers,
  };
  const routes = new Map<string, ModelRoute>();

  const routeOf = (model: string): ModelRoute => {
    let route = routes.get(model);
    if (route === undefined) {
      const base = `${root}/${model.includes('/') ? model : `models/${model}`}`;
      route = {
        complete: `${base}:generateContent`,
        stream: `${base}:streamGenerateContent?alt=sse`,
        target: { provider: name, model, secret: apiKey, readBody: readGeminiError },
      };
      if (routes.size >= maxCachedModels) routes.clear();
      routes.set(model, route);
    }
    return route;
  };
  const headersOf = (callOptions: ProviderCallOptions | undefined) =>
    callOptions?.headers ? { ...staticHeaders, ...callOptions.headers } : staticHeaders;
  const planOf = (request: CompletionRequest) =>
    planGeminiRequest(request, passThroughOptions(request, 'gemini', name));

  async function complete(
    request: CompletionRequest,
    callOptions?: ProviderCallOptions,
  ): Promise<CompletionResponse> {
    const { complete: url, target } = routeOf(request.model);
    const signal = abortSourceOf(callOptions);
    const plan = planOf(request);
    const response = await postJson(
      {
        url,
        headers: headersOf(callOptions),
        body: JSON.stringify(plan.body),
        signal,
        fetch: options.fetch,
      },
      target,
    );
    const body = (await readJson(response, target, signal)) as GeminiResponse;
    const state = new GeminiStreamState();
    const parts = state.accept(body);
    if (state.blockReason !== undefined)
      throw promptBlockedError({ target, feedback: body.promptFeedback, payload: body });
    parts.push(...state.flush());
    const completion = collect({ parts, finish: state.finishPart(), provider: name, model: request.model });
    if (plan.warnings) completion.warnings = plan.warnings;
    return completion;
  }

  async function* stream(
    request: CompletionRequest,
    callOptions?: ProviderCallOptions,
  ): AsyncGenerator<StreamPart> {
    const { stream: url, target } = routeOf(request.model);
    // A caller leaving the loop early ends the body iteration below, which closes the connection; the
    // caller's signal covers the wait for headers. No controller of our own per stream.
    const signal = abortSourceOf(callOptions);
    const plan = planOf(request);
    const response = await postJson(
      {
        url,
        headers: headersOf(callOptions),
        body: JSON.stringify(plan.body),
        signal,
        fetch: options.fetch,
      },
      target,
    );
    const state = new GeminiStreamState();
    for await (const event of sseEvents(response, target, signal)) {
      const payload = parseEventData(event.data, target);
      const status = inStreamErrorStatus(payload);
      if (status !== undefined) {
        throw apiCallErrorFromStreamEvent({
          provider: name,
          model: request.model,
          payload,
          readBody: readGeminiError,
          status: status === 0 ? undefined : status,
          secret: apiKey,
        });
      }
      yield* state.accept(payload as GeminiResponse);
      if (state.blockReason !== undefined) {
        throw promptBlockedError({ target, feedback: (payload as GeminiResponse).promptFeedback, payload });
      }
    }
    if (!state.finished) {
      throw new IncompleteStreamError({
        provider: name,
        model: request.model,
        detail: 'the connection closed before any chunk carried a finishReason',
      });
    }
    yield withWarnings(state.finishPart(), plan.warnings);
  }

  return { name, models: options.models ?? defaultModels, capabilities, complete, stream };
}

/**
 * A Gemini provider with its key from `GEMINI_API_KEY` (or `GOOGLE_GENERATIVE_AI_API_KEY`). A missing
 * key throws a `ConfigurationError` naming the variables.
 *
 * @example
 * const provider = gemini.fromEnv({ models: ['gemini-2.5-pro'] });
 */
gemini.fromEnv = (overrides: Partial<GeminiOptions> = {}): Provider =>
  gemini({
    ...overrides,
    apiKey: overrides.apiKey ?? apiKeyFromEnv(GEMINI_API_KEY_VARIABLES, overrides.name ?? 'gemini'),
  });

/** The HTTP status an in-stream `{ error: {...} }` payload names (0 when it names none); `undefined` for a normal chunk. */
function inStreamErrorStatus(payload: unknown): number | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const error = (payload as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? code : 0;
}

function collect(options: {
  parts: StreamPart[];
  finish: FinishPart;
  provider: string;
  model: string;
}): CompletionResponse {
  const text: string[] = [];
  const toolCalls: ToolCall[] = [];
  const reasoning: ReasoningBlock[] = [];
  for (const part of options.parts) {
    if (part.type === 'text-delta') text.push(part.text);
    else if (part.type === 'tool-call') toolCalls.push(part.toolCall);
    else if (part.type === 'reasoning-end') reasoning.push(part.block);
  }
  const { finish } = options;
  return createResponse({
    id: finish.id ?? '',
    provider: options.provider,
    model: finish.model ?? options.model,
    content: text.length > 0 ? text.join('') : toolCalls.length > 0 ? null : '',
    toolCalls,
    reasoning,
    finishReason: finish.finishReason,
    usage: finish.usage,
  });
}
