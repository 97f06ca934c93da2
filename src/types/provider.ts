import type { CallContext } from './call-context.js';
import type { EmbeddingRequest, EmbeddingResponse } from './embedding.js';
import type { CompletionRequest } from './request.js';
import type { CompletionResponse } from './response.js';
import type { StreamPart } from './stream-part.js';
import type { Tags } from './tags.js';

/** Optional features a provider declares; the router never sends a request that needs one it lacks. */
export interface ProviderCapabilities {
  tools: boolean;
  /** Native JSON-schema constrained output. */
  jsonSchemaOutput: boolean;
  /** JSON-object mode (any valid JSON). */
  jsonOutput: boolean;
  imageInput: boolean;
  /** PDF documents. */
  documentInput: boolean;
  streaming: boolean;
  reasoning: boolean;
}

/** Per-call options every provider and middleware receives. */
export interface ProviderCallOptions {
  /** Aborts the HTTP request, stops retries and ends streams. */
  signal?: AbortSignal;
  /** Epoch milliseconds after which the whole call has failed; nothing may wait past it. */
  deadline?: number;
  /** Extra HTTP headers for this call. */
  headers?: Record<string, string>;
  /**
   * Extra HTTP headers for one kind of adapter only, keyed by its type (`anthropic`): an adapter of
   * another type never sends them (an `anthropic-beta` header means nothing to OpenAI).
   */
  vendorHeaders?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Set by the router so the innermost layer can report attempts. Middleware passes it on unchanged. */
  context?: CallContext;
}

/**
 * The one contract every provider adapter and every middleware-wrapped provider fulfils.
 *
 * `complete` resolves with the whole response. `stream` returns an async iterable of typed parts that
 * starts its HTTP request on first iteration and ends with a `finish` part; failures are thrown as
 * `RouterError`s. Breaking out of the iteration aborts the request.
 */
export interface Provider {
  /** Unique name within a router (`openai`, `anthropic`, `groq`, ...). */
  readonly name: string;
  /** Models this provider serves, in order of preference. The first is its default. */
  readonly models: readonly string[];
  readonly capabilities: ProviderCapabilities;
  /** Labels a call can require or prefer (`region: 'eu'`, `zdr: true`); a target's own tags go over them. */
  readonly tags?: Tags;
  /**
   * The most tokens (prompt plus output) `model` accepts, from the adapter's model table, or `undefined`
   * when the model is not in it. The router skips a target whose window cannot hold the request.
   */
  contextWindow?(model: string): number | undefined;
  complete(request: CompletionRequest, options?: ProviderCallOptions): Promise<CompletionResponse>;
  stream(request: CompletionRequest, options?: ProviderCallOptions): AsyncIterable<StreamPart>;
  /**
   * Embeds `request.input` with `request.model`. Absent on a provider that has no embeddings endpoint:
   * the router then skips it for embedding calls (`UnsupportedCapabilityError`, capability
   * `embeddings`). Middleware built on `wrapProvider` passes it on.
   */
  embed?(request: EmbeddingRequest, options?: ProviderCallOptions): Promise<EmbeddingResponse>;
}

/** A provider whose capabilities include `name`. */
export type ProviderWith<Name extends keyof ProviderCapabilities> = Provider & {
  readonly capabilities: ProviderCapabilities & Record<Name, true>;
};
