import { ConfigurationError } from '../../errors/configuration-error.js';
import { apiKeyFromEnv, requireApiKey } from '../../http/api-key.js';
import type { Provider, ProviderCapabilities } from '../../types/provider.js';
import { withoutTrailingSlash } from '../openai/base-url.js';
import { createChatCompletionsProvider } from '../openai/chat-completions-provider.js';
import { type ChatCompletionsQuirks, openAIQuirks } from '../openai/chat-completions-quirks.js';
import { openAIContextWindows } from '../openai/openai-context-windows.js';
import { openAIEmbed } from '../openai/openai-embeddings.js';
import { allCapabilities } from '../shared/capabilities.js';
import { contextWindowLookup } from '../shared/context-window-table.js';
import type { HttpProviderOptions } from '../shared/http-provider-options.js';

/** Options of {@link azureOpenai}. Give `resourceName` or `baseURL`. */
export interface AzureOpenAIOptions extends HttpProviderOptions {
  apiKey: string;
  /** The resource: requests go to `https://{resourceName}.openai.azure.com/openai`. */
  resourceName?: string;
  /** Instead of `resourceName`: the prefix before `/deployments`, e.g. `https://x.openai.azure.com/openai`. */
  baseURL?: string;
  /** One deployment, served under its own name as the model name. */
  deployment?: string;
  /** Model name -> deployment name. A model name not listed is used as the deployment name. */
  deployments?: Record<string, string>;
  /** Default {@link azureDefaultApiVersion}. */
  apiVersion?: string;
  /** Overrides of the capabilities, which default to OpenAI's. */
  capabilities?: Partial<ProviderCapabilities>;
  /** Overrides of the request quirks, which default to OpenAI's. */
  quirks?: Partial<ChatCompletionsQuirks>;
}

/**
 * The latest generally available dated API version. Reasoning deployments (o-series, gpt-5) need a
 * newer preview version for `developer` messages and `reasoning_effort`: pass `apiVersion`.
 */
export const azureDefaultApiVersion = '2024-10-21';

/** Environment variables {@link azureOpenai.fromEnv} reads. */
export const azureEnvironmentVariables = Object.freeze({
  apiKey: 'AZURE_OPENAI_API_KEY',
  resourceName: 'AZURE_OPENAI_RESOURCE_NAME',
  endpoint: 'AZURE_OPENAI_ENDPOINT',
  apiVersion: 'AZURE_OPENAI_API_VERSION',
});

const capabilities = allCapabilities;
// Azure serves OpenAI's models under their own names, so their windows are OpenAI's.
const azureContextWindow = contextWindowLookup(openAIContextWindows);

/**
 * Azure OpenAI's Chat Completions, through deployments:
 * `POST {baseURL}/deployments/{deployment}/chat/completions?api-version=...` with the `api-key` header.
 * Embeddings go to the model's deployment: `POST {baseURL}/deployments/{deployment}/embeddings`.
 * Bodies, streams and errors are OpenAI's. `providerOptions.azure` (and `providerOptions[name]`) are
 * merged into the body last.
 *
 * @example
 * ```ts
 * const azure = azureOpenai({
 *   resourceName: 'my-resource',
 *   apiKey: process.env.AZURE_OPENAI_API_KEY!,
 *   deployments: { 'gpt-4o-mini': 'prod-gpt4o-mini' },
 * });
 * await azure.complete({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
 * ```
 */
