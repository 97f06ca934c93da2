import type { JSONObject, JSONValue, SharedV3ProviderMetadata } from '@ai-sdk/provider';
import type { Attempt } from '../types/attempt.js';
import type { Cost } from '../types/cost.js';

/** What served a call, as `providerMetadata.llmrouter` carries it. */
export interface RouterMetadataSource {
  provider: string;
  model: string;
  trail: readonly Attempt[];
  cost?: Cost | undefined;
}

/**
 * `providerMetadata.llmrouter`: the provider and model that served, and the attempt trail. Provider
 * metadata must be JSON, so fields the router left `undefined` are dropped rather than sent as nulls.
 */
export function routerMetadata(source: RouterMetadataSource): SharedV3ProviderMetadata {
  const llmrouter: JSONObject = {
    provider: source.provider,
    model: source.model,
    trail: source.trail.map((attempt) => jsonObject(attempt)),
  };
  if (source.cost !== undefined) llmrouter.cost = jsonObject(source.cost);
  return { llmrouter };
}

function jsonObject(value: object): JSONObject {
  const copy: JSONObject = {};
  for (const [key, field] of Object.entries(value)) {
    if (field === undefined) continue;
    copy[key] = jsonValue(field);
  }
  return copy;
}

function jsonValue(value: unknown): JSONValue {
  if (Array.isArray(value)) return value.map(jsonValue);
  if (typeof value === 'object' && value !== null) return jsonObject(value);
  return value as JSONValue;
}
