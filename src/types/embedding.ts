import type { Attempt } from './attempt.js';
import type { Cost } from './cost.js';
import type { Usage } from './usage.js';

/**
 * An embedding request, provider-neutral. `model` is resolved as for a completion (model map, provider
 * name, model scan); the call falls back only to targets the router's `embeddingReplicas` declare to be
 * the same model, since vectors from different models cannot be compared.
 */
export interface EmbeddingRequest {
  model: string;
  /** One text, or several embedded in one call (the answer keeps their order). */
  input: string | string[];
  /**
   * Length of each vector, for models that can shorten theirs (OpenAI `text-embedding-3-*`, Gemini
   * `outputDimensionality`). Default: the model's full length.
   */
  dimensions?: number;
  /** End-user id for the provider's abuse monitoring (OpenAI and compatible services). */
  user?: string;
  /**
   * Extra fields merged into the provider's request body as they are, keyed by provider type or
   * provider name (`{ gemini: { taskType: 'RETRIEVAL_DOCUMENT' } }`).
   */
  providerOptions?: Record<string, Record<string, unknown>>;
}

/** The vectors an embedding call produced, with who made them and what they cost. */
export interface EmbeddingResponse {
  /** One vector per input, in input order (a string input gives one vector). */
  embeddings: number[][];
  /** Name of the provider that served the call. */
  provider: string;
  /** Model that served it, as the provider reported it (else the model it was sent). */
  model: string;
  /**
   * Input tokens as the provider counted them; `outputTokens` is 0 (an embedding generates none).
   * `inputTokens` is `undefined` when the provider reports no count (Gemini).
   */
  usage: Usage;
  /**
   * What the call cost, every attempt included, when the router has a pricer and knows the model's
   * embedding price; else `undefined`, never a made-up zero.
   */
  cost?: Cost;
  /** Every attempt the router made for this call, in order. Empty when a provider is called directly. */
  trail: Attempt[];
}
