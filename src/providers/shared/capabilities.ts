import type { ProviderCapabilities } from '../../types/provider.js';

/** Every optional capability: what the native adapters (OpenAI, Azure, Anthropic, Gemini) declare. */
export const allCapabilities: ProviderCapabilities = Object.freeze({
  tools: true,
  jsonSchemaOutput: true,
  jsonOutput: true,
  imageInput: true,
  documentInput: true,
  streaming: true,
  reasoning: true,
});
