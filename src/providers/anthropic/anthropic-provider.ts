import { abortSourceOf } from '../../abort/abort-handle.js';
import { toRouterError } from '../../errors/classify.js';
import { IncompleteStreamError } from '../../errors/incomplete-stream-error.js';
import { apiKeyFromEnv, requireApiKey } from '../../http/api-key.js';
import type { FetchFunction } from '../../http/http-types.js';
import {
  type CallTarget,
  failure,
  parseEventData,
  postJson,
  readJson,
  sseEvents,
} from '../../http/post-json.js';
import { createResponse } from '../../types/create-response.js';
import type { Provider, ProviderCallOptions } from '../../types/provider.js';
import type { CompletionRequest } from '../../types/request.js';
import type { CompletionResponse } from '../../types/response.js';
import { RouterError } from '../../types/router-error.js';
import type { StreamPart } from '../../types/stream-part.js';
import { allCapabilities } from '../shared/capabilities.js';
import { withWarnings } from '../shared/setting-warnings.js';
import { readAnthropicErrorBody } from './anthropic-errors.js';
import { AnthropicStreamDecoder } from './anthropic-stream.js';
import type { AnthropicResponse } from './api-types.js';
import {
  type AnthropicRequestOptions,
  type AnthropicStructuredOutput,
  convertToAnthropicRequest,
} from './convert-to-anthropic-request.js';
import { mapAnthropicResponse } from './map-anthropic-response.js';

/** Settings of an Anthropic provider. */
export interface AnthropicOptions {
  /** Anthropic API key, sent as `x-api-key`. */
  apiKey: string;
  /** API root including the version segment. Default `https://api.anthropic.com/v1`. */
  baseURL?: string;
  /** Extra headers on every request (for example `anthropic-beta`). */
  headers?: Record<string, string>;
  /** Send requests through this `fetch` instead of the shared undici pool. */
  fetch?: FetchFunction;
  /** Name within a router. Default `anthropic`. */
  name?: string;
  /** Models this provider serves, the first being its default. */
  models?: readonly string[];
  /** `max_tokens` for requests that set no `maxTokens` (Anthropic requires one). Default 4096. */
  defaultMaxTokens?: number;
  /**
   * How `json_schema` response formats are sent: `auto` (default), native where the model has it and
   * the forced tool elsewhere; `tool`, a forced tool whose input is the answer, which every Claude model
   * supports; or `native`, Anthropic's `output_config.format` structured outputs.
   */
  structuredOutput?: AnthropicStructuredOutput;
}

/** The conventional environment variable for the key. */
export const ANTHROPIC_API_KEY_VARIABLE = 'ANTHROPIC_API_KEY';

const defaultBaseURL = 'https://api.anthropic.com/v1';
const apiVersion = '2023-06-01';
const defaultModels: readonly string[] = Object.freeze([
  'claude-sonnet-4-5',
  'claude-haiku-4-5',
  'claude-opus-4-1',
  'claude-sonnet-4-0',
  'claude-3-5-haiku-latest',
]);
const capabilities = allCapabilities;

/**
 * An Anthropic Messages API provider (`POST {baseURL}/messages`).
 *
 * @example
 * ```ts
 * const claude = anthropic({ apiKey: process.env.ANTHROPIC_API_KEY! });
 * const response = await claude.complete({
 *   model: 'claude-sonnet-4-5',
 *   messages: [{ role: 'user', content: 'Hello' }],
 * });
 * console.log(response.text);
 * ```
 */
