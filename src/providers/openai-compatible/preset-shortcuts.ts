import {
  type OpenAICompatibleOptions,
  type OpenAICompatibleProvider,
  openaiCompatible,
} from './openai-compatible-provider.js';
import type { PresetName } from './presets.js';

/** Options of a preset shortcut: those of `openaiCompatible` without the preset. */
export type PresetShortcutOptions = Omit<OpenAICompatibleOptions, 'preset'>;

/** `openaiCompatible` bound to one preset: `groq(options)`, `groq.fromEnv()`, `groq.discover()`. */
export interface PresetShortcut {
  (options?: PresetShortcutOptions): OpenAICompatibleProvider;
  /** Keyed from the preset's environment variable; see `openaiCompatible.fromEnv`. */
  fromEnv(options?: PresetShortcutOptions): OpenAICompatibleProvider;
  /** Models read from the server's `GET /models`; see `openaiCompatible.discover`. */
  discover(options?: PresetShortcutOptions & { signal?: AbortSignal }): Promise<OpenAICompatibleProvider>;
}

/**
 * Binds `openaiCompatible` to one preset.
 *
 * @example
 * ```ts
 * const groq = presetShortcut('groq');
 * const provider = groq.fromEnv({ models: ['llama-3.3-70b-versatile'] });
 * ```
 */
export function presetShortcut(preset: PresetName): PresetShortcut {
  const shortcut = (options: PresetShortcutOptions = {}) => openaiCompatible({ ...options, preset });
  return Object.assign(shortcut, {
    fromEnv: (options: PresetShortcutOptions = {}) => openaiCompatible.fromEnv({ ...options, preset }),
    discover: (options: PresetShortcutOptions & { signal?: AbortSignal } = {}) =>
      openaiCompatible.discover({ ...options, preset }),
  });
}

/** DeepSeek (`DEEPSEEK_API_KEY`). */
export const deepseek: PresetShortcut = presetShortcut('deepseek');
/** Groq (`GROQ_API_KEY`). */
export const groq: PresetShortcut = presetShortcut('groq');
/** Together AI (`TOGETHER_API_KEY`). */
export const together: PresetShortcut = presetShortcut('together');
/** Ollama on `http://localhost:11434/v1`; no key. */
export const ollama: PresetShortcut = presetShortcut('ollama');
/** Sarvam (`SARVAM_API_KEY`, sent as `api-subscription-key`). */
export const sarvam: PresetShortcut = presetShortcut('sarvam');
/** Mistral's OpenAI-compatible API (`MISTRAL_API_KEY`). */
export const mistral: PresetShortcut = presetShortcut('mistral');
/** Fireworks AI (`FIREWORKS_API_KEY`). */
export const fireworks: PresetShortcut = presetShortcut('fireworks');
/** OpenRouter (`OPENROUTER_API_KEY`). */
export const openrouter: PresetShortcut = presetShortcut('openrouter');
/** xAI (`XAI_API_KEY`). */
export const xai: PresetShortcut = presetShortcut('xai');
/** Cerebras (`CEREBRAS_API_KEY`). */
export const cerebras: PresetShortcut = presetShortcut('cerebras');
/** Perplexity (`PERPLEXITY_API_KEY`). */
export const perplexity: PresetShortcut = presetShortcut('perplexity');
/** LM Studio on `http://localhost:1234/v1`; no key. */
export const lmstudio: PresetShortcut = presetShortcut('lmstudio');
/** vLLM on `http://localhost:8000/v1`; no key unless started with `--api-key`. */
export const vllm: PresetShortcut = presetShortcut('vllm');
