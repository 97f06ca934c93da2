import type { ProviderCapabilities } from '../../types/provider.js';
import type { ChatCompletionsQuirks } from '../openai/chat-completions-quirks.js';

/** Everything that makes one OpenAI-compatible service differ from another. */
export interface CompatiblePreset {
  /** Default provider name. */
  name: string;
  /** Up to and including the version segment; `/chat/completions` and `/models` are appended. */
  baseURL: string;
  /** Environment variable holding the key. `undefined` for local servers, which need none. */
  apiKeyVariable: string | undefined;
  /** Header carrying the key: `authorization` (as `Bearer <key>`), or a header taking the bare key. */
  authHeader: string;
  /** Default models, the first being the default. Empty for local servers: pass them or discover them. */
  models: readonly string[];
  capabilities: Readonly<ProviderCapabilities>;
  quirks: Readonly<ChatCompletionsQuirks>;
  /** The service has an OpenAI-shaped `POST {baseURL}/embeddings`, so the provider can `embed`. */
  embeddings: boolean;
}

/** The short form one table row is written in; {@link preset} fills in the defaults. */
interface PresetRow {
  baseURL: string;
  key?: string;
  auth?: string;
  models: readonly string[];
  /** Defaults: tools, JSON mode and JSON schema on; images, PDFs and reasoning off. */
  tools?: boolean;
  json?: boolean;
  jsonSchema?: boolean;
  images?: boolean;
  documents?: boolean;
  reasoning?: boolean;
  /** Default `max_tokens`. */
  maxTokens?: ChatCompletionsQuirks['maxTokensField'];
  /** Sends `stream_options.include_usage`. Default on; off where the service rejects or ignores it. */
  streamUsage?: boolean;
  drop?: readonly string[];
  rename?: Readonly<Record<string, string>>;
  /** Has `POST /embeddings`. Default off. */
  embeddings?: boolean;
}

function preset(name: string, row: PresetRow): CompatiblePreset {
  const quirks: ChatCompletionsQuirks = {
    maxTokensField: row.maxTokens ?? 'max_tokens',
    streamUsage: row.streamUsage ?? true,
    jsonSchema: row.jsonSchema ?? true,
    openaiReasoningModels: false,
  };
  if (row.drop !== undefined) quirks.unsupportedParameters = Object.freeze([...row.drop]);
  if (row.rename !== undefined) quirks.renamedParameters = Object.freeze({ ...row.rename });
  return Object.freeze({
    name,
    baseURL: row.baseURL,
    apiKeyVariable: row.key,
    authHeader: row.auth ?? 'authorization',
    models: Object.freeze([...row.models]),
    capabilities: Object.freeze({
      tools: row.tools ?? true,
      jsonSchemaOutput: row.jsonSchema ?? true,
      jsonOutput: row.json ?? true,
      imageInput: row.images ?? false,
      documentInput: row.documents ?? false,
      streaming: true,
      reasoning: row.reasoning ?? false,
    }),
    quirks: Object.freeze(quirks),
    embeddings: row.embeddings ?? false,
  });
}

/**
 * OpenAI-compatible services, one row each. Adding a service is adding a row.
 *
 * Notable quirks: DeepSeek has JSON mode but no `json_schema` (a schema request is sent as JSON mode);
 * Sarvam takes its key in `api-subscription-key`; Mistral rejects unknown fields with 422, so `user`
 * and `reasoning_effort` are dropped and `seed` is sent as `random_seed`; Cerebras answers 400 to the
 * penalties and `parallel_tool_calls`; Perplexity has no tools and no JSON mode; LM Studio takes
 * `json_schema` but answers 400 to `json_object` (no JSON mode). Ollama, LM Studio and
 * vLLM run locally on their usual ports and need no key. `embeddings: true` marks the services with an
 * OpenAI-shaped `/embeddings` endpoint (Together, Ollama, Mistral, Fireworks, LM Studio, vLLM); the others
 * are skipped by `router.embed`.
 */
