/**
 * Tool-call arguments as JSON text. Some compatible servers (older Ollama) send an object instead of a
 * string, and some send nothing for a call without arguments; both become valid JSON text.
 */
export function normalizeToolArguments(value: string | Record<string, unknown> | null | undefined): string {
  if (typeof value === 'string') return value === '' ? '{}' : value;
  if (value === null || value === undefined) return '{}';
  return JSON.stringify(value);
}
