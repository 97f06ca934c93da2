import { ConfigurationError } from '../../errors/configuration-error.js';
import { apiKeyFromEnv, requireApiKey } from '../../http/api-key.js';
import type { Provider, ProviderCapabilities } from '../../types/provider.js';
import { withoutTrailingSlash } from '../openai/base-url.js';
import { createChatCompletionsProvider } from '../openai/chat-completions-provider.js';
import type { ChatCompletionsQuirks } from '../openai/chat-completions-quirks.js';
import { openAIEmbed } from '../openai/openai-embeddings.js';
import { readOpenAIError } from '../openai/openai-errors.js';
import type { HttpProviderOptions } from '../shared/http-provider-options.js';
import { fetchModelIds } from './fetch-model-ids.js';
import { type CompatiblePreset, isPresetName, type PresetName, presets } from './presets.js';

/** Options of {@link openaiCompatible}. */
export interface OpenAICompatibleOptions extends HttpProviderOptions {
  /** A built-in preset name, or a preset of your own. Without one, `baseURL` is required. */
  preset?: PresetName | CompatiblePreset;
  /** Required by hosted presets; optional for local servers and custom endpoints. */
  apiKey?: string;
  /** Overrides the preset's, up to and including the version segment. */
  baseURL?: string;
  /** Overrides of the preset's capabilities (a local server's model may lack tools or vision). */
  capabilities?: Partial<ProviderCapabilities>;
  /** Overrides of the preset's quirks. */
  quirks?: Partial<ChatCompletionsQuirks>;
  /** Whether the service has `POST {baseURL}/embeddings`. Default: the preset's (on for a bare `baseURL`). */
  embeddings?: boolean;
}

/** A provider for an OpenAI-compatible service. */
export interface OpenAICompatibleProvider extends Provider {
  /**
   * Reads the models the server offers from `GET {baseURL}/models` and adds those not already listed
   * to `models` (configured ones keep their place, so the default model does not change). Resolves
   * with the new list.
   */
  refreshModels(options?: { signal?: AbortSignal }): Promise<readonly string[]>;
}

const customPreset: CompatiblePreset = Object.freeze({
  name: 'openai-compatible',
  baseURL: '',
  apiKeyVariable: undefined,
  authHeader: 'authorization',
  models: Object.freeze([]),
  capabilities: Object.freeze({
    tools: true,
    jsonSchemaOutput: true,
    jsonOutput: true,
    imageInput: false,
    documentInput: false,
    streaming: true,
    reasoning: false,
  }),
  embeddings: true,
  quirks: Object.freeze({
    maxTokensField: 'max_tokens',
    streamUsage: true,
    jsonSchema: true,
    openaiReasoningModels: false,
  } as const),
});

function resolvePreset(preset: OpenAICompatibleOptions['preset']): CompatiblePreset {
  if (preset === undefined) return customPreset;
  if (typeof preset !== 'string') return preset;
  if (!isPresetName(preset)) {
    throw new ConfigurationError(
      `Unknown OpenAI-compatible preset "${preset}". Known presets: ${Object.keys(presets).join(', ')}`,
    );
  }
  return presets[preset];
}

/**
 * A provider for any OpenAI-compatible Chat Completions service: a built-in preset (DeepSeek, Groq,
 * Together AI, Ollama, Sarvam, Mistral, Fireworks, OpenRouter, xAI, Cerebras, Perplexity, LM Studio,
 * vLLM), a preset of your own, or a bare `baseURL`. Requests, streams and errors go through the same
 * code as the `openai` provider, adjusted by the preset's quirks. `providerOptions['openai-compatible']`
 * and `providerOptions[name]` are merged into the body last.
 *
 * @example
 * ```ts
 * const groq = openaiCompatible({ preset: 'groq', apiKey: process.env.GROQ_API_KEY });
 * const local = openaiCompatible({ preset: 'ollama', models: ['llama3.2'] });
 * await local.refreshModels(); // adds whatever `ollama list` shows
 * ```
 */
