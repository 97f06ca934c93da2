import type { FakeFormat } from './fake-behaviour.js';

/** Default length of a fake vector when the request names no `dimensions`. */
export const fakeEmbeddingDimensions = 4;

/**
 * The fake's vector for a text: deterministic, so a test can compute the expected one. Component `i` is
 * `((sum of the text's UTF-16 codes) * (i + 1)) % 1000 / 1000`, the first one the text's length.
 *
 * @example
 * fakeEmbedding('ab', 3); // [2, 0.585, 0.877]
 */
export function fakeEmbedding(text: string, dimensions = fakeEmbeddingDimensions): number[] {
  let sum = 0;
  for (let index = 0; index < text.length; index++) sum += text.charCodeAt(index);
  const vector = [text.length];
  for (let index = 1; index < dimensions; index++) vector.push(((sum * (index + 1)) % 1000) / 1000);
  return vector;
}

/** An embeddings request as the fake reads it, or why it cannot. */
export type EmbeddingsReading =
  | { model: string; inputs: string[]; dimensions: number | undefined }
  | { invalid: string };

/** Reads an OpenAI `/embeddings` body or a Gemini `embedContent` / `batchEmbedContents` body. */
export function readEmbeddingsRequest(
  format: FakeFormat,
  body: Record<string, unknown>,
  pathModel: string | undefined,
): EmbeddingsReading {
  if (format === 'openai') {
    const { model, input, dimensions } = body;
    if (typeof model !== 'string') return { invalid: "'model' is required." };
    const inputs = typeof input === 'string' ? [input] : input;
    if (!Array.isArray(inputs) || inputs.length === 0 || !inputs.every((text) => typeof text === 'string')) {
      return { invalid: "'input' must be a string or a non-empty array of strings." };
    }
    return { model, inputs, dimensions: typeof dimensions === 'number' ? dimensions : undefined };
  }
  const requests = Array.isArray(body.requests) ? (body.requests as Record<string, unknown>[]) : [body];
  const inputs: string[] = [];
  let dimensions: number | undefined;
  for (const request of requests) {
    const parts = (request?.content as { parts?: Array<{ text?: unknown }> } | undefined)?.parts;
    const text = parts?.[0]?.text;
    if (typeof text !== 'string') return { invalid: 'content.parts[0].text must be a string.' };
    inputs.push(text);
    if (typeof request.outputDimensionality === 'number') dimensions = request.outputDimensionality;
  }
  return { model: pathModel ?? '', inputs, dimensions };
}

/** The answer's JSON body in the format's shape. */
export function embeddingsBody(
  format: FakeFormat,
  reading: { model: string; inputs: string[]; dimensions: number | undefined },
  batch: boolean,
): unknown {
  const vectors = reading.inputs.map((text) => fakeEmbedding(text, reading.dimensions));
  if (format === 'gemini') {
    return batch
      ? { embeddings: vectors.map((values) => ({ values })) }
      : { embedding: { values: vectors[0] } };
  }
  const tokens = reading.inputs.reduce((total, text) => total + Math.max(1, Math.ceil(text.length / 4)), 0);
  return {
    object: 'list',
    data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })),
    model: reading.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}
