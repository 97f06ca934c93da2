import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type LocalServer, sendJson, startLocalServer } from '../../../test/helpers/local-server.js';
import { ConfigurationError } from '../../errors/configuration-error.js';
import { azureOpenai } from './azure-openai-provider.js';

const apiKey = 'azure-key-0123456789abcdef';
const answer = {
  id: 'chatcmpl-az',
  model: 'gpt-4o-mini-2024-07-18',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'Hi!' },
      finish_reason: 'stop',
      content_filter_results: {},
    },
  ],
  prompt_filter_results: [{ prompt_index: 0, content_filter_results: {} }],
  usage: { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 },
};
const request = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Hello' }] };

let server: LocalServer;
beforeAll(async () => {
  server = await startLocalServer((_received, response) => sendJson(response, 200, answer));
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
  vi.unstubAllEnvs();
});

/** A `fetch` that records the URL and headers it was given and answers without touching the network. */
function recordingFetch() {
  const calls: Array<{ url: string; headers: Record<string, string> }> = [];
  const fetch = async (url: string, init: RequestInit) => {
    calls.push({ url, headers: init.headers as Record<string, string> });
    return new Response(JSON.stringify(answer), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { calls, fetch };
}

describe('azureOpenai', () => {
  it('posts to the deployment URL with the api-version and the api-key header, not a bearer token', async () => {
    const provider = azureOpenai({
      apiKey,
      baseURL: `${server.url}/openai/`,
      deployments: { 'gpt-4o-mini': 'prod-mini' },
      apiVersion: '2025-04-01-preview',
    });
    const response = await provider.complete(request);
    const [received] = server.requests;
    expect(received?.url).toBe(
      '/openai/deployments/prod-mini/chat/completions?api-version=2025-04-01-preview',
    );
    expect(received?.headers['api-key']).toBe(apiKey);
    expect(received?.headers.authorization).toBeUndefined();
    expect(received?.json).toEqual({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }] });
    expect(response).toMatchObject({
      provider: 'azure',
      text: 'Hi!',
      usage: { inputTokens: 9, outputTokens: 2 },
    });
  });

  it('uses an unmapped model name as its own deployment, and the default API version', async () => {
    await azureOpenai({ apiKey, baseURL: `${server.url}/openai` }).complete({
      ...request,
      model: 'my deployment',
    });
    expect(server.requests[0]?.url).toBe(
      '/openai/deployments/my%20deployment/chat/completions?api-version=2024-10-21',
    );
  });

  it('builds the URL from the resource name', async () => {
    const { calls, fetch } = recordingFetch();
    await azureOpenai({ apiKey, resourceName: 'contoso', deployment: 'gpt-4o-mini', fetch }).complete(
      request,
    );
    expect(calls[0]?.url).toBe(
      'https://contoso.openai.azure.com/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21',
    );
    expect(calls[0]?.headers).toMatchObject({ 'api-key': apiKey, 'content-type': 'application/json' });
  });

  it('declares the mapped model names, then the single deployment, as its models', () => {
    const provider = azureOpenai({
      apiKey,
      resourceName: 'contoso',
      deployments: { 'gpt-4o': 'prod-4o', 'o3-mini': 'prod-o3' },
      deployment: 'gpt-4.1',
    });
    expect(provider.models).toEqual(['gpt-4o', 'o3-mini', 'gpt-4.1']);
    expect(provider.name).toBe('azure');
    expect(provider.capabilities.tools).toBe(true);
  });

  it('treats a model name as OpenAI does: developer instructions for a reasoning deployment', async () => {
    const { calls, fetch } = recordingFetch();
    const bodies: unknown[] = [];
    const capture = async (url: string, init: RequestInit) => {
      bodies.push(JSON.parse(init.body as string));
      return fetch(url, init);
    };
    await azureOpenai({ apiKey, resourceName: 'contoso', fetch: capture }).complete({
      model: 'o3-mini',
      messages: [{ role: 'system', content: 'Be exact.' }],
      maxTokens: 5,
      temperature: 1,
    });
    expect(calls).toHaveLength(1);
    expect(bodies[0]).toEqual({
      model: 'o3-mini',
      messages: [{ role: 'developer', content: 'Be exact.' }],
      max_completion_tokens: 5,
    });
  });

  it('needs a resource name or a base URL', () => {
    expect(() => azureOpenai({ apiKey })).toThrow(ConfigurationError);
    expect(() => azureOpenai({ apiKey })).toThrow(/resourceName or a baseURL/);
  });
});

describe('azureOpenai.fromEnv', () => {
  it('reads the key, the resource name and the API version', async () => {
    vi.stubEnv('AZURE_OPENAI_API_KEY', apiKey);
    vi.stubEnv('AZURE_OPENAI_RESOURCE_NAME', 'fabrikam');
    vi.stubEnv('AZURE_OPENAI_API_VERSION', '2025-01-01-preview');
    const { calls, fetch } = recordingFetch();
    await azureOpenai.fromEnv({ fetch }).complete(request);
    expect(calls[0]?.url).toBe(
      'https://fabrikam.openai.azure.com/openai/deployments/gpt-4o-mini/chat/completions?api-version=2025-01-01-preview',
    );
    expect(calls[0]?.headers['api-key']).toBe(apiKey);
  });

  it('reads the endpoint when there is no resource name, adding /openai', async () => {
    vi.stubEnv('AZURE_OPENAI_API_KEY', apiKey);
    vi.stubEnv('AZURE_OPENAI_RESOURCE_NAME', '');
    vi.stubEnv('AZURE_OPENAI_ENDPOINT', `${server.url}/`);
    vi.stubEnv('AZURE_OPENAI_API_VERSION', '');
    await azureOpenai.fromEnv().complete(request);
    expect(server.requests[0]?.url).toBe(
      '/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21',
    );
  });

  it('names the key variable when the key is missing', () => {
    vi.stubEnv('AZURE_OPENAI_API_KEY', '');
    expect(() => azureOpenai.fromEnv({ resourceName: 'x' })).toThrow(ConfigurationError);
    expect(() => azureOpenai.fromEnv({ resourceName: 'x' })).toThrow(/AZURE_OPENAI_API_KEY/);
  });

  it('names both resource variables when neither is set', () => {
    vi.stubEnv('AZURE_OPENAI_API_KEY', apiKey);
    vi.stubEnv('AZURE_OPENAI_RESOURCE_NAME', '');
    vi.stubEnv('AZURE_OPENAI_ENDPOINT', '');
    expect(() => azureOpenai.fromEnv()).toThrow(/AZURE_OPENAI_RESOURCE_NAME or AZURE_OPENAI_ENDPOINT/);
  });
});
