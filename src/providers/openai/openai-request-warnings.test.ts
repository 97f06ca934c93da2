import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type LocalServer, sendJson, sendSse, startLocalServer } from '../../../test/helpers/local-server.js';
import { createRouter } from '../../router/create-router.js';
import type { Provider } from '../../types/provider.js';
import type { CompletionRequest } from '../../types/request.js';
import type { StreamPart } from '../../types/stream-part.js';
import { azureOpenai } from '../azure/azure-openai-provider.js';
import { openaiCompatible } from '../openai-compatible/openai-compatible-provider.js';
import { openai } from './openai-provider.js';

const apiKey = 'sk-test-warnings-0123456789';
const answer = {
  id: 'chatcmpl-w',
  model: 'served-model',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hi' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
};
const chunks = [
  { id: 'chatcmpl-s', model: 'served-model', choices: [{ index: 0, delta: { content: 'Hi' } }] },
  { id: 'chatcmpl-s', model: 'served-model', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
];
const streamBody = `${chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('')}data: [DONE]\n\n`;
const messages: CompletionRequest['messages'] = [{ role: 'user', content: 'Hello' }];
// A record (free keys) is a schema strict mode cannot express.
const recordSchema = { type: 'object', additionalProperties: { type: 'number' } };

let server: LocalServer;
beforeAll(async () => {
  server = await startLocalServer((received, response) => {
    if ((received.json as { stream?: boolean }).stream) sendSse(response, streamBody);
    else sendJson(response, 200, answer);
  });
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
});

function sentBody(): Record<string, unknown> {
  expect(server.requests).toHaveLength(1);
  return server.requests[0]!.json as Record<string, unknown>;
}

const openAIProvider = () => openai({ apiKey, baseURL: `${server.url}/v1` });
const preset = (name: 'deepseek' | 'mistral' | 'cerebras') =>
  openaiCompatible({ preset: name, apiKey, baseURL: `${server.url}/v1` });

async function streamParts(provider: Provider, request: CompletionRequest): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of provider.stream(request)) parts.push(part);
  return parts;
}

describe('OpenAI warnings', () => {
  it('drops sampling parameters for a reasoning model and says so on the response', async () => {
    const response = await openAIProvider().complete({
      model: 'o3',
      messages,
      temperature: 0.3,
      topP: 0.9,
      presencePenalty: 0.1,
      frequencyPenalty: 0.2,
    });
    const body = sentBody();
    expect(body).not.toHaveProperty('temperature');
    expect(body).not.toHaveProperty('top_p');
    expect(body).not.toHaveProperty('presence_penalty');
    expect(body).not.toHaveProperty('frequency_penalty');
    expect(response.warnings?.map((warning) => [warning.setting, warning.type])).toEqual([
      ['temperature', 'dropped'],
      ['topP', 'dropped'],
      ['presencePenalty', 'dropped'],
      ['frequencyPenalty', 'dropped'],
    ]);
  });

  it('drops reasoning effort on a model without reasoning, and a budget and topK everywhere', async () => {
    const response = await openAIProvider().complete({
      model: 'gpt-4o-mini',
      messages,
      topK: 40,
      reasoning: { effort: 'high', budgetTokens: 2000 },
    });
    const body = sentBody();
    expect(body).not.toHaveProperty('reasoning_effort');
    expect(body).not.toHaveProperty('top_k');
    expect(response.warnings?.map((warning) => warning.setting)).toEqual([
      'topK',
      'reasoning.effort',
      'reasoning.budgetTokens',
    ]);
  });

  it('sends a schema strict mode cannot express as non-strict, with a changed warning', async () => {
    const response = await openAIProvider().complete({
      model: 'gpt-4o-mini',
      messages,
      responseFormat: { type: 'json_schema', schema: recordSchema, strict: true },
    });
    expect(sentBody().response_format).toMatchObject({ type: 'json_schema', json_schema: { strict: false } });
    expect(response.warnings).toEqual([
      expect.objectContaining({ setting: 'responseFormat.strict', type: 'changed', value: false }),
    ]);
  });

  it('keeps a pass-through n but warns that only the first choice is read', async () => {
    const response = await openAIProvider().complete({
      model: 'gpt-4o-mini',
      messages,
      providerOptions: { openai: { n: 3 } },
    });
    expect(sentBody().n).toBe(3);
    expect(response.warnings).toEqual([
      expect.objectContaining({ setting: 'providerOptions.n', type: 'unsupported' }),
    ]);
  });

  it('carries no warnings when every setting goes out as asked', async () => {
    const response = await openAIProvider().complete({
      model: 'gpt-4o-mini',
      messages,
      temperature: 0.3,
      reasoning: undefined,
      responseFormat: { type: 'json_schema', schema: { type: 'object', properties: {} }, strict: true },
      providerOptions: { openai: { n: 1 } },
    });
    expect(sentBody().temperature).toBe(0.3);
    expect(response).not.toHaveProperty('warnings');
    const parts = await streamParts(openAIProvider(), { model: 'gpt-4o-mini', messages: messages });
    expect(parts.at(-1)).toMatchObject({ type: 'finish' });
    expect(parts.at(-1)).not.toHaveProperty('warnings');
  });

  it('puts a stream’s warnings on its finish part, the router’s final response and the trail', async () => {
    const router = createRouter({ providers: { openai: openAIProvider() } });
    const stream = router.stream({ model: 'o3', messages, temperature: 0.5 });
    const parts: StreamPart[] = [];
    for await (const part of stream) parts.push(part);
    expect(sentBody()).not.toHaveProperty('temperature');
    const temperature = expect.objectContaining({ setting: 'temperature', type: 'dropped' });
    expect(parts.at(-1)).toMatchObject({ type: 'finish', warnings: [temperature] });
    const response = await stream.response;
    expect(response.warnings).toEqual([temperature]);
    expect(stream.trail).toHaveLength(1);
    expect(stream.trail[0]!.warnings).toEqual([temperature]);
  });

  it('puts a completion’s warnings on the router response and its attempt, and none on a clean one', async () => {
    const router = createRouter({ providers: { openai: openAIProvider() } });
    const warned = await router.complete({ model: 'o3', messages, topP: 0.5 });
    expect(warned.warnings).toEqual([expect.objectContaining({ setting: 'topP' })]);
    expect(warned.trail.map((attempt) => attempt.warnings)).toEqual([warned.warnings]);
    server.requests.length = 0;
    const clean = await router.complete({ model: 'o3', messages });
    expect(clean).not.toHaveProperty('warnings');
    expect(clean.trail[0]).not.toHaveProperty('warnings');
  });
});

