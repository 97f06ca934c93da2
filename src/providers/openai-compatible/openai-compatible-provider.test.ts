import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type LocalServer,
  type ReceivedRequest,
  sendJson,
  sendSse,
  startLocalServer,
} from '../../../test/helpers/local-server.js';
import { ApiCallError } from '../../errors/api-call-error.js';
import { ConfigurationError } from '../../errors/configuration-error.js';
import type { StreamPart } from '../../types/stream-part.js';
import { openaiCompatible } from './openai-compatible-provider.js';
import { deepseek, groq, ollama } from './preset-shortcuts.js';

const apiKey = 'gsk_test_0123456789abcdef';
let server: LocalServer;
let modelList: { status: number; body: unknown } = { status: 200, body: { object: 'list', data: [] } };

const chatAnswer = {
  id: 'cmpl-1',
  model: 'served-model',
  choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
};
const streamAnswer = [
  `data: ${JSON.stringify({ id: 'cmpl-1', model: 'served-model', choices: [{ index: 0, delta: { content: 'ok' } }] })}`,
  `data: ${JSON.stringify({ id: 'cmpl-1', model: 'served-model', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } })}`,
  'data: [DONE]',
  '',
].join('\n\n');

beforeAll(async () => {
  server = await startLocalServer((received: ReceivedRequest, response) => {
    if (received.method === 'GET') return sendJson(response, modelList.status, modelList.body);
    if ((received.json as { stream?: boolean }).stream) return sendSse(response, streamAnswer);
    return sendJson(response, 200, chatAnswer);
  });
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
  vi.unstubAllEnvs();
});

const request = { model: 'some-model', messages: [{ role: 'user' as const, content: 'Hi' }] };

