import type { Middleware } from '../middleware/middleware.js';
import type { CallOptions, ExplainQuery, Explanation, RouterStream } from '../types/call.js';
import type { PriceLookup, Pricer } from '../types/cost.js';
import type { EmbeddingRequest, EmbeddingResponse } from '../types/embedding.js';
import type { RouterHooks } from '../types/events.js';
import type { Instrumentation } from '../types/instrumentation.js';
import type {
  InferObject,
  ObjectExplanation,
  ObjectRequest,
  ObjectResult,
  ObjectSchema,
  ObjectStream,
} from '../types/object.js';
import type { Provider, ProviderCapabilities } from '../types/provider.js';
import type { CompletionRequest } from '../types/request.js';
import type { CompletionResponse } from '../types/response.js';
import type { Tags } from '../types/tags.js';
import type { ContextWindowOverrides } from './context-windows.js';
import type { GroupOptions } from './groups/group-options.js';
import type { HedgePolicy } from './hedge-policy.js';

/**
 * A fallback target: a provider name alone (it gets the requested model if it lists it, else its default
 * model), or a provider with the model it should receive.
 */
export type TargetSpec = string | { provider: string; model?: string; tags?: Tags };

/**
 * Fallbacks: one list for every model, or chains per requested model with `'*'` as the list for models
 * without their own chain.
 */
export type FallbackConfig = readonly TargetSpec[] | Readonly<Record<string, readonly TargetSpec[]>>;

/** Everything a router is built from. */
export interface RouterOptions {
  /** Providers by routing name, in registration order (which model-scan resolution follows). */
  providers: Record<string, Provider>;
  /** Requested model → provider name, or provider plus the model name that provider should receive. */
  modelMap?: Record<string, TargetSpec>;
  fallbacks?: FallbackConfig;
  /** Applied to every provider, first listed outermost. */
  middleware?: readonly Middleware[];
  hooks?: RouterHooks;
  /** Tracing, metrics and logging: observe every call and attempt as it happens. */
  instrumentation?: Instrumentation | readonly Instrumentation[];
  /** Prices every attempt's usage; the response's `cost` is the sum over the call. */
  pricer?: Pricer;
  /** Fall back when a provider refuses on policy grounds (`content_filter`). Default false. */
  fallbackOnContentFilter?: boolean;
  /**
   * Requested models served by groups of interchangeable members (keys, deployments, regions, vendors),
   * each group ordered by its strategy. A group's name resolves before the model map.
   */
  groups?: Record<string, GroupOptions>;
  /**
   * Prices for the `cost` strategy. Default: the `pricer`, when it can look prices up (`priceTable()`
   * from `llmrouter/pricing` can).
   */
  prices?: PriceLookup;
  /**
   * Context windows in tokens, over the providers' model tables: by model (`{ 'gpt-4o': 128_000 }`) or
   * by provider and model (`{ azure_eu: { 'gpt-4o': 64_000 } }`). A target whose window cannot hold a
   * request's prompt estimate plus its `maxTokens` is skipped.
   */
  contextWindows?: ContextWindowOverrides;
  /** Hedged requests (`hedge({ afterMs })`) for calls marked `safeToDuplicate`. None: never a second call. */
  hedge?: HedgePolicy;
  /**
   * For `embed`: per requested model, the other targets that serve the very same model (another key or
   * region of the provider, an Azure deployment of it), tried in order after the primary. An embedding
   * call falls back to these only, never to `fallbacks`: vectors from different models are not
   * comparable. A replica named by provider alone receives the primary's model name.
   *
   * @example
   * embeddingReplicas: { 'text-embedding-3-small': ['openai-eu', { provider: 'azure', model: 'embed-small' }] }
   */
  embeddingReplicas?: Record<string, readonly TargetSpec[]>;
}

/** The router: states intent, owns execution. */
export interface Router {
  complete(request: CompletionRequest, options?: CallOptions): Promise<CompletionResponse>;
  stream(request: CompletionRequest, options?: CallOptions): RouterStream;
  /**
   * Embeds `request.input`: resolved like `complete`, through the same middleware and trail, falling back
   * only to the model's `embeddingReplicas`. Providers without embeddings are skipped (capability
   * `embeddings`).
   */
  embed(request: EmbeddingRequest, options?: CallOptions): Promise<EmbeddingResponse>;
  /** `explain` for an embedding call: the primary target and the model's replicas. */
  explainEmbedding(model: string): Explanation;
  /**
   * A typed object validated against `schema`: sent in each provider's native structured form, then
   * parsed, repaired, re-asked with the problems as feedback, and fallen back when it never validates.
   */
  completeObject<Schema extends ObjectSchema>(
    request: Omit<ObjectRequest<Schema>, 'call'>,
    options?: CallOptions,
  ): Promise<ObjectResult<InferObject<Schema>>>;
  /** Partial objects as the JSON arrives, then the validated object. */
  streamObject<Schema extends ObjectSchema>(
    request: Omit<ObjectRequest<Schema>, 'call'>,
    options?: CallOptions,
  ): ObjectStream<InferObject<Schema>>;
  /**
   * How a model would be routed, without calling anything. Throws `NoSuchModelError` for an unknown one.
   * Given a query (`{ model, estimatedTokens, require, prefer }`), the plan such a call would take, with
   * the targets it leaves out in `excluded`; throws `NoEligibleTargetError` when the requirement leaves none.
   */
  explain(model: string | ExplainQuery): Explanation;
  /** `explain` plus the structured-output mode each target would use. */
  explainObject(model: string): ObjectExplanation;
  /** A registered provider's declared capabilities, or `undefined` for an unknown name. */
  capabilities(provider: string): ProviderCapabilities | undefined;
  /** Adds or replaces a provider. Calls already running keep the configuration they started with. */
  registerProvider(name: string, provider: Provider): void;
  /** Maps a requested model to a provider (and optionally the model name it receives). */
  mapModel(model: string, target: TargetSpec): void;
  /** Replaces the global fallback list, or one model's chain when `model` is given. */
  setFallbacks(fallbacks: readonly TargetSpec[], model?: string): void;
  /** Appends middleware (innermost) to every provider's chain. */
  use(...middleware: Middleware[]): void;
  /** Registered provider names, in registration order. */
  readonly providers: readonly string[];
}

/** Capabilities a request needs from whoever serves it. */
export type RequiredCapability = keyof Pick<
  ProviderCapabilities,
  'tools' | 'jsonSchemaOutput' | 'jsonOutput' | 'imageInput' | 'documentInput'
>;
