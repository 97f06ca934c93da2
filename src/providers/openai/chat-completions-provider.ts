import { apiCallErrorFromStreamEvent } from '../../http/error-response.js';
import type { FetchFunction } from '../../http/http-types.js';
import type { ResponseParts } from '../../types/create-response.js';
import type { Provider, ProviderCapabilities } from '../../types/provider.js';
import type { Tags } from '../../types/tags.js';
import { createHttpProvider, type WirePlan } from '../shared/http-provider.js';
import type { OpenAIChatResponse } from './api-types.js';
import type { ChatCompletionsQuirks } from './chat-completions-quirks.js';
import { planOpenAIRequest } from './convert-to-openai-request.js';
import { readOpenAIError } from './openai-errors.js';
import { OpenAIStreamDecoder } from './openai-stream.js';
import { parseOpenAIResponse } from './parse-openai-response.js';

/**
 * Everything a Chat Completions provider needs, computed once by its factory (`openai`, `azureOpenai`,
 * `openaiCompatible`).
 */
export interface ChatCompletionsProviderConfig {
  name: string;
  /** First key looked up in `providerOptions`. */
  providerType: string;
  models: readonly string[];
  capabilities: ProviderCapabilities;
  /** The endpoint for a model. OpenAI's is one URL; Azure's depends on the deployment. */
  urlFor(model: string): string;
  /** Static headers, auth included. */
  headers: Readonly<Record<string, string>>;
  /** The key, kept out of every error. */
  secret: string | undefined;
  fetch: FetchFunction | undefined;
  quirks: ChatCompletionsQuirks;
  /** The provider's tags. */
  tags?: Tags | undefined;
  /** Context windows of the models this provider serves, when its models' table is known. */
  contextWindow?: ((model: string) => number | undefined) | undefined;
}

/**
 * Builds a `Provider` that speaks Chat Completions: the engine behind `openai`, `azureOpenai` and every
 * OpenAI-compatible preset. Prefer those factories; this is for a service none of them fits.
 *
 * @example
 * ```ts
 * const url = 'https://llm.internal.example/v1/chat/completions';
 * const provider = createChatCompletionsProvider({
 *   name: 'internal',
 *   providerType: 'openai-compatible',
 *   models: ['house-model'],
 *   capabilities: { tools: true, jsonSchemaOutput: false, jsonOutput: true, imageInput: false,
 *     documentInput: false, streaming: true, reasoning: false },
 *   urlFor: () => url,
 *   headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
 *   secret: key,
 *   fetch: undefined,
 *   quirks: { ...openAIQuirks, openaiReasoningModels: false, maxTokensField: 'max_tokens' },
 * });
 * ```
 */
export function createChatCompletionsProvider(config: ChatCompletionsProviderConfig): Provider {
  const { name, quirks, providerType } = config;
  return createHttpProvider<ChatCompletionsPlan>({
    name,
    models: config.models,
    capabilities: config.capabilities,
    tags: config.tags,
    contextWindow: config.contextWindow,
    headers: config.headers,
    secret: config.secret,
    fetch: config.fetch,
    readErrorBody: readOpenAIError,
    urlsFor(model) {
      const url = config.urlFor(model);
      return { complete: url, stream: url };
    },
    prepare(request, call) {
      const plan = planOpenAIRequest({ request, quirks, stream: call.stream, provider: name, providerType });
      return { body: plan.body, target: call.target, warnings: plan.warnings };
    },
    readResponse: readChatCompletionsResponse,
    createDecoder: (plan) => new OpenAIStreamDecoder(plan.target),
  });
}

interface ChatCompletionsPlan extends WirePlan {}

function readChatCompletionsResponse(payload: unknown, plan: ChatCompletionsPlan): ResponseParts {
  const { target } = plan;
  const body = payload as OpenAIChatResponse | null;
  // Some compatible services (OpenRouter, proxies) answer a failed call with 200 and an error body.
  if (body?.error && !body.choices?.length) {
    throw apiCallErrorFromStreamEvent({
      provider: target.provider,
      model: target.model,
      payload: body,
      readBody: readOpenAIError,
      secret: target.secret,
    });
  }
  return parseOpenAIResponse({ body, provider: target.provider, model: target.model });
}
