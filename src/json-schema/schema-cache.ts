import type { JsonSchema } from '../types/tool.js';

/**
 * Wraps a schema conversion so that each schema object is converted once: adapters convert the schema
 * of every request, and a schema declared once (as `completeObject` sends it) is the same object every
 * time. Results are copied (they may share arrays with the caller's schema) and deeply frozen, since
 * every later request shares them.
 */
export function cachedBySchema<Result>(
  convert: (schema: JsonSchema) => Result,
): (schema: JsonSchema) => Result {
  const results = new WeakMap<JsonSchema, { result: Result }>();
  return (schema) => {
    let entry = results.get(schema);
    if (!entry) {
      entry = { result: deepFreeze(structuredClone(convert(schema))) };
      results.set(schema, entry);
    }
    return entry.result;
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
  return value;
}
