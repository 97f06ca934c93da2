import { type LanguageModelV3, NoSuchModelError, type ProviderV3 } from '@ai-sdk/provider';
import type { Router } from '../router/router-types.js';
import { RouterLanguageModel } from './router-language-model.js';

/** Options of `createRouterProvider`. */
export interface RouterProviderSettings {
  /** Reported as each model's `provider` (in the AI SDK's telemetry, for one). Defaults to `llmrouter`. */
  name?: string;
  /**
   * URLs the router's providers fetch themselves, by media type (`{ 'image/*': [/^https:\/\//] }`). Others
   * are downloaded by the AI SDK and sent inline, which every fallback can read. Defaults to none, since
   * not every provider a call may fall back to fetches URLs.
   */
  supportedUrls?: Record<string, RegExp[]>;
}

/** An AI SDK provider over a router: call it with a model id, or use `languageModel(id)`. */
export interface RouterProvider extends ProviderV3 {
  (modelId: string): LanguageModelV3;
  languageModel(modelId: string): LanguageModelV3;
}

/**
 * Makes a router a Vercel AI SDK provider (`ai@6`, provider specification v3). Every `generateText`,
 * `streamText`, `generateObject` or `streamObject` call on its models goes through the router: resolution,
 * retries, circuit breakers, timeouts and fallbacks, with the attempt trail in
 * `providerMetadata.llmrouter`. Set the AI SDK's `maxRetries: 0`: the router already retries by error
 * class, and it never hands the AI SDK an error the AI SDK would retry.
 *
 * @example
 * import { generateText } from 'ai';
 * import { createRouterProvider } from 'llmrouter/ai-sdk';
 *
 * const llm = createRouterProvider(router);
 * const { text, providerMetadata } = await generateText({
 *   model: llm('gpt-4o-mini'),
 *   prompt: 'Classify this document',
 *   maxRetries: 0,
 *   providerOptions: { llmrouter: { deadlineMs: 10_000 } },
 * });
 * console.log(providerMetadata?.llmrouter?.provider); // the provider that served
 */
export function createRouterProvider(router: Router, settings: RouterProviderSettings = {}): RouterProvider {
  const modelSettings = {
    router,
    providerName: settings.name ?? 'llmrouter',
    supportedUrls: settings.supportedUrls ?? {},
  };
  const languageModel = (modelId: string) => new RouterLanguageModel(modelId, modelSettings);
  const noSuchModel = (modelType: 'embeddingModel' | 'imageModel') => (modelId: string) => {
    throw new NoSuchModelError({
      modelId,
      modelType,
      message: `llmrouter routes language models only, not ${modelType}s`,
    });
  };
  return Object.assign((modelId: string) => languageModel(modelId), {
    specificationVersion: 'v3' as const,
    languageModel,
    embeddingModel: noSuchModel('embeddingModel'),
    imageModel: noSuchModel('imageModel'),
  });
}
