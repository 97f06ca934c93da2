import { describe, expect, it } from 'vitest';
import type { CompletionRequest } from '../../types/request.js';
import { type ChatCompletionsQuirks, openAIQuirks } from './chat-completions-quirks.js';
import {
  convertResponseFormat,
  convertToOpenAIRequest,
  convertToolChoice,
} from './convert-to-openai-request.js';

const compatibleQuirks: ChatCompletionsQuirks = {
  maxTokensField: 'max_tokens',
  streamUsage: false,
  jsonSchema: false,
  openaiReasoningModels: false,
};

function convert(
  request: Partial<CompletionRequest>,
  options: { quirks?: ChatCompletionsQuirks; stream?: boolean } = {},
) {
  return convertToOpenAIRequest({
    request: { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }], ...request },
    quirks: options.quirks ?? openAIQuirks,
    stream: options.stream ?? false,
    provider: 'openai',
    providerType: 'openai',
  });
}

describe('convertToOpenAIRequest', () => {
  it('sends only model and messages for a bare request', () => {
    expect(convert({})).toStrictEqual({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] });
  });

  it('maps every sampling field to its wire name', () => {
    expect(
      convert({
        maxTokens: 100,
        temperature: 0.2,
        topP: 0.9,
        stop: ['END'],
        seed: 7,
        presencePenalty: 0.1,
        frequencyPenalty: 0.3,
        user: 'user-1',
      }),
    ).toStrictEqual({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Hi' }],
      max_completion_tokens: 100,
      temperature: 0.2,
      top_p: 0.9,
      stop: ['END'],
      seed: 7,
      presence_penalty: 0.1,
      frequency_penalty: 0.3,
      user: 'user-1',
    });
  });

  it('leaves out an empty stop list', () => {
    expect(convert({ stop: [] })).not.toHaveProperty('stop');
  });

  it('sends max_tokens where the quirks say the service wants it', () => {
    expect(convert({ maxTokens: 50 }, { quirks: compatibleQuirks })).toMatchObject({ max_tokens: 50 });
    expect(convert({ maxTokens: 50 }, { quirks: compatibleQuirks })).not.toHaveProperty(
      'max_completion_tokens',
    );
  });

  it('gives an OpenAI reasoning model developer instructions, its effort, and no sampling parameters', () => {
    expect(
      convert({
        model: 'o3-mini',
        messages: [
          { role: 'system', content: 'Be exact.' },
          { role: 'user', content: 'Hi' },
        ],
        temperature: 0.5,
        topP: 0.5,
        presencePenalty: 1,
        frequencyPenalty: 1,
        maxTokens: 1000,
        reasoning: { effort: 'high' },
      }),
    ).toStrictEqual({
      model: 'o3-mini',
      messages: [
        { role: 'developer', content: 'Be exact.' },
        { role: 'user', content: 'Hi' },
      ],
      max_completion_tokens: 1000,
      reasoning_effort: 'high',
    });
  });

  it('does not send reasoning_effort to an OpenAI model that would reject it', () => {
    expect(convert({ model: 'gpt-4o', reasoning: { effort: 'low' } })).not.toHaveProperty('reasoning_effort');
  });

  it('sends reasoning_effort and system role to compatible services whatever the model is called', () => {
    const body = convert(
      {
        model: 'o3',
        messages: [{ role: 'system', content: 'S' }],
        reasoning: { effort: 'low' },
        temperature: 1,
      },
      { quirks: compatibleQuirks },
    );
    expect(body).toMatchObject({
      reasoning_effort: 'low',
      temperature: 1,
      messages: [{ role: 'system', content: 'S' }],
    });
  });

  it('converts tools, tool choice and parallel tool calls', () => {
    expect(
      convert({
        tools: [
          { name: 'weather', description: 'Weather by city', parameters: { type: 'object' }, strict: true },
          { name: 'time', parameters: { type: 'object', properties: {} } },
        ],
        toolChoice: { type: 'tool', name: 'weather' },
        parallelToolCalls: false,
      }),
    ).toMatchObject({
      tools: [
        {
          type: 'function',
          function: {
            name: 'weather',
            description: 'Weather by city',
            parameters: { type: 'object' },
            strict: true,
          },
        },
        { type: 'function', function: { name: 'time', parameters: { type: 'object', properties: {} } } },
      ],
      tool_choice: { type: 'function', function: { name: 'weather' } },
      parallel_tool_calls: false,
    });
  });

  it('leaves out tool_choice and parallel_tool_calls when there are no tools, which OpenAI would reject', () => {
    const body = convert({ toolChoice: 'none', parallelToolCalls: true });
    expect(body).not.toHaveProperty('tool_choice');
    expect(body).not.toHaveProperty('parallel_tool_calls');
  });

  it('asks for a usage chunk when streaming, where the service supports it', () => {
    expect(convert({}, { stream: true })).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
    const compatible = convert({}, { stream: true, quirks: compatibleQuirks });
    expect(compatible).toMatchObject({ stream: true });
    expect(compatible).not.toHaveProperty('stream_options');
  });

  it('drops and renames parameters as the quirks say', () => {
    const quirks: ChatCompletionsQuirks = {
      ...compatibleQuirks,
      unsupportedParameters: ['user', 'reasoning_effort'],
      renamedParameters: { seed: 'random_seed', top_p: 'nucleus' },
    };
    expect(convert({ user: 'u', seed: 3, reasoning: { effort: 'low' } }, { quirks })).toStrictEqual({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Hi' }],
      random_seed: 3,
    });
  });

  it('merges provider options last, by type then by name, over everything else', () => {
    const body = convertToOpenAIRequest({
      request: {
        model: 'llama',
        messages: [{ role: 'user', content: 'Hi' }],
        temperature: 0.1,
        providerOptions: {
          'openai-compatible': { temperature: 0.5, logprobs: true },
          groq: { temperature: 0.9 },
          anthropic: { ignored: true },
        },
      },
      quirks: compatibleQuirks,
      stream: false,
      provider: 'groq',
      providerType: 'openai-compatible',
    });
    expect(body).toStrictEqual({
      model: 'llama',
      messages: [{ role: 'user', content: 'Hi' }],
      temperature: 0.9,
      logprobs: true,
    });
  });
});