// biome-ignore format: one row per service keeps the table readable and adding a service a one-line change
export const presets = {
  deepseek: preset('deepseek', { baseURL: 'https://api.deepseek.com/v1', key: 'DEEPSEEK_API_KEY', models: ['deepseek-chat', 'deepseek-reasoner'], jsonSchema: false, reasoning: true }),
  groq: preset('groq', { baseURL: 'https://api.groq.com/openai/v1', key: 'GROQ_API_KEY', models: ['llama-3.3-70b-versatile', 'llama-3.1-8b-instant', 'openai/gpt-oss-120b', 'qwen/qwen3-32b'], images: true, reasoning: true, maxTokens: 'max_completion_tokens' }),
  together: preset('together', { baseURL: 'https://api.together.xyz/v1', key: 'TOGETHER_API_KEY', models: ['meta-llama/Llama-3.3-70B-Instruct-Turbo', 'deepseek-ai/DeepSeek-V3', 'Qwen/Qwen2.5-72B-Instruct-Turbo'], images: true, reasoning: true, embeddings: true }),
  ollama: preset('ollama', { baseURL: 'http://localhost:11434/v1', models: [], images: true, reasoning: true, embeddings: true }),
  sarvam: preset('sarvam', { baseURL: 'https://api.sarvam.ai/v1', key: 'SARVAM_API_KEY', auth: 'api-subscription-key', models: ['sarvam-30b', 'sarvam-105b'], reasoning: true, streamUsage: false }),
  mistral: preset('mistral', { baseURL: 'https://api.mistral.ai/v1', key: 'MISTRAL_API_KEY', models: ['mistral-small-latest', 'mistral-medium-latest', 'mistral-large-latest', 'magistral-medium-latest'], images: true, reasoning: true, streamUsage: false, drop: ['user', 'reasoning_effort'], rename: { seed: 'random_seed' }, embeddings: true }),
  fireworks: preset('fireworks', { baseURL: 'https://api.fireworks.ai/inference/v1', key: 'FIREWORKS_API_KEY', models: ['accounts/fireworks/models/llama-v3p3-70b-instruct', 'accounts/fireworks/models/deepseek-v3p1', 'accounts/fireworks/models/qwen3-235b-a22b'], images: true, reasoning: true, embeddings: true }),
  openrouter: preset('openrouter', { baseURL: 'https://openrouter.ai/api/v1', key: 'OPENROUTER_API_KEY', models: ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4.5', 'google/gemini-2.5-flash', 'meta-llama/llama-3.3-70b-instruct'], images: true, documents: true, reasoning: true }),
  xai: preset('xai', { baseURL: 'https://api.x.ai/v1', key: 'XAI_API_KEY', models: ['grok-4', 'grok-3-mini', 'grok-3'], images: true, reasoning: true, maxTokens: 'max_completion_tokens' }),
  cerebras: preset('cerebras', { baseURL: 'https://api.cerebras.ai/v1', key: 'CEREBRAS_API_KEY', models: ['gpt-oss-120b', 'llama-3.3-70b', 'llama3.1-8b'], reasoning: true, maxTokens: 'max_completion_tokens', streamUsage: false, drop: ['presence_penalty', 'frequency_penalty', 'parallel_tool_calls'] }),
  perplexity: preset('perplexity', { baseURL: 'https://api.perplexity.ai', key: 'PERPLEXITY_API_KEY', models: ['sonar', 'sonar-pro', 'sonar-reasoning-pro'], tools: false, json: false, images: true, streamUsage: false }),
  lmstudio: preset('lmstudio', { baseURL: 'http://localhost:1234/v1', models: [], json: false, images: true, reasoning: true, streamUsage: false, embeddings: true }),
  vllm: preset('vllm', { baseURL: 'http://localhost:8000/v1', models: [], images: true, reasoning: true, embeddings: true }),
} as const satisfies Record<string, CompatiblePreset>;

/** Names of the built-in presets. */
export type PresetName = keyof typeof presets;

/** True when `name` is a built-in preset. */
export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(presets, name);
}
