import {
  GEN_AI_PROVIDER_SPELLING,
  type GenAiConventions,
  type WellKnownGenAiProvider,
} from './gen-ai-names.js';

/**
 * Router names (the built-in adapters' and presets' default names, plus common spellings) that stand for
 * a provider the conventions know.
 */
const knownRouterNames: Readonly<Record<string, WellKnownGenAiProvider>> = {
  openai: 'openai',
  anthropic: 'anthropic',
  gemini: 'gcp.gemini',
  google: 'gcp.gemini',
  vertex: 'gcp.vertex_ai',
  'vertex-ai': 'gcp.vertex_ai',
  vertexai: 'gcp.vertex_ai',
  azure: 'azure.ai.openai',
  'azure-openai': 'azure.ai.openai',
  bedrock: 'aws.bedrock',
  'aws-bedrock': 'aws.bedrock',
  cohere: 'cohere',
  deepseek: 'deepseek',
  groq: 'groq',
  watsonx: 'ibm.watsonx.ai',
  mistral: 'mistral_ai',
  perplexity: 'perplexity',
  xai: 'x_ai',
  'x-ai': 'x_ai',
};

/**
 * The GenAI provider value for a router's provider name: the user's mapping first, then the well-known
 * value the name stands for (spelled as the edition spells it), else the name itself, which the
 * conventions allow for providers they do not list (`together`, `ollama`, a self-hosted vLLM...).
 */
export function genAiProviderName(options: {
  provider: string;
  conventions: GenAiConventions;
  overrides?: Readonly<Record<string, string>>;
}): string {
  const override = options.overrides?.[options.provider];
  if (override !== undefined) return override;
  const known = knownRouterNames[options.provider.toLowerCase()];
  if (known === undefined) return options.provider;
  return GEN_AI_PROVIDER_SPELLING[options.conventions][known] ?? known;
}
