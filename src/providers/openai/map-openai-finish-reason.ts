import type { FinishReason } from '../../types/usage.js';

const unifiedByRaw: ReadonlyMap<string, FinishReason['unified']> = new Map([
  ['stop', 'stop'],
  // vLLM and a few llama.cpp-based servers.
  ['eos', 'stop'],
  ['length', 'length'],
  // Mistral: the context window, not max_tokens, cut the answer off.
  ['model_length', 'length'],
  ['tool_calls', 'tool_calls'],
  // The pre-tools function-calling API, still sent by some compatible servers.
  ['function_call', 'tool_calls'],
  ['content_filter', 'content_filter'],
  // Mistral and OpenRouter, when generation failed part-way.
  ['error', 'error'],
]);

/** Maps a Chat Completions `finish_reason` to the unified value, keeping the raw one. */
export function mapOpenAIFinishReason(raw: string | null | undefined): FinishReason {
  const value = raw ?? undefined;
  return { unified: (value !== undefined && unifiedByRaw.get(value)) || 'other', raw: value };
}