async function drain(stream: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

describe('openaiCompatible requests', () => {
  it('Groq: bearer key, max_completion_tokens, and a usage chunk asked for when streaming', async () => {
    const provider = openaiCompatible({ preset: 'groq', apiKey, baseURL: `${server.url}/openai/v1` });
    const response = await provider.complete({ ...request, maxTokens: 64 });
    const parts = await drain(provider.stream(request));
    const [complete, stream] = server.requests;
    expect(complete?.url).toBe('/openai/v1/chat/completions');
    expect(complete?.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(complete?.json).toEqual({ ...request, max_completion_tokens: 64 });
    expect(stream?.json).toEqual({ ...request, stream: true, stream_options: { include_usage: true } });
    expect(response).toMatchObject({ provider: 'groq', model: 'served-model', text: 'ok' });
    expect(parts.at(-1)).toMatchObject({
      type: 'finish',
      usage: { inputTokens: 3, outputTokens: 1, totalTokens: 4 },
    });
  });

  it('Sarvam: the key goes in api-subscription-key, with no Authorization header', async () => {
    await openaiCompatible({
      preset: 'sarvam',
      apiKey: 'sk_sarvam_0123456789',
      baseURL: server.url,
    }).complete(request);
    const headers = server.requests[0]?.headers;
    expect(headers?.['api-subscription-key']).toBe('sk_sarvam_0123456789');
    expect(headers?.authorization).toBeUndefined();
  });

  it('Mistral: max_tokens, random_seed, no user or reasoning_effort, no stream_options', async () => {
    const provider = openaiCompatible({ preset: 'mistral', apiKey, baseURL: server.url });
    const full = { ...request, maxTokens: 10, seed: 42, user: 'u-1', reasoning: { effort: 'high' as const } };
    await provider.complete(full);
    await drain(provider.stream(full));
    expect(server.requests[0]?.json).toEqual({ ...request, max_tokens: 10, random_seed: 42 });
    expect(server.requests[1]?.json).toEqual({ ...request, max_tokens: 10, random_seed: 42, stream: true });
  });

  it('DeepSeek: a JSON schema request goes out as JSON mode', async () => {
    await openaiCompatible({ preset: 'deepseek', apiKey, baseURL: server.url }).complete({
      ...request,
      responseFormat: { type: 'json_schema', schema: { type: 'object' } },
    });
    expect(server.requests[0]?.json).toEqual({ ...request, response_format: { type: 'json_object' } });
  });

  it('Cerebras: drops the parameters it rejects', async () => {
    await openaiCompatible({ preset: 'cerebras', apiKey, baseURL: server.url }).complete({
      ...request,
      presencePenalty: 1,
      frequencyPenalty: 1,
      temperature: 0.3,
      tools: [{ name: 't', parameters: { type: 'object' } }],
      parallelToolCalls: true,
    });
    expect(server.requests[0]?.json).toEqual({
      ...request,
      temperature: 0.3,
      tools: [{ type: 'function', function: { name: 't', parameters: { type: 'object' } } }],
    });
  });

  it('merges providerOptions under openai-compatible, then under the provider name', async () => {
    await openaiCompatible({ preset: 'groq', apiKey, baseURL: server.url }).complete({
      ...request,
      providerOptions: { 'openai-compatible': { a: 1, b: 1 }, groq: { b: 2 }, openai: { c: 3 } },
    });
    expect(server.requests[0]?.json).toEqual({ ...request, a: 1, b: 2 });
  });

  it('a local server needs no key and sends no Authorization; a given key is sent as a bearer token', async () => {
    await openaiCompatible({ preset: 'ollama', baseURL: server.url, models: ['llama3.2'] }).complete(request);
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
    await openaiCompatible({ preset: 'vllm', baseURL: server.url, apiKey: 'vllm-token-123456' }).complete(
      request,
    );
    expect(server.requests[1]?.headers.authorization).toBe('Bearer vllm-token-123456');
  });

  it('serves a bare base URL without a preset, with overridable capabilities and quirks', async () => {
    const provider = openaiCompatible({
      baseURL: `${server.url}/v1/`,
      name: 'internal',
      models: ['house-model'],
      capabilities: { tools: false },
      quirks: { maxTokensField: 'max_completion_tokens' },
      headers: { 'x-tenant': 't1' },
    });
    await provider.complete({ ...request, maxTokens: 5 });
    expect(provider).toMatchObject({ name: 'internal', models: ['house-model'] });
    expect(provider.capabilities.tools).toBe(false);
    expect(server.requests[0]?.url).toBe('/v1/chat/completions');
    expect(server.requests[0]?.headers['x-tenant']).toBe('t1');
    expect(server.requests[0]?.json).toEqual({ ...request, max_completion_tokens: 5 });
  });
});

describe('openaiCompatible configuration', () => {
  it('a hosted preset without a key throws a ConfigurationError naming its variable', () => {
    expect(() => openaiCompatible({ preset: 'groq' })).toThrow(ConfigurationError);
    expect(() => openaiCompatible({ preset: 'groq' })).toThrow(/GROQ_API_KEY/);
  });

  it('fromEnv reads the preset variable and names it when it is missing', async () => {
    vi.stubEnv('DEEPSEEK_API_KEY', '');
    expect(() => openaiCompatible.fromEnv({ preset: 'deepseek' })).toThrow(/DEEPSEEK_API_KEY/);
    expect(() => deepseek.fromEnv()).toThrow(ConfigurationError);
    vi.stubEnv('DEEPSEEK_API_KEY', 'sk-deepseek-0123456789');
    const provider = deepseek.fromEnv({ baseURL: server.url });
    expect(provider.name).toBe('deepseek');
    expect(provider.models).toEqual(['deepseek-chat', 'deepseek-reasoner']);
    await provider.complete(request);
    expect(server.requests[0]?.headers.authorization).toBe('Bearer sk-deepseek-0123456789');
  });

  it('fromEnv on a local preset needs nothing from the environment', () => {
    expect(ollama.fromEnv().name).toBe('ollama');
  });

  it('rejects an unknown preset, listing the known ones', () => {
    expect(() => openaiCompatible({ preset: 'nope' as 'groq' })).toThrow(
      /Unknown OpenAI-compatible preset "nope".*groq/,
    );
  });

  it('needs a base URL when there is no preset', () => {
    expect(() => openaiCompatible({})).toThrow(/needs a baseURL/);
  });

  it('shortcuts are the preset with options', () => {
    const provider = groq({ apiKey, name: 'groq-eu', models: ['llama-3.1-8b-instant'] });
    expect(provider).toMatchObject({ name: 'groq-eu', models: ['llama-3.1-8b-instant'] });
    expect(provider.capabilities.reasoning).toBe(true);
  });
});

describe('model discovery', () => {
  it('refreshModels adds the server models after the configured ones, without duplicates', async () => {
    modelList = {
      status: 200,
      body: {
        object: 'list',
        data: [{ id: 'llama3.2:latest', object: 'model' }, { id: 'qwen3:8b' }, { id: 'mine' }],
      },
    };
    const provider = openaiCompatible({ preset: 'ollama', baseURL: `${server.url}/v1`, models: ['mine'] });
    expect(provider.models).toEqual(['mine']);
    const models = await provider.refreshModels();
    expect(models).toEqual(['mine', 'llama3.2:latest', 'qwen3:8b']);
    expect(provider.models).toEqual(['mine', 'llama3.2:latest', 'qwen3:8b']);
    expect(server.requests[0]).toMatchObject({ method: 'GET', url: '/v1/models' });
  });

  it('discover returns a provider whose models came from the server, sending its key', async () => {
    modelList = { status: 200, body: { data: [{ id: 'Qwen/Qwen3-8B' }] } };
    const provider = await openaiCompatible.discover({
      preset: 'vllm',
      baseURL: server.url,
      apiKey: 'vllm-token-123456',
    });
    expect(provider.models).toEqual(['Qwen/Qwen3-8B']);
    expect(server.requests[0]?.headers.authorization).toBe('Bearer vllm-token-123456');
    const viaShortcut = await ollama.discover({ baseURL: server.url });
    expect(viaShortcut.models).toEqual(['Qwen/Qwen3-8B']);
  });

  it('a failing model list is an ApiCallError and leaves the models as they were', async () => {
    modelList = { status: 503, body: { error: 'loading' } };
    const provider = openaiCompatible({ preset: 'lmstudio', baseURL: server.url, models: ['a'] });
    const error = await provider.refreshModels().catch((caught: unknown) => caught);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'overloaded', status: 503, provider: 'lmstudio' });
    expect(provider.models).toEqual(['a']);
  });

  it('a model list in another shape is a server fault', async () => {
    modelList = { status: 200, body: { models: [{ name: 'x' }] } };
    await expect(
      openaiCompatible({ preset: 'ollama', baseURL: server.url }).refreshModels(),
    ).rejects.toMatchObject({
      kind: 'server',
      provider: 'ollama',
    });
  });
});