describe('convertToolChoice', () => {
  it.each(['auto', 'none', 'required'] as const)('passes %s through', (choice) => {
    expect(convertToolChoice(choice)).toBe(choice);
  });
});

describe('convertResponseFormat', () => {
  const schema = { type: 'object', properties: { a: { type: 'string' } } };

  it('sends nothing for text and json_object for any JSON', () => {
    expect(convertResponseFormat(undefined, true)).toBeUndefined();
    expect(convertResponseFormat({ type: 'text' }, true)).toBeUndefined();
    expect(convertResponseFormat({ type: 'json' }, true)).toEqual({ type: 'json_object' });
  });

  it('names a schema "response" unless told otherwise, keeping description and strict', () => {
    expect(convertResponseFormat({ type: 'json_schema', schema }, true)).toStrictEqual({
      type: 'json_schema',
      json_schema: { name: 'response', schema },
    });
    expect(
      convertResponseFormat(
        { type: 'json_schema', schema, name: 'answer', description: 'The answer', strict: true },
        true,
      ),
    ).toStrictEqual({
      type: 'json_schema',
      json_schema: {
        name: 'answer',
        description: 'The answer',
        // Strict mode wants every property required: the optional one becomes nullable.
        schema: {
          type: 'object',
          properties: { a: { type: ['string', 'null'] } },
          required: ['a'],
          additionalProperties: false,
        },
        strict: true,
      },
    });
  });

  it('sends a schema strict mode cannot express as strict: false instead of a request OpenAI rejects', () => {
    const record = { type: 'object', additionalProperties: { type: 'number' } };
    expect(convertResponseFormat({ type: 'json_schema', schema: record, strict: true }, true)).toStrictEqual({
      type: 'json_schema',
      json_schema: { name: 'response', schema: record, strict: false },
    });
  });

  it('falls back to json_object where the service has no json_schema', () => {
    expect(convertResponseFormat({ type: 'json_schema', schema }, false)).toEqual({ type: 'json_object' });
  });
});
