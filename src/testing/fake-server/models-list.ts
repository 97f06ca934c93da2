import type { FakeFormat } from './fake-behaviour.js';

/**
 * The body of `GET {baseURL}/models` in each provider's list format. Anthropic shares OpenAI's `/v1`
 * path, so the server picks it by the `anthropic-version` header its clients send.
 */
export function modelsListBody(format: FakeFormat, ids: readonly string[]): unknown {
  switch (format) {
    case 'openai':
      return {
        object: 'list',
        data: ids.map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake' })),
      };
    case 'anthropic':
      return {
        data: ids.map((id) => ({ type: 'model', id, display_name: id, created_at: '1970-01-01T00:00:00Z' })),
        has_more: false,
        first_id: ids[0] ?? null,
        last_id: ids.at(-1) ?? null,
      };
    case 'gemini':
      return {
        models: ids.map((id) => ({
          name: `models/${id}`,
          displayName: id,
          supportedGenerationMethods: ['generateContent', 'countTokens'],
        })),
      };
  }
}
