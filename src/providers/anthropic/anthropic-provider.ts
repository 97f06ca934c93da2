import { toRouterError } from '../../errors/classify.js';
import { apiKeyFromEnv, requireApiKey } from '../../http/api-key.js';
import type { CallTarget } from '../../http/post-json.js';
import type { ResponseParts } from '../../types/create-response.js';
import type { Provider } from '../../types/provider.js';
import { RouterError } from '../../types/router-error.js';
import { allCapabilities } from '../shared/capabilities.js';
import { contextWindowLookup } from '../shared/context-window-table.js';
import { createHttpProvider, type WirePlan } from '../shared/http-provider.js';
import type { HttpProviderOptions } from '../shared/http-provider-options.js';
import { malformedField } from '../shared/wire-error.js';
import { anthropicContextWindows } from './anthropic-context-windows.js';
import { readAnthropicErrorBody } from './anthropic-errors.js';
import { AnthropicStreamDecoder } from './anthropic-stream.js';
import { findResponseProblem } from './anthropic-wire-shape.js';
import type { AnthropicResponse } from './api-types.js';
import {
  type AnthropicRequestOptions,
  type AnthropicStructuredOutput,
  convertToAnthropicRequest,
  type JsonToolPlan,
} from './convert-to-anthropic-request.js';
import { mapAnthropicResponse } from './map-anthropic-response.js';

/** Settings of an Anthropic provider. */
export interface AnthropicOptions extends HttpProviderOptions {
  /** Anthropic API key, sent as `x-api-key`. */
  apiKey: string;
  /** API root including the version segment. Default `https://api.anthropic.com/v1`. */
  baseURL?: string;
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
const anthropicContextWindow = contextWindowLookup(anthropicContextWindows);

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
  const urls = Object.freeze({ complete: url, stream: url });
  const completeSettings: AnthropicRequestOptions = {
    providerName: name,
    stream: false,
    defaultMaxTokens: options.defaultMaxTokens,
    structuredOutput: options.structuredOutput ?? 'auto',
  };
  const streamSettings: AnthropicRequestOptions = { ...completeSettings, stream: true };

  return createHttpProvider<AnthropicPlan>({
    name,
    vendor: 'anthropic',
    models: Object.freeze([...(options.models ?? defaultModels)]),
    capabilities,
    tags: options.tags,
    contextWindow: anthropicContextWindow,
    headers: Object.freeze({
      'x-api-key': apiKey,
      'anthropic-version': apiVersion,
      'content-type': 'application/json',
      ...options.headers,
    }),
    secret: apiKey,
    fetch: options.fetch,
    readErrorBody: readAnthropicErrorBody,
    urlsFor: () => urls,
    prepare(request, call) {
      try {
        const plan = convertToAnthropicRequest(request, call.stream ? streamSettings : completeSettings);
        return { body: plan.body, jsonTool: plan.jsonTool, target: call.target, warnings: plan.warnings };
      } catch (error) {
        throw withTarget(error, call.target);
      }
    },
    readResponse: readAnthropicResponse,
    createDecoder: (plan) => new AnthropicStreamDecoder(plan),
  });
}

/** One Messages API call: its body, and the JSON tool its answer may come through. */
interface AnthropicPlan extends WirePlan {
  jsonTool: JsonToolPlan | undefined;
}

function readAnthropicResponse(payload: unknown, plan: AnthropicPlan): ResponseParts {
  const { target } = plan;
  const problem = findResponseProblem(payload);
  if (problem !== undefined) throw malformedField({ target, where: 'response', ...problem });
  return mapAnthropicResponse(payload as AnthropicResponse, {
    provider: target.provider,
    model: target.model,
    jsonTool: plan.jsonTool,
  });
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
