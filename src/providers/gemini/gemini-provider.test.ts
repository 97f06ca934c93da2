import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  apiKey,
  collect,
  hi,
  okBody,
  useGeminiTestServer,
} from '../../../test/helpers/gemini-test-server.js';
import { sendJson, sendSse } from '../../../test/helpers/local-server.js';
import { ConfigurationError } from '../../errors/configuration-error.js';
import { gemini } from './gemini-provider.js';

const local = useGeminiTestServer();

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('gemini provider: requests', () => {
  it('posts to :generateContent with the key in x-goog-api-key, never in the URL', async () => {
    const response = await local.provider({ headers: { 'x-team': 'search' } }).complete(hi, {
      headers: { 'x-team': 'ads', 'x-request-id': 'abc' },
    });
    const [received] = local.server.requests;
    expect(received?.method).toBe('POST');
    expect(received?.url).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(received?.headers['x-goog-api-key']).toBe(apiKey);
    expect(received?.headers['content-type']).toBe('application/json');
    expect(received?.headers['x-team']).toBe('ads');
    expect(received?.headers['x-request-id']).toBe('abc');
    expect(received?.json).toEqual({ contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] });
    expect(response).toEqual({
      id: 'resp-1',
      provider: 'gemini',
      model: 'gemini-2.5-flash',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hello!' },
          finishReason: { unified: 'stop', raw: 'STOP' },
        },
      ],
      text: 'Hello!',
      toolCalls: [],
      reasoningText: undefined,
      finishReason: { unified: 'stop', raw: 'STOP' },
      usage: { inputTokens: 3, outputTokens: 2, totalTokens: 5 },
      trail: [],
    });
  });

  it('uses a models/ or other resource name as the path without doubling the prefix', async () => {
    const subject = local.provider();
    await subject.complete({ ...hi, model: 'models/gemini-2.5-pro' });
    await subject.complete({ ...hi, model: 'tunedModels/my-tune-7' });
    local.handle = (_received, response) => sendSse(response, `data: ${JSON.stringify(okBody)}\n\n`);
    await collect(subject.stream({ ...hi, model: 'models/gemini-2.5-pro' }));
    expect(local.server.requests.map((received) => received.url)).toEqual([
      '/v1beta/models/gemini-2.5-pro:generateContent',
      '/v1beta/tunedModels/my-tune-7:generateContent',
      '/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse',
    ]);
  });

  it('sends system prompt, multi-turn history, images, tools, tool results and tool choice', async () => {
    await local.provider().complete({
      model: 'gemini-2.5-flash',
      messages: [
        { role: 'system', content: 'You are a weather bot.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Where is this, and what is the weather there?' },
            { type: 'image', source: { type: 'url', url: 'https://example.com/street.jpg' } },
            { type: 'image', source: { type: 'base64', data: 'iVBORw0KGgo=', mediaType: 'image/png' } },
          ],
        },
        {
          role: 'assistant',
          content: 'Looks like Paris.',
          toolCalls: [
            {
              id: 'call_0',
              name: 'weather',
              arguments: '{"city":"Paris"}',
              providerMetadata: { gemini: { thoughtSignature: 'sig-1' } },
            },
          ],
        },
        { role: 'tool', toolCallId: 'call_0', content: '{"tempC":21,"sky":"clear"}' },
      ],
      tools: [
        {
          name: 'weather',
          description: 'Current weather for a city',
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        },
      ],
      toolChoice: { type: 'tool', name: 'weather' },
    });
    // Field names from Gemini's generateContent reference: Content.role is user|model, Part carries one of
    // text / inlineData / fileData / functionCall / functionResponse, thoughtSignature sits on the Part.
    // biome-ignore lint/suspicious/noExplicitAny: a wire body, read field by field
    const body = local.server.requests[0]?.json as Record<string, any>;
    expect(body.systemInstruction).toEqual({ parts: [{ text: 'You are a weather bot.' }] });
    expect(body.contents.map((content: { role: string }) => content.role)).toEqual(['user', 'model', 'user']);
    expect(body.contents[0].parts).toEqual([
      { text: 'Where is this, and what is the weather there?' },
      { fileData: { fileUri: 'https://example.com/street.jpg', mimeType: 'image/jpeg' } },
      { inlineData: { data: 'iVBORw0KGgo=', mimeType: 'image/png' } },
    ]);
    expect(body.contents[1].parts).toEqual([
      { text: 'Looks like Paris.' },
      { functionCall: { name: 'weather', args: { city: 'Paris' } }, thoughtSignature: 'sig-1' },
    ]);
    // A tool result is a functionResponse part named after the function, its JSON parsed into `response`.
    expect(body.contents[2].parts).toEqual([
      { functionResponse: { name: 'weather', response: { tempC: 21, sky: 'clear' } } },
    ]);
    expect(body.tools).toEqual([
      {
        functionDeclarations: [
          {
            name: 'weather',
            description: 'Current weather for a city',
            parametersJsonSchema: {
              type: 'object',
              properties: { city: { type: 'string' } },
              required: ['city'],
            },
          },
        ],
      },
    ]);
    // A named tool choice: mode ANY restricted to that function.
    expect(body.toolConfig).toEqual({
      functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['weather'] },
    });
    expect(Object.keys(body).sort()).toEqual(['contents', 'systemInstruction', 'toolConfig', 'tools']);
  });

  it.each([
    ['auto', { mode: 'AUTO' }],
    ['none', { mode: 'NONE' }],
    ['required', { mode: 'ANY' }],
  ] as const)('sends toolChoice %s as mode %j', async (toolChoice, expected) => {
    await local.provider().complete({
      ...hi,
      tools: [{ name: 'noop', parameters: { type: 'object', properties: {} } }],
      toolChoice,
    });
    expect(local.server.requests[0]?.json).toEqual(
      expect.objectContaining({ toolConfig: { functionCallingConfig: expected } }),
    );
  });

  it('sends a JSON schema, thinking, sampling and pass-through options in the body', async () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
    await local.provider({ name: 'gemini-eu' }).complete({
      ...hi,
      responseFormat: { type: 'json_schema', schema, name: 'place' },
      reasoning: { budgetTokens: 1_024 },
      maxTokens: 500,
      temperature: 0,
      stop: ['\n\n'],
      providerOptions: {
        gemini: { safetySettings: [{ category: 'HARM_CATEGORY_HATE_SPEECH', threshold: 'BLOCK_ONLY_HIGH' }] },
        'gemini-eu': { cachedContent: 'cachedContents/abc' },
        openai: { logprobs: true },
      },
    });
    // GenerationConfig per Gemini's reference: responseMimeType + responseJsonSchema for structured output,
    // thinkingConfig.thinkingBudget (with includeThoughts so the reasoning comes back), stopSequences.
    // biome-ignore lint/suspicious/noExplicitAny: a wire body, read field by field
    const body = local.server.requests[0]?.json as Record<string, any>;
    expect(body.contents).toEqual([{ role: 'user', parts: [{ text: 'Hi' }] }]);
    expect(body.generationConfig).toEqual({
      maxOutputTokens: 500,
      temperature: 0,
      stopSequences: ['\n\n'],
      responseMimeType: 'application/json',
      responseJsonSchema: schema,
      thinkingConfig: { thinkingBudget: 1_024, includeThoughts: true },
    });
    // Options under the adapter's type (gemini) and under this provider's own name both pass through;
    // another vendor's options (openai) never reach the body.
    expect(body.safetySettings).toEqual([
      { category: 'HARM_CATEGORY_HATE_SPEECH', threshold: 'BLOCK_ONLY_HIGH' },
    ]);
    expect(body.cachedContent).toBe('cachedContents/abc');
    expect(body).not.toHaveProperty('logprobs');
    expect(Object.keys(body).sort()).toEqual([
      'cachedContent',
      'contents',
      'generationConfig',
      'safetySettings',
    ]);
  });

  it('sends through an injected fetch', async () => {
    const calls: string[] = [];
    const subject = local.provider({
      fetch: async (input, init) => {
        calls.push(input);
        return globalThis.fetch(input, init);
      },
    });
    expect((await subject.complete(hi)).text).toBe('Hello!');
    expect(calls).toEqual([`${local.server.url}/v1beta/models/gemini-2.5-flash:generateContent`]);
  });

  it('returns reasoning, tool calls and usage from a thinking response', async () => {
    local.handle = (_received, response) =>
      sendJson(response, 200, {
        candidates: [
          {
            content: {
              role: 'model',
              parts: [
                { text: 'User wants weather.', thought: true },
                { functionCall: { name: 'weather', args: { city: 'Oslo' } }, thoughtSignature: 'sig-9' },
              ],
            },
            finishReason: 'STOP',
          },
        ],
        usageMetadata: {
          promptTokenCount: 20,
          candidatesTokenCount: 5,
          thoughtsTokenCount: 30,
          totalTokenCount: 55,
        },
        responseId: 'r9',
      });
    const response = await local.provider().complete({ ...hi, reasoning: { effort: 'low' } });
    expect(response.choices[0].message).toEqual({
      role: 'assistant',
      content: null,
      toolCalls: [
        {
          id: 'call_0',
          name: 'weather',
          arguments: '{"city":"Oslo"}',
          providerMetadata: { gemini: { thoughtSignature: 'sig-9' } },
        },
      ],
      reasoning: [{ text: 'User wants weather.', provider: 'gemini' }],
    });
    expect(response.reasoningText).toBe('User wants weather.');
    expect(response.finishReason).toEqual({ unified: 'tool_calls', raw: 'STOP' });
    expect(response.usage).toEqual({
      inputTokens: 20,
      outputTokens: 35,
      reasoningTokens: 30,
      totalTokens: 55,
    });
    // No modelVersion in the body: the requested model stands in.
    expect(response.model).toBe('gemini-2.5-flash');
  });
});

