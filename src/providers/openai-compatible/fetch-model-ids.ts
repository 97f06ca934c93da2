import type { FetchFunction } from '../../http/http-types.js';
import { type CallTarget, postJson, readJson } from '../../http/post-json.js';
import { RouterError } from '../../types/router-error.js';
import type { OpenAIModelList } from '../openai/api-types.js';

/** Options of {@link fetchModelIds}. */
export interface FetchModelIdsOptions {
  /** The `/models` endpoint. */
  url: string;
  headers: Record<string, string>;
  target: CallTarget;
  fetch?: FetchFunction;
  signal?: AbortSignal;
}

/** Reads the model ids a server offers from `GET /models` (OpenAI's list format, `{ data: [{ id }] }`). */
export async function fetchModelIds(options: FetchModelIdsOptions): Promise<string[]> {
  const response = await postJson(
    {
      url: options.url,
      method: 'GET',
      headers: options.headers,
      signal: options.signal,
      fetch: options.fetch,
    },
    options.target,
  );
  const body = (await readJson(response, options.target, options.signal)) as OpenAIModelList | null;
  if (!Array.isArray(body?.data)) {
    throw new RouterError({
      message: `${options.target.provider} GET /models returned no model list`,
      kind: 'server',
      provider: options.target.provider,
      status: 502,
    });
  }
  const ids: string[] = [];
  for (const entry of body.data) {
    if (typeof entry?.id === 'string' && entry.id !== '') ids.push(entry.id);
  }
  return ids;
}
