import { anthropic } from '../providers/anthropic/anthropic-provider.js';
import { azureOpenai } from '../providers/azure/azure-openai-provider.js';
import { gemini } from '../providers/gemini/gemini-provider.js';
import { openai } from '../providers/openai/openai-provider.js';
import { openaiCompatible } from '../providers/openai-compatible/openai-compatible-provider.js';
import { isPresetName } from '../providers/openai-compatible/presets.js';
import type { Provider } from '../types/provider.js';
import type { ProviderConfig } from './config-schema.js';

/**
 * Builds the provider adapter a configuration entry describes. `config` must already have its `${ENV}`
 * references resolved; an optional setting that resolved to `''` (`${BASE_URL:-}`) counts as unset.
 * Factory errors (a missing key) are thrown as the adapters throw them.
 */
export function buildProvider(name: string, config: ProviderConfig): Provider {
  const apiKey = config.apiKey ?? config.apiKeys?.[0] ?? '';
  const shared = {
    name,
    baseURL: present(config.baseURL),
    headers: config.headers,
    models: config.models,
    tags: config.tags,
  };
  switch (config.type) {
    case 'openai':
      return openai({
        ...shared,
        apiKey,
        organization: present(config.organization),
        project: present(config.project),
      });
    case 'anthropic':
      return anthropic({
        ...shared,
        apiKey,
        defaultMaxTokens: config.defaultMaxTokens,
        structuredOutput: config.structuredOutput,
      });
    case 'gemini':
      return gemini({ ...shared, apiKey });
    case 'azure':
      return azureOpenai({
        ...shared,
        apiKey,
        resourceName: present(config.resourceName),
        deployment: present(config.deployment),
        deployments: config.deployments,
        apiVersion: present(config.apiVersion),
        capabilities: config.capabilities,
      });
    case 'openai-compatible':
      return openaiCompatible({
        ...shared,
        apiKey: present(apiKey),
        preset: config.preset !== undefined && isPresetName(config.preset) ? config.preset : undefined,
        capabilities: config.capabilities,
      });
  }
}

function present(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