export function azureOpenai(options: AzureOpenAIOptions): Provider {
  const name = options.name ?? 'azure';
  const apiKey = requireApiKey(options.apiKey, name, [azureEnvironmentVariables.apiKey]);
  const base = azureBaseURL(options, name);
  const query = `?api-version=${encodeURIComponent(options.apiVersion ?? azureDefaultApiVersion)}`;
  const deployments = { ...options.deployments };
  if (options.deployment !== undefined) deployments[options.deployment] ??= options.deployment;
  const urlOf = (deployment: string, endpoint = 'chat/completions') =>
    `${base}/deployments/${encodeURIComponent(deployment)}/${endpoint}${query}`;
  // Built once for every configured model; any other name is its own deployment.
  const urlByModel = new Map(
    Object.entries(deployments).map(([model, deployment]) => [model, urlOf(deployment)]),
  );
  const embeddingsURLByModel = new Map(
    Object.entries(deployments).map(([model, deployment]) => [model, urlOf(deployment, 'embeddings')]),
  );
  const headers = Object.freeze({
    'content-type': 'application/json',
    'api-key': apiKey,
    ...options.headers,
  });
  const provider = createChatCompletionsProvider({
    name,
    providerType: 'azure',
    models: Object.freeze([...(options.models ?? Object.keys(deployments))]),
    capabilities: options.capabilities
      ? Object.freeze({ ...capabilities, ...options.capabilities })
      : capabilities,
    tags: options.tags,
    contextWindow: azureContextWindow,
    urlFor: (model) => urlByModel.get(model) ?? urlOf(model),
    headers,
    secret: apiKey,
    fetch: options.fetch,
    quirks: options.quirks ? Object.freeze({ ...openAIQuirks, ...options.quirks }) : openAIQuirks,
  });
  provider.embed = openAIEmbed({
    name,
    providerType: 'azure',
    headers,
    secret: apiKey,
    fetch: options.fetch,
    urlFor: (model) => embeddingsURLByModel.get(model) ?? urlOf(model, 'embeddings'),
  });
  return provider;
}

function azureBaseURL(options: AzureOpenAIOptions, name: string): string {
  if (options.baseURL !== undefined) return withoutTrailingSlash(options.baseURL);
  if (options.resourceName !== undefined && options.resourceName.trim() !== '') {
    return `https://${options.resourceName.trim()}.openai.azure.com/openai`;
  }
  throw new ConfigurationError(`Provider "${name}" needs a resourceName or a baseURL`);
}

/**
 * An Azure OpenAI provider configured from the environment: the key from `AZURE_OPENAI_API_KEY`, the
 * resource from `AZURE_OPENAI_RESOURCE_NAME` or `AZURE_OPENAI_ENDPOINT` (`https://x.openai.azure.com`),
 * the API version from `AZURE_OPENAI_API_VERSION` when set. Anything missing throws a
 * `ConfigurationError` naming the variables.
 *
 * @example
 * ```ts
 * const azure = azureOpenai.fromEnv({ deployment: 'gpt-4o-mini' });
 * ```
 */
azureOpenai.fromEnv = function fromEnv(overrides: Partial<AzureOpenAIOptions> = {}): Provider {
  const name = overrides.name ?? 'azure';
  const apiKey = overrides.apiKey ?? apiKeyFromEnv([azureEnvironmentVariables.apiKey], name);
  const options: AzureOpenAIOptions = { ...overrides, apiKey };
  if (options.resourceName === undefined && options.baseURL === undefined) {
    const resourceName = environmentValue(azureEnvironmentVariables.resourceName);
    const endpoint = environmentValue(azureEnvironmentVariables.endpoint);
    if (resourceName !== undefined) options.resourceName = resourceName;
    else if (endpoint !== undefined) options.baseURL = openAIPathOf(endpoint);
    else {
      throw new ConfigurationError(
        `No resource for provider "${name}": set ${azureEnvironmentVariables.resourceName} or ${azureEnvironmentVariables.endpoint}, or pass resourceName or baseURL`,
      );
    }
  }
  options.apiVersion ??= environmentValue(azureEnvironmentVariables.apiVersion);
  return azureOpenai(options);
};

function environmentValue(variable: string): string | undefined {
  const value = process.env[variable]?.trim();
  return value ? value : undefined;
}

/** `https://x.openai.azure.com/` -> `https://x.openai.azure.com/openai`. */
function openAIPathOf(endpoint: string): string {
  const trimmed = withoutTrailingSlash(endpoint);
  return trimmed.endsWith('/openai') ? trimmed : `${trimmed}/openai`;
}
