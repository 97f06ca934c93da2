import { createHash } from 'node:crypto';
import type { CompletionRequest } from '../types/request.js';

/** Whether the entry holds a whole response or a stream's parts: the two are cached apart. */
export type CacheMode = 'complete' | 'stream';

/**
 * The request fields that determine the answer, in a fixed order. `user` is left out (abuse monitoring
 * only), as are the call's headers and metadata, which never reach the model.
 */
const answerFields = [
  'messages',
  'tools',
  'toolChoice',
  'parallelToolCalls',
  'responseFormat',
  'maxTokens',
  'temperature',
  'topP',
  'topK',
  'stop',
  'seed',
  'presencePenalty',
  'frequencyPenalty',
  'reasoning',
  'providerOptions',
] as const satisfies ReadonlyArray<keyof CompletionRequest>;

/**
 * Appends `value` as JSON with every object's keys sorted, so two requests that differ only in key order
 * (a tool schema written in another order, say) share a key. Undefined values are skipped, as
 * JSON.stringify skips them, so `{ temperature: undefined }` and `{}` share a key too.
 */
function writeCanonical(value: unknown, out: string[]): void {
  if (value === null || typeof value !== 'object') {
    out.push(JSON.stringify(value) ?? 'null');
    return;
  }
  if (Array.isArray(value)) {
    out.push('[');
    for (let index = 0; index < value.length; index++) {
      if (index > 0) out.push(',');
      const item = value[index];
      // As JSON.stringify does: an undefined array item is null, keeping positions.
      writeCanonical(item === undefined ? null : item, out);
    }
    out.push(']');
    return;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  out.push('{');
  let first = true;
  for (const key of keys) {
    const item = record[key];
    if (item === undefined || typeof item === 'function') continue;
    if (!first) out.push(',');
    first = false;
    out.push(JSON.stringify(key), ':');
    writeCanonical(item, out);
  }
  out.push('}');
}

/**
 * The cache key of a request on its way to `provider`: the SHA-256 (hex) of a canonical JSON of the
 * provider, the model that provider receives, the mode, and every field that determines the answer.
 * Built field by field, with no JSON round trip of the whole request.
 */
export function responseCacheKey(options: {
  provider: string;
  request: CompletionRequest;
  mode: CacheMode;
}): string {
  const { request } = options;
  const out: string[] = [
    '{"provider":',
    JSON.stringify(options.provider),
    ',"model":',
    JSON.stringify(request.model),
    ',"mode":"',
    options.mode,
    '"',
  ];
  for (const field of answerFields) {
    const value = request[field];
    if (value === undefined) continue;
    out.push(',"', field, '":');
    writeCanonical(value, out);
  }
  out.push('}');
  return createHash('sha256').update(out.join('')).digest('hex');
}
