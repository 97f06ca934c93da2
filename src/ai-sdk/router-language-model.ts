import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3GenerateResult,
  LanguageModelV3StreamResult,
} from '@ai-sdk/provider';
import type { Router } from '../router/router-types.js';
import { convertToAiSdkContent } from './convert-to-ai-sdk-content.js';
import { convertToAiSdkStream } from './convert-to-ai-sdk-stream.js';
import { convertToAiSdkUsage } from './convert-to-ai-sdk-usage.js';
import { convertToCompletionRequest } from './convert-to-completion-request.js';
import { mapAiSdkFinishReason } from './map-ai-sdk-finish-reason.js';
import { routerMetadata } from './router-metadata.js';

/** How `createRouterProvider` builds its models. */
export interface RouterLanguageModelSettings {
  router: Router;
  /** Reported as the model's `provider`. */
  providerName: string;
  /**
   * URLs the router's providers fetch themselves, by media type. Others the AI SDK downloads and sends
   * inline, which every fallback can read; by default none.
   */
  supportedUrls: Record<string, RegExp[]>;
}

/**
 * An AI SDK language model (specification v3) whose calls go through an llmrouter `Router`: the model id
 * is the requested model, resolved by the router to a provider, with its retries, breakers, fallbacks and
 * deadlines. Router errors reach the AI SDK as they are, so `RouterError.isInstance(error)` and its `kind`
 * and `trail` work in the application's `catch`.
 */
export class RouterLanguageModel implements LanguageModelV3 {
  readonly specificationVersion = 'v3';
  readonly modelId: string;
  readonly provider: string;
  readonly supportedUrls: Record<string, RegExp[]>;
  private readonly router: Router;

  constructor(modelId: string, settings: RouterLanguageModelSettings) {
    this.modelId = modelId;
    this.provider = settings.providerName;
    this.supportedUrls = settings.supportedUrls;
    this.router = settings.router;
  }

  async doGenerate(options: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
    const { request, callOptions, warnings } = convertToCompletionRequest({
      modelId: this.modelId,
      call: options,
    });
    const response = await this.router.complete(request, callOptions);
    return {
      content: convertToAiSdkContent(response),
      finishReason: mapAiSdkFinishReason(response.finishReason),
      usage: convertToAiSdkUsage(response.usage),
      providerMetadata: routerMetadata(response),
      response: { id: response.id, modelId: response.model },
      warnings,
    };
  }

  async doStream(options: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult> {
    const { request, callOptions, warnings } = convertToCompletionRequest({
      modelId: this.modelId,
      call: options,
    });
    const stream = this.router.stream(request, callOptions);
    const iterator = stream[Symbol.asyncIterator]();
    // Read the first part before answering: a call that fails before any content (every target down)
    // then rejects `doStream`, as an HTTP error rejects it on the AI SDK's own providers.
    const first = await iterator.next();
    return { stream: convertToAiSdkStream({ stream, iterator, first, warnings }) };
  }
}
