import { abortSourceOf } from '../../abort/abort-handle.js';
import { toRouterError } from '../../errors/classify.js';
import type { ErrorBodyReader } from '../../http/error-response.js';
import type { FetchFunction } from '../../http/http-types.js';
import { type CallTarget, postJson, readJson } from '../../http/post-json.js';
import type { EmbeddingRequest, EmbeddingResponse } from '../../types/embedding.js';
import type { ProviderCallOptions } from '../../types/provider.js';

/** An embeddings endpoint's wire format: what an adapter writes to give its provider an `embed`. */
export interface EmbeddingWireFormat {
  name: string;
  /** Sent with every request, auth included; a call's own `headers` are laid over them. */
  headers: Readonly<Record<string, string>>;
  secret: string | undefined;
  fetch: FetchFunction | undefined;
  readErrorBody: ErrorBodyReader;
  /** The endpoint for a model and the number of inputs (Gemini has one for one text, one for several). */
  urlFor(model: string, batch: boolean): string;
  /** The JSON body for a request. */
  toBody(request: EmbeddingRequest): unknown;
  /** The vectors, served model and usage of an answer; throws for one of the wrong shape. */
  readResponse(
    payload: unknown,
    request: EmbeddingRequest,
  ): Pick<EmbeddingResponse, 'embeddings' | 'model' | 'usage'>;
}

/**
 * An `embed` for a provider from its wire format: the POST, the error mapping with the key removed, and
 * a check that the answer holds one vector per input. Errors leave as `RouterError`s, as `complete`'s do.
 */
export function createEmbed(
  format: EmbeddingWireFormat,
): (request: EmbeddingRequest, options?: ProviderCallOptions) => Promise<EmbeddingResponse> {
  const { name, headers, secret, readErrorBody } = format;
  return async (request, options) => {
    const target: CallTarget = { provider: name, model: request.model, secret, readBody: readErrorBody };
    const batch = typeof request.input !== 'string';
    const signal = abortSourceOf(options);
    const response = await postJson(
      {
        url: format.urlFor(request.model, batch),
        headers: options?.headers ? { ...headers, ...options.headers } : (headers as Record<string, string>),
        body: JSON.stringify(format.toBody(request)),
        signal,
        fetch: format.fetch,
      },
      target,
    );
    const payload = await readJson(response, target, signal);
    const read = format.readResponse(payload, request);
    const expected = batch ? request.input.length : 1;
    if (read.embeddings.length !== expected) {
      throw malformed(target, `${read.embeddings.length} vectors for ${expected} inputs`);
    }
    return { ...read, provider: name, trail: [] };
  };
}

/** An answer of the wrong shape: the provider's fault (`server`), with what was wrong. */
export function malformed(target: { provider: string; model: string }, detail: string): Error {
  return toRouterError(
    Object.assign(new Error(`${target.provider} returned a malformed embeddings answer: ${detail}`), {
      status: 502,
    }),
    target,
  );
}
