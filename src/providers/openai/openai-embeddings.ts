import type { FetchFunction } from '../../http/http-types.js';
import type { EmbeddingRequest, EmbeddingResponse } from '../../types/embedding.js';
import type { ProviderCallOptions } from '../../types/provider.js';
import { createEmbed, malformed } from '../shared/embed-call.js';
import { passThroughOptions } from '../shared/provider-options.js';
import { readOpenAIError } from './openai-errors.js';

/** What an OpenAI-shaped embeddings endpoint needs (`openai`, `azureOpenai`, compatible presets). */
export interface OpenAIEmbedConfig {
  name: string;
  /** First key looked up in `providerOptions`. */
  providerType: string;
  headers: Readonly<Record<string, string>>;
  secret: string | undefined;
  fetch: FetchFunction | undefined;
  /** The embeddings URL for a model (Azure's depends on the deployment). */
  urlFor(model: string): string;
}

/** `embed` over OpenAI's `POST /embeddings` wire format. */
export function openAIEmbed(
  config: OpenAIEmbedConfig,
): (request: EmbeddingRequest, options?: ProviderCallOptions) => Promise<EmbeddingResponse> {
  const { name, providerType } = config;
  return createEmbed({
    name,
    headers: config.headers,
    secret: config.secret,
    fetch: config.fetch,
    readErrorBody: readOpenAIError,
    urlFor: (model) => config.urlFor(model),
    toBody: (request) =>
      convertToOpenAIEmbeddingsBody(request, passThroughOptions(request, providerType, name)),
    readResponse: (payload, request) => readOpenAIEmbeddings(payload, request, name),
  });
}

/** OpenAI's `POST /embeddings` answer, as far as the router reads it. */
interface OpenAIEmbeddingsBody {
  data?: Array<{ index?: number; embedding?: unknown }>;
  model?: string;
  usage?: { prompt_tokens?: number; total_tokens?: number };
}

/**
 * The body of an OpenAI (or compatible) embeddings request. Vectors are asked as floats: base64 is a
 * transport the gateway re-encodes itself. Pass-through fields from `providerOptions` are merged last.
 */
export function convertToOpenAIEmbeddingsBody(
  request: EmbeddingRequest,
  passThrough: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: request.model,
    input: request.input,
    encoding_format: 'float',
  };
  if (request.dimensions !== undefined) body.dimensions = request.dimensions;
  if (request.user !== undefined) body.user = request.user;
  return passThrough ? Object.assign(body, passThrough) : body;
}

/** Reads an OpenAI embeddings answer: the vectors in input order (by `index`), model and usage. */
export function readOpenAIEmbeddings(
  payload: unknown,
  request: EmbeddingRequest,
  provider: string,
): Pick<EmbeddingResponse, 'embeddings' | 'model' | 'usage'> {
  const body = payload as OpenAIEmbeddingsBody | null;
  const target = { provider, model: request.model };
  if (!body || !Array.isArray(body.data)) throw malformed(target, 'no data array');
  const embeddings: number[][] = new Array(body.data.length);
  for (const [position, item] of body.data.entries()) {
    if (!Array.isArray(item?.embedding)) throw malformed(target, `data[${position}] has no embedding array`);
    const index = typeof item.index === 'number' ? item.index : position;
    embeddings[index] = item.embedding as number[];
  }
  const inputTokens = body.usage?.prompt_tokens;
  return {
    embeddings,
    model: typeof body.model === 'string' && body.model !== '' ? body.model : request.model,
    usage: {
      inputTokens,
      outputTokens: 0,
      totalTokens: body.usage?.total_tokens ?? inputTokens,
    },
  };
}