export function anthropic(options: AnthropicOptions): Provider {
  const name = options.name ?? 'anthropic';
  const apiKey = requireApiKey(options.apiKey, name, [ANTHROPIC_API_KEY_VARIABLE]);
  const url = `${(options.baseURL ?? defaultBaseURL).replace(/\/+$/, '')}/messages`;
  const staticHeaders: Record<string, string> = {
    'x-api-key': apiKey,
    'anthropic-version': apiVersion,
    'content-type': 'application/json',
    ...options.headers,
  };
  const models = Object.freeze([...(options.models ?? defaultModels)]);
  const fetchFunction = options.fetch;
  const completeSettings: AnthropicRequestOptions = {
    providerName: name,
    stream: false,
    defaultMaxTokens: options.defaultMaxTokens,
    structuredOutput: options.structuredOutput ?? 'auto',
  };
  const streamSettings: AnthropicRequestOptions = { ...completeSettings, stream: true };

  const targetFor = (model: string): CallTarget => ({
    provider: name,
    model,
    secret: apiKey,
    readBody: readAnthropicErrorBody,
  });
  const headersFor = (callOptions: ProviderCallOptions | undefined) =>
    callOptions?.headers ? { ...staticHeaders, ...callOptions.headers } : staticHeaders;
  const plan = (request: CompletionRequest, settings: AnthropicRequestOptions, target: CallTarget) => {
    try {
      return convertToAnthropicRequest(request, settings);
    } catch (error) {
      throw withTarget(error, target);
    }
  };

  async function complete(
    request: CompletionRequest,
    callOptions?: ProviderCallOptions,
  ): Promise<CompletionResponse> {
    const target = targetFor(request.model);
    const { body, jsonTool, warnings } = plan(request, completeSettings, target);
    const signal = abortSourceOf(callOptions);
    const response = await postJson(
      { url, headers: headersFor(callOptions), body: JSON.stringify(body), signal, fetch: fetchFunction },
      target,
    );
    const json = await readJson(response, target, signal);
    if (typeof json !== 'object' || json === null || !Array.isArray((json as AnthropicResponse).content)) {
      throw new RouterError({
        message: `${name} returned a body that is not a Messages API response`,
        kind: 'server',
        provider: name,
        model: request.model,
        status: response.status,
      });
    }
    const completion = createResponse(
      mapAnthropicResponse(json as AnthropicResponse, { provider: name, model: request.model, jsonTool }),
    );
    if (warnings) completion.warnings = warnings;
    return completion;
  }

  async function* stream(
    request: CompletionRequest,
    callOptions?: ProviderCallOptions,
  ): AsyncGenerator<StreamPart> {
    const target = targetFor(request.model);
    const { body, jsonTool, warnings } = plan(request, streamSettings, target);
    // A caller who stops iterating early ends the body iteration below, which closes the connection;
    // the caller's signal covers the wait for headers. No controller of our own: one per stream is
    // measurable heap and CPU on a router holding thousands.
    const signal = abortSourceOf(callOptions);
    try {
      const response = await postJson(
        {
          url,
          headers: headersFor(callOptions),
          body: JSON.stringify(body),
          signal,
          fetch: fetchFunction,
        },
        target,
      );
      const decoder = new AnthropicStreamDecoder({ target, jsonTool });
      const parts: StreamPart[] = [];
      for await (const event of sseEvents(response, target, signal)) {
        decoder.push(parseEventData(event.data, target), parts);
        for (const part of parts) yield withWarnings(part, warnings);
        parts.length = 0;
        if (decoder.done) {
          response.release();
          break;
        }
      }
      if (!decoder.done) {
        throw new IncompleteStreamError({
          provider: name,
          model: request.model,
          detail: 'no message_stop event',
        });
      }
    } catch (error) {
      throw failure(error, target, signal);
    }
  }

  return { name, models, capabilities, complete, stream };
}

/**
 * An Anthropic provider whose key comes from `ANTHROPIC_API_KEY`. A missing key is a
 * `ConfigurationError` naming the variable.
 *
 * @example
 * ```ts
 * const router = createRouter({ providers: { anthropic: anthropic.fromEnv() } });
 * ```
 */
anthropic.fromEnv = (overrides: Partial<AnthropicOptions> = {}): Provider =>
  anthropic({
    ...overrides,
    apiKey: overrides.apiKey ?? apiKeyFromEnv([ANTHROPIC_API_KEY_VARIABLE], overrides.name ?? 'anthropic'),
  });

/** Names the provider and model on an error raised while building a request. */
function withTarget(error: unknown, target: CallTarget): RouterError {
  if (RouterError.isInstance(error) && error.provider === undefined) {
    return new RouterError({
      message: error.message,
      kind: error.kind,
      provider: target.provider,
      model: target.model,
      cause: error,
    });
  }
  return toRouterError(error, { provider: target.provider, model: target.model });
}
