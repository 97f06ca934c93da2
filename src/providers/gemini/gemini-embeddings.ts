import type { EmbeddingRequest, EmbeddingResponse } from '../../types/embedding.js';
import { malformed } from '../shared/embed-call.js';

type Values = { values?: unknown };

/** The model as a resource name: `models/xyz`, or a name that already has a collection (`tunedModels/x`). */
export function geminiModelPath(model: string): string {
  return model.includes('/') ? model : `models/${model}`;
}

/**
 * The body of a Gemini embedding request: `embedContent` for one text, `batchEmbedContents` (one
 * request per text, each naming the model) for several. `dimensions` is `outputDimensionality`;
 * pass-through fields (`taskType`, `title`) go on each request.
 */
export function convertToGeminiEmbeddingBody(
  request: EmbeddingRequest,
  passThrough: Record<string, unknown> | undefined,
): unknown {
  const one = (text: string, model?: string): Record<string, unknown> => {
    const body: Record<string, unknown> = model === undefined ? {} : { model };
    body.content = { parts: [{ text }] };
    if (request.dimensions !== undefined) body.outputDimensionality = request.dimensions;
    return passThrough ? Object.assign(body, passThrough) : body;
  };
  if (typeof request.input === 'string') return one(request.input);
  const model = geminiModelPath(request.model);
  return { requests: request.input.map((text) => one(text, model)) };
}

/** Reads `{ embedding: { values } }` or `{ embeddings: [{ values }] }`. Gemini reports no token counts. */
export function readGeminiEmbeddings(
  payload: unknown,
  request: EmbeddingRequest,
  provider: string,
): Pick<EmbeddingResponse, 'embeddings' | 'model' | 'usage'> {
  const target = { provider, model: request.model };
  const body = payload as { embedding?: Values; embeddings?: Values[] } | null;
  const items = typeof request.input === 'string' ? [body?.embedding] : body?.embeddings;
  if (!Array.isArray(items)) throw malformed(target, 'no embeddings array');
  const embeddings = items.map((item, index) => {
    if (!Array.isArray(item?.values)) throw malformed(target, `embedding ${index} has no values array`);
    return item.values as number[];
  });
  return {
    embeddings,
    model: request.model,
    usage: { inputTokens: undefined, outputTokens: 0, totalTokens: undefined },
  };
}
