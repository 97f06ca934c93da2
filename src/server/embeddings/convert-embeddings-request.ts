import type { EmbeddingRequest } from '../../types/embedding.js';
import { GatewayError } from '../core/gateway-error.js';

/** An OpenAI embeddings body read into the router's request, plus how the vectors go back. */
export interface EmbeddingsCall {
  request: EmbeddingRequest;
  /** `float` (JSON numbers) or `base64` (little-endian float32 bytes, as OpenAI sends them). */
  encoding: 'float' | 'base64';
}

const known = new Set(['model', 'input', 'dimensions', 'encoding_format', 'user']);

/**
 * Reads `POST /v1/embeddings` as OpenAI defines it: `model`, `input` (a string or an array of strings),
 * `dimensions`, `encoding_format` (`float` or `base64`), `user`. Token-array inputs and unknown fields
 * are refused with a 400 naming the field, never dropped.
 */
export function convertEmbeddingsRequest(body: unknown): EmbeddingsCall {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid('The request body must be a JSON object.', null);
  }
  const fields = body as Record<string, unknown>;
  for (const name of Object.keys(fields)) {
    if (!known.has(name)) throw invalid(`Unrecognized request argument supplied: ${name}`, name);
  }
  const { model, input, dimensions, encoding_format: encoding, user } = fields;
  if (typeof model !== 'string' || model === '')
    throw invalid("'model' must be a non-empty string.", 'model');
  let texts: string | string[];
  if (typeof input === 'string') texts = input;
  else if (Array.isArray(input) && input.length > 0 && input.every((text) => typeof text === 'string')) {
    texts = input as string[];
  } else {
    throw invalid(
      "'input' must be a string or a non-empty array of strings (token arrays are not supported by this gateway).",
      'input',
    );
  }
  const request: EmbeddingRequest = { model, input: texts };
  if (dimensions !== undefined && dimensions !== null) {
    if (typeof dimensions !== 'number' || !Number.isInteger(dimensions) || dimensions < 1) {
      throw invalid("'dimensions' must be a positive integer.", 'dimensions');
    }
    request.dimensions = dimensions;
  }
  if (user !== undefined && user !== null) {
    if (typeof user !== 'string') throw invalid("'user' must be a string.", 'user');
    request.user = user;
  }
  if (encoding !== undefined && encoding !== null && encoding !== 'float' && encoding !== 'base64') {
    throw invalid("'encoding_format' must be 'float' or 'base64'.", 'encoding_format');
  }
  return { request, encoding: encoding === 'base64' ? 'base64' : 'float' };
}

function invalid(message: string, param: string | null): GatewayError {
  return new GatewayError({ status: 400, message, param, code: 'invalid_request_error' });
}
