export { type FetchModelIdsOptions, fetchModelIds } from './fetch-model-ids.js';
export {
  type OpenAICompatibleOptions,
  type OpenAICompatibleProvider,
  openaiCompatible,
} from './openai-compatible-provider.js';
export {
  cerebras,
  deepseek,
  fireworks,
  groq,
  lmstudio,
  mistral,
  ollama,
  openrouter,
  type PresetShortcut,
  type PresetShortcutOptions,
  perplexity,
  presetShortcut,
  sarvam,
  together,
  vllm,
  xai,
} from './preset-shortcuts.js';
export { type CompatiblePreset, isPresetName, type PresetName, presets } from './presets.js';