export function openaiCompatible(options: OpenAICompatibleOptions): OpenAICompatibleProvider {
  const preset = resolvePreset(options.preset);
  const name = options.name ?? preset.name;
  const baseURL = withoutTrailingSlash(options.baseURL ?? preset.baseURL);
  if (baseURL === '') {
    throw new ConfigurationError(`Provider "${name}" needs a baseURL (or a preset)`);
  }
  const variables = preset.apiKeyVariable === undefined ? [] : [preset.apiKeyVariable];
  const apiKey =
    preset.apiKeyVariable === undefined && (options.apiKey === undefined || options.apiKey.trim() === '')
      ? undefined
      : requireApiKey(options.apiKey, name, variables);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (apiKey !== undefined) {
    headers[preset.authHeader] = preset.authHeader === 'authorization' ? `Bearer ${apiKey}` : apiKey;
  }
  const staticHeaders = Object.freeze({ ...headers, ...options.headers });
  const configured = Object.freeze([...(options.models ?? preset.models)]);
  let models: readonly string[] = configured;
  const chatURL = `${baseURL}/chat/completions`;
  const engine = createChatCompletionsProvider({
    name,
    providerType: 'openai-compatible',
    models: configured,
    capabilities: Object.freeze({ ...preset.capabilities, ...options.capabilities }),
    tags: options.tags,
    urlFor: () => chatURL,
    headers: staticHeaders,
    secret: apiKey,
    fetch: options.fetch,
    quirks: options.quirks ? Object.freeze({ ...preset.quirks, ...options.quirks }) : preset.quirks,
  });
  const provider: OpenAICompatibleProvider = {
    name,
    get models() {
      return models;
    },
    capabilities: engine.capabilities,
    tags: engine.tags,
    complete: engine.complete,
    stream: engine.stream,
    async refreshModels(refreshOptions = {}) {
      const discovered = await fetchModelIds({
        url: `${baseURL}/models`,
        headers: staticHeaders,
        target: { provider: name, model: '', secret: apiKey, readBody: readOpenAIError },
        fetch: options.fetch,
        signal: refreshOptions.signal,
      });
      const known = new Set(configured);
      models = Object.freeze([...configured, ...discovered.filter((id) => !known.has(id))]);
      return models;
    },
  };
  if (options.embeddings ?? preset.embeddings) {
    const embeddingsURL = `${baseURL}/embeddings`;
    provider.embed = openAIEmbed({
      name,
      providerType: 'openai-compatible',
      headers: staticHeaders,
      secret: apiKey,
      fetch: options.fetch,
      urlFor: () => embeddingsURL,
    });
  }
  return provider;
}

/**
 * A provider for a preset, keyed from the preset's environment variable (`GROQ_API_KEY`, ...). A
 * missing key throws a `ConfigurationError` naming the variable. Local presets need no key.
 *
 * @example
 * ```ts
 * const deepseek = openaiCompatible.fromEnv({ preset: 'deepseek' });
 * ```
 */
openaiCompatible.fromEnv = function fromEnv(
  options: OpenAICompatibleOptions & { preset: PresetName | CompatiblePreset },
): OpenAICompatibleProvider {
  const preset = resolvePreset(options.preset);
  if (options.apiKey !== undefined || preset.apiKeyVariable === undefined) return openaiCompatible(options);
  const apiKey = apiKeyFromEnv([preset.apiKeyVariable], options.name ?? preset.name);
  return openaiCompatible({ ...options, apiKey });
};

/**
 * Creates the provider and fills its `models` from the server's `GET /models` before resolving: the
 * way to register a local server (Ollama, LM Studio, vLLM) whose models you have not listed.
 *
 * @example
 * ```ts
 * const ollama = await openaiCompatible.discover({ preset: 'ollama' });
 * console.log(ollama.models); // ['llama3.2:latest', 'qwen3:8b', ...]
 * ```
 */
openaiCompatible.discover = async function discover(
  options: OpenAICompatibleOptions & { signal?: AbortSignal },
): Promise<OpenAICompatibleProvider> {
  const { signal, ...providerOptions } = options;
  const provider = openaiCompatible(providerOptions);
  await provider.refreshModels({ signal });
  return provider;
};
