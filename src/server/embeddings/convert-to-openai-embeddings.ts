import type { EmbeddingResponse } from '../../types/embedding.js';
import type { EmbeddingsCall } from './convert-embeddings-request.js';

/** A vector as OpenAI's base64 encoding: the float32 values' little-endian bytes. */
export function encodeBase64Vector(vector: readonly number[]): string {
  const bytes = Buffer.allocUnsafe(vector.length * 4);
  for (let index = 0; index < vector.length; index++) bytes.writeFloatLE(vector[index]!, index * 4);
  return bytes.toString('base64');
}

/** The router's embedding response as OpenAI's `{ object: 'list', data, model, usage }` body. */
export function convertToOpenAIEmbeddings(response: EmbeddingResponse, call: EmbeddingsCall): unknown {
  const base64 = call.encoding === 'base64';
  const inputTokens = response.usage.inputTokens ?? 0;
  return {
    object: 'list',
    data: response.embeddings.map((vector, index) => ({
      object: 'embedding',
      index,
      embedding: base64 ? encodeBase64Vector(vector) : vector,
    })),
    model: response.model,
    usage: { prompt_tokens: inputTokens, total_tokens: response.usage.totalTokens ?? inputTokens },
  };
}
