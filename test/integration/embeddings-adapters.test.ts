import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouter, retry } from '../../src/index.js';
import { azureOpenai, gemini, openai, openaiCompatible } from '../../src/providers/index.js';
import {
  type FakeProviderServer,
  fakeEmbedding,
  faults,
  startFakeProviderServer,
} from '../../src/testing/index.js';

let server: FakeProviderServer;
beforeAll(async () => {
  server = await startFakeProviderServer();
});
afterAll(() => server.close());

describe('embedding adapters against the fake provider server', () => {
  it('openai: POST /v1/embeddings with dimensions, vectors in order, usage and the served model', async () => {
    const upstream = server.upstream('oa-embed');
    const provider = openai({ apiKey: 'sk-secret-oa', baseURL: upstream.baseURL('openai') });
    const response = await provider.embed!({
      model: 'text-embedding-3-small',
      input: ['alpha', 'beta'],
      dimensions: 3,
    });
    expect(response.embeddings).toEqual([fakeEmbedding('alpha', 3), fakeEmbedding('beta', 3)]);
    expect(response).toMatchObject({ provider: 'openai', model: 'text-embedding-3-small', trail: [] });
    expect(response.usage).toEqual({ inputTokens: 3, outputTokens: 0, totalTokens: 3 });
    const sent = upstream.requests.at(-1)!;
    expect(sent.path).toBe('/oa-embed/v1/embeddings');
    expect(sent.body).toEqual({
      model: 'text-embedding-3-small',
      input: ['alpha', 'beta'],
      encoding_format: 'float',
      dimensions: 3,
    });
    expect(sent.headers.authorization).toBe('Bearer sk-secret-oa');
  });

  it('azure: the deployment of the model, the api-version and the api-key header', async () => {
    const upstream = server.upstream('az-embed');
    const provider = azureOpenai({
      apiKey: 'az-secret',
      baseURL: `${upstream.url}/openai`,
      deployments: { 'text-embedding-3-small': 'emb-small' },
    });
    const response = await provider.embed!({ model: 'text-embedding-3-small', input: 'hi' });
    expect(response.embeddings).toEqual([fakeEmbedding('hi')]);
    const sent = upstream.requests.at(-1)!;
    expect(sent.path).toBe('/az-embed/openai/deployments/emb-small/embeddings?api-version=2024-10-21');
    expect(sent.headers['api-key']).toBe('az-secret');
  });

  it('gemini: embedContent for one text, batchEmbedContents for several, outputDimensionality', async () => {
    const upstream = server.upstream('gm-embed');
    const provider = gemini({ apiKey: 'gm-secret', baseURL: upstream.baseURL('gemini') });
    const one = await provider.embed!({ model: 'gemini-embedding-001', input: 'solo', dimensions: 2 });
    expect(one.embeddings).toEqual([fakeEmbedding('solo', 2)]);
    expect(upstream.requests.at(-1)!.path).toBe('/gm-embed/v1beta/models/gemini-embedding-001:embedContent');
    expect(upstream.requests.at(-1)!.body).toEqual({
      content: { parts: [{ text: 'solo' }] },
      outputDimensionality: 2,
    });
    const many = await provider.embed!({
      model: 'gemini-embedding-001',
      input: ['a', 'bb'],
      providerOptions: { gemini: { taskType: 'RETRIEVAL_DOCUMENT' } },
    });
    expect(many.embeddings).toEqual([fakeEmbedding('a'), fakeEmbedding('bb')]);
    // Gemini reports no token counts: unknown, not zero.
    expect(many.usage.inputTokens).toBeUndefined();
    const sent = upstream.requests.at(-1)!;
    expect(sent.path).toBe('/gm-embed/v1beta/models/gemini-embedding-001:batchEmbedContents');
    expect(sent.body).toEqual({
      requests: [
        {
          model: 'models/gemini-embedding-001',
          content: { parts: [{ text: 'a' }] },
          taskType: 'RETRIEVAL_DOCUMENT',
        },
        {
          model: 'models/gemini-embedding-001',
          content: { parts: [{ text: 'bb' }] },
          taskType: 'RETRIEVAL_DOCUMENT',
        },
      ],
    });
  });

  it('compatible presets: those with an embeddings endpoint embed, the others have none', async () => {
    const upstream = server.upstream('mi-embed');
    const mistral = openaiCompatible({
      preset: 'mistral',
      apiKey: 'mi-secret',
      baseURL: upstream.baseURL('openai'),
    });
    const response = await mistral.embed!({ model: 'mistral-embed', input: 'x' });
    expect(response.embeddings).toEqual([fakeEmbedding('x')]);
    expect(upstream.requests.at(-1)!.path).toBe('/mi-embed/v1/embeddings');
    for (const preset of ['together', 'ollama', 'vllm', 'fireworks', 'lmstudio'] as const) {
      expect(typeof openaiCompatible({ preset, apiKey: 'k' }).embed).toBe('function');
    }
    for (const preset of ['groq', 'deepseek', 'perplexity', 'cerebras'] as const) {
      expect(openaiCompatible({ preset, apiKey: 'k' }).embed).toBeUndefined();
    }
  });

  it('a provider error is a RouterError of the right kind without the key, and the router retries it', async () => {
    const upstream = server.upstream('err-embed');
    upstream.enqueue(faults.status(503, { message: 'busy, key sk-secret-err' }));
    const provider = openai({ apiKey: 'sk-secret-err', baseURL: upstream.baseURL('openai') });
    const error = await provider.embed!({ model: 'm', input: 'x' }).catch((e) => e);
    expect(error).toMatchObject({ status: 503, provider: 'openai' });
    expect(String(error.message)).not.toContain('sk-secret-err');

    upstream.enqueue(faults.status(503));
    const router = createRouter({
      providers: { openai: provider },
      middleware: [retry({ attempts: 2, baseDelayMs: 1 })],
    });
    const response = await router.embed({ model: 'openai', input: 'x' });
    expect(response.trail.map((attempt) => attempt.outcome)).toEqual(['error', 'success']);
    expect(upstream.requests.at(-1)!.body).toMatchObject({ model: 'gpt-4o-mini' });
    expect(response.embeddings).toEqual([fakeEmbedding('x')]);
  });
});
