export type { AnthropicOptions } from './anthropic/index.js';
export { anthropic } from './anthropic/index.js';
export type { AzureOpenAIOptions } from './azure/index.js';
export { azureOpenai } from './azure/index.js';
export type { GeminiOptions } from './gemini/index.js';
export { gemini } from './gemini/index.js';
export type { OpenAIOptions } from './openai/index.js';
export { openai } from './openai/index.js';
export type {
  CompatiblePreset,
  OpenAICompatibleOptions,
  OpenAICompatibleProvider,
  PresetName,
  PresetShortcut,
  PresetShortcutOptions,
} from './openai-compatible/index.js';
export {
  cerebras,
  deepseek,
  fireworks,
  groq,
  isPresetName,
  lmstudio,
  mistral,
  ollama,
  openaiCompatible,
  openrouter,
  perplexity,
  presets,
  sarvam,
  together,
  vllm,
  xai,
} from './openai-compatible/index.js';