describe('gemini provider: setup', () => {
  it('declares every capability, its name and default models', () => {
    const subject = local.provider();
    expect(subject.name).toBe('gemini');
    expect(subject.models[0]).toBe('gemini-2.5-flash');
    expect(subject.capabilities).toEqual({
      tools: true,
      jsonSchemaOutput: true,
      jsonOutput: true,
      imageInput: true,
      documentInput: true,
      streaming: true,
      reasoning: true,
    });
    expect(local.provider({ name: 'g2', models: ['gemini-2.5-pro'] })).toMatchObject({
      name: 'g2',
      models: ['gemini-2.5-pro'],
    });
  });

  it('refuses an empty key', () => {
    expect(() => gemini({ apiKey: ' ' })).toThrow(ConfigurationError);
  });

  it('fromEnv reads GEMINI_API_KEY, then GOOGLE_GENERATIVE_AI_API_KEY', async () => {
    vi.stubEnv('GEMINI_API_KEY', '');
    vi.stubEnv('GOOGLE_GENERATIVE_AI_API_KEY', 'AIzaSy-from-google-variable');
    await gemini.fromEnv({ baseURL: local.server.url }).complete(hi);
    vi.stubEnv('GEMINI_API_KEY', 'AIzaSy-from-gemini-variable');
    await gemini.fromEnv({ baseURL: local.server.url }).complete(hi);
    expect(local.server.requests.map((received) => received.headers['x-goog-api-key'])).toEqual([
      'AIzaSy-from-google-variable',
      'AIzaSy-from-gemini-variable',
    ]);
  });

  it('fromEnv without a key throws a ConfigurationError naming both variables', () => {
    vi.stubEnv('GEMINI_API_KEY', '');
    vi.stubEnv('GOOGLE_GENERATIVE_AI_API_KEY', '');
    expect(() => gemini.fromEnv()).toThrow(ConfigurationError);
    expect(() => gemini.fromEnv()).toThrow('GEMINI_API_KEY or GOOGLE_GENERATIVE_AI_API_KEY');
  });
});
