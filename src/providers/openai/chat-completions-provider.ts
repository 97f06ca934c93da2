import { abortSourceOf } from '../../abort/abort-handle.js';
import { IncompleteStreamError } from '../../errors/incomplete-stream-error.js';
import { apiCallErrorFromStreamEvent } from '../../http/error-response.js';
import type { FetchFunction } from '../../http/http-types.js';
import { type CallTarget, parseEventData, postJson, readJson, sseEvents } from '../../http/post-json.js';
import { createResponse } from '../../types/create-response.js';
import type { Provider, ProviderCallOptions, ProviderCapabilities } from '../../types/provider.js';
import type { CompletionRequest } from '../../types/request.js';
import type { CompletionResponse } from '../../types/response.js';
import type { StreamPart } from '../../types/stream-part.js';
import { withWarnings } from '../shared/setting-warnings.js';
import type { OpenAIChatChunk, OpenAIChatResponse } from './api-types.js';
import type { ChatCompletionsQuirks } from './chat-completions-quirks.js';
import { planOpenAIRequest } from './convert-to-openai-request.js';
import { readOpenAIError } from './openai-errors.js';
import { OpenAIStreamState } from './openai-stream.js';
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
  const { name, quirks } = config;

  function targetFor(model: string): CallTarget {
    return { provider: name, model, secret: config.secret, readBody: readOpenAIError };
  }

  function headersFor(options: ProviderCallOptions | undefined): Record<string, string> {
    return options?.headers
      ? { ...config.headers, ...options.headers }
      : (config.headers as Record<string, string>);
  }

  function planFor(request: CompletionRequest, stream: boolean) {
    return planOpenAIRequest({ request, quirks, stream, provider: name, providerType: config.providerType });
  }

  async function complete(
    request: CompletionRequest,
    options?: ProviderCallOptions,
  ): Promise<CompletionResponse> {
    const target = targetFor(request.model);
    const signal = abortSourceOf(options);
    const plan = planFor(request, false);
    const response = await postJson(
      {
        url: config.urlFor(request.model),
        headers: headersFor(options),
        body: JSON.stringify(plan.body),
        signal,
        fetch: config.fetch,
      },
      target,
    );
    const body = (await readJson(response, target, signal)) as OpenAIChatResponse;
    // Some compatible services (OpenRouter, proxies) answer a failed call with 200 and an error body.
    if (body?.error && !body.choices?.length) {
      throw apiCallErrorFromStreamEvent({
        provider: name,
        model: request.model,
        payload: body,
        readBody: readOpenAIError,
        secret: config.secret,
      });
    }
    const completion = createResponse(
      parseOpenAIResponse({ body: body ?? {}, provider: name, model: request.model }),
    );
    if (plan.warnings) completion.warnings = plan.warnings;
    return completion;
  }

  async function* stream(
    request: CompletionRequest,
    options?: ProviderCallOptions,
  ): AsyncGenerator<StreamPart> {
    // A consumer leaving the loop early ends the body iteration below, which closes the connection; the
    // caller's signal covers the wait for headers. No controller of our own per stream.
    const signal = abortSourceOf(options);
    const target = targetFor(request.model);
    const plan = planFor(request, true);
    const response = await postJson(
      {
        url: config.urlFor(request.model),
        headers: headersFor(options),
        body: JSON.stringify(plan.body),
        signal,
        fetch: config.fetch,
      },
      target,
    );
    const state = new OpenAIStreamState();
    let sawDone = false;
    for await (const event of sseEvents(response, target, signal)) {
      if (event.data === '[DONE]') {
        sawDone = true;
        response.release();
        break;
      }
      const chunk = parseEventData(event.data, target) as OpenAIChatChunk | null;
      if (typeof chunk !== 'object' || chunk === null) continue;
      if (chunk.error || event.event === 'error') {
        throw apiCallErrorFromStreamEvent({
          provider: name,
          model: request.model,
          payload: chunk,
          readBody: readOpenAIError,
          secret: config.secret,
        });
      }
      for (const part of state.push(chunk)) yield part;
    }
    // A finish reason without [DONE] is a whole answer whose connection closed early; neither is a
    // cut-off one.
    if (!sawDone && !state.finished) {
      throw new IncompleteStreamError({
        provider: name,
        model: request.model,
        detail: 'no finish_reason and no [DONE]',
      });
    }
    for (const part of state.end()) yield withWarnings(part, plan.warnings);
  }

  return {
    name,
    models: config.models,
    capabilities: config.capabilities,
    complete,
    stream,
  };
}