describe('OpenAI-compatible preset warnings', () => {
  it('sends a schema as JSON mode where the service has no json_schema (DeepSeek)', async () => {
    const response = await preset('deepseek').complete({
      model: 'deepseek-chat',
      messages,
      responseFormat: { type: 'json_schema', schema: { type: 'object', properties: {} } },
    });
    expect(sentBody().response_format).toEqual({ type: 'json_object' });
    expect(response.warnings).toEqual([
      expect.objectContaining({ setting: 'responseFormat', type: 'changed', value: { type: 'json' } }),
    ]);
  });

  it('reports the fields a preset rejects, and not the ones it only renames (Mistral)', async () => {
    const response = await preset('mistral').complete({
      model: 'mistral-small-latest',
      messages,
      user: 'end-user-1',
      seed: 7,
      reasoning: { effort: 'low' },
    });
    const body = sentBody();
    expect(body).not.toHaveProperty('user');
    expect(body).not.toHaveProperty('reasoning_effort');
    expect(body.random_seed).toBe(7);
    expect(response.warnings?.map((warning) => [warning.setting, warning.type])).toEqual([
      ['user', 'dropped'],
      ['reasoning.effort', 'dropped'],
    ]);
  });

  it('reports dropped penalties on a stream (Cerebras)', async () => {
    const parts = await streamParts(preset('cerebras'), {
      model: 'llama-3.3-70b',
      messages,
      presencePenalty: 0.5,
    });
    expect(sentBody()).not.toHaveProperty('presence_penalty');
    expect(parts.at(-1)).toMatchObject({
      type: 'finish',
      warnings: [expect.objectContaining({ setting: 'presencePenalty', type: 'dropped' })],
    });
  });

  it('raises nothing for a preset request whose settings it takes', async () => {
    const response = await preset('mistral').complete({ model: 'mistral-small-latest', messages, seed: 1 });
    expect(sentBody().random_seed).toBe(1);
    expect(response).not.toHaveProperty('warnings');
  });
});

describe('Azure OpenAI warnings', () => {
  it('drops sampling parameters for a reasoning deployment and says so', async () => {
    const azure = azureOpenai({ apiKey, baseURL: `${server.url}/openai`, deployments: { o3: 'prod-o3' } });
    const response = await azure.complete({ model: 'o3', messages, temperature: 1 });
    expect(server.requests[0]?.url).toContain('/deployments/prod-o3/');
    expect(sentBody()).not.toHaveProperty('temperature');
    expect(response.warnings).toEqual([expect.objectContaining({ setting: 'temperature', type: 'dropped' })]);
  });
});
