import { apiKeyFromEnv, requireApiKey } from '../../http/api-key.js';
import type { Provider } from '../../types/provider.js';
import { allCapabilities } from '../shared/capabilities.js';
import { contextWindowLookup } from '../shared/context-window-table.js';
import type { HttpProviderOptions } from '../shared/http-provider-options.js';
import { withoutTrailingSlash } from './base-url.js';
import { createChatCompletionsProvider } from './chat-completions-provider.js';
import { openAIQuirks } from './chat-completions-quirks.js';
import { openAIContextWindows } from './openai-context-windows.js';
import { openAIEmbed } from './openai-embeddings.js';

/** Options of {@link openai}. */
export interface OpenAIOptions extends HttpProviderOptions {
  apiKey: string;
  /** Up to and including the version segment. Default `https://api.openai.com/v1`. */
  baseURL?: string;
  /** Sent as `OpenAI-Organization`. */
  organization?: string;
  /** Sent as `OpenAI-Project`. */
  project?: string;
}

/** The environment variable {@link openai.fromEnv} reads. */
export const openAIApiKeyVariable = 'OPENAI_API_KEY';

/** Models an `openai` provider declares when given none. */
export const openAIDefaultModels: readonly string[] = Object.freeze([
  'gpt-4o-mini',
  'gpt-4o',
  'gpt-4.1',
  'gpt-4.1-mini',
  'gpt-4.1-nano',
  'gpt-5',
  'gpt-5-mini',
  'gpt-5-nano',
  'o3',
  'o4-mini',
]);

const capabilities = allCapabilities;
const openAIContextWindow = contextWindowLookup(openAIContextWindows);

/**
 * OpenAI's Chat Completions API (`POST {baseURL}/chat/completions`), and its embeddings
 * (`POST {baseURL}/embeddings`) for `router.embed`.
 *
 * Reasoning models (o1, o3, o4-mini, gpt-5...) get `developer` instructions and no sampling parameters
 * they would reject; `maxTokens` is sent as `max_completion_tokens`; streams ask for a usage chunk.
 * `providerOptions.openai` (and `providerOptions[name]`) are merged into the body last.
 *
 * @example
 * ```ts
 * const provider = openai({ apiKey: process.env.OPENAI_API_KEY!, organization: 'org-123' });
 * const response = await provider.complete({
 *   model: 'gpt-4o-mini',
 *   messages: [{ role: 'user', content: 'Hello' }],
 * });
 * console.log(response.text);
 * ```
 */
export function openai(options: OpenAIOptions): Provider {
  const name = options.name ?? 'openai';
  const apiKey = requireApiKey(options.apiKey, name, [openAIApiKeyVariable]);
  const base = withoutTrailingSlash(options.baseURL ?? 'https://api.openai.com/v1');
  const url = `${base}/chat/completions`;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    authorization: `Bearer ${apiKey}`,
  };
  if (options.organization !== undefined) headers['openai-organization'] = options.organization;
  if (options.project !== undefined) headers['openai-project'] = options.project;
  const staticHeaders = Object.freeze({ ...headers, ...options.headers });
  const provider = createChatCompletionsProvider({
    name,
    providerType: 'openai',
    models: Object.freeze([...(options.models ?? openAIDefaultModels)]),
    capabilities,
    tags: options.tags,
    contextWindow: openAIContextWindow,
    urlFor: () => url,
    headers: staticHeaders,
    secret: apiKey,
    fetch: options.fetch,
    quirks: openAIQuirks,
  });
  const embeddingsURL = `${base}/embeddings`;
  provider.embed = openAIEmbed({
    name,
    providerType: 'openai',
    headers: staticHeaders,
    secret: apiKey,
    fetch: options.fetch,
    urlFor: () => embeddingsURL,
  });
  return provider;
}

/**
 * An `openai` provider keyed from `OPENAI_API_KEY`. A missing key throws a `ConfigurationError` naming
 * the variable.
 *
 * @example
 * ```ts
 * const provider = openai.fromEnv({ models: ['gpt-4.1-mini'] });
 * ```
 */
openai.fromEnv = function fromEnv(overrides: Partial<OpenAIOptions> = {}): Provider {
  const apiKey = overrides.apiKey ?? apiKeyFromEnv([openAIApiKeyVariable], overrides.name ?? 'openai');
  return openai({ ...overrides, apiKey });
};
