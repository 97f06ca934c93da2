import type { CompletionResponse } from '../types/response.js';
import type { StreamPart } from '../types/stream-part.js';
import type { FinishReason } from '../types/usage.js';

/** What the cache stores: a whole response for `complete`, the parts in order for `stream`. */
export type CacheEntry =
  | { kind: 'response'; response: CompletionResponse }
  | { kind: 'stream'; parts: StreamPart[] };

/**
 * Whether an answer that stopped for `reason` may be cached. Only answers the model finished on its own
 * (`stop`, `tool_calls`) are; a refusal, an error or an unknown stop could be transient, and a `length`
 * cut is an answer the caller may not want pinned, unless `cacheLengthCut` says so.
 */
export function isCacheable(reason: FinishReason, cacheLengthCut: boolean): boolean {
  const unified = reason.unified;
  return unified === 'stop' || unified === 'tool_calls' || (unified === 'length' && cacheLengthCut);
}

/** The response as stored: without what the router adds per call (trail, cost) or the hit mark. */
export function serializeResponse(response: CompletionResponse): string {
  const { trail: _trail, cost: _cost, cached: _cached, ...answer } = response;
  return JSON.stringify({ kind: 'response', response: answer });
}

/** The parts as stored. */
export function serializeParts(parts: readonly StreamPart[]): string {
  return JSON.stringify({ kind: 'stream', parts });
}

/** Parses a stored entry; anything unreadable (another version's format, a corrupted value) is a miss. */
export function parseEntry(value: string | undefined): CacheEntry | undefined {
  if (value === undefined) return undefined;
  try {
    const entry = JSON.parse(value) as CacheEntry;
    if (entry?.kind === 'response' && typeof entry.response === 'object') return entry;
    if (entry?.kind === 'stream' && Array.isArray(entry.parts)) return entry;
  } catch {
    // Fall through to a miss.
  }
  return undefined;
}

/** A fresh response for a hit: marked cached, with an empty trail the router fills with this call's. */
export function hitResponse(stored: CompletionResponse): CompletionResponse {
  // JSON drops `undefined`; put the documented key back so a hit has the same shape as a fresh answer.
  if (!Object.hasOwn(stored, 'reasoningText')) stored.reasoningText = undefined;
  stored.trail = [];
  stored.cached = true;
  return stored;
}
