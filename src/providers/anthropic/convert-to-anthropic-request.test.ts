import { describe, expect, it } from 'vitest';
import type { CompletionRequest } from '../../types/request.js';
import type { ToolDefinition } from '../../types/tool.js';
import {
  type AnthropicRequestOptions,
  convertToAnthropicRequest,
  supportsNativeStructuredOutput,
} from './convert-to-anthropic-request.js';

const settings = { providerName: 'anthropic', stream: false };
const weather: ToolDefinition = {
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const hello = [{ role: 'user' as const, content: 'Hello' }];

function convert(request: Partial<CompletionRequest>, options: Partial<AnthropicRequestOptions> = {}) {
  return convertToAnthropicRequest(
    { model: 'claude-sonnet-4-5', messages: hello, ...request },
    { ...settings, ...options },
  );
}

describe('convertToAnthropicRequest', () => {
  it('always sends max_tokens, defaulting to 4096, and only the fields that were set', () => {
    expect(convert({})).toEqual({
      body: {
        model: 'claude-sonnet-4-5',
        max_tokens: 4096,
        messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
      },
      jsonTool: undefined,
    });
    expect(convert({}, { defaultMaxTokens: 1000 }).body.max_tokens).toBe(1000);
    expect(convert({ maxTokens: 50 }).body.max_tokens).toBe(50);
  });

  it('maps sampling, stop sequences and user; drops settings Anthropic lacks', () => {
    const { body } = convert({
      temperature: 0.2,
      topP: 0.9,
      topK: 40,
      stop: ['END'],
      user: 'user-42',
      seed: 7,
      presencePenalty: 1,
      frequencyPenalty: 1,
    });
    expect(body).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 4096,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
      temperature: 0.2,
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ['END'],
      metadata: { user_id: 'user-42' },
    });
  });

  it('adds stream: true for streams', () => {
    expect(convert({}, { stream: true }).body.stream).toBe(true);
  });

  it('enables thinking with a budget and leaves out sampling Anthropic rejects with it', () => {
    const { body } = convert({ reasoning: { budgetTokens: 2048 }, temperature: 0.7, topK: 5, topP: 0.5 });
    expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
    expect(body.max_tokens).toBe(2048 + 4096);
    expect(body.temperature).toBeUndefined();
    expect(body.top_k).toBeUndefined();
    expect(body.top_p).toBeUndefined();
    expect(convert({ reasoning: { effort: 'low' }, topP: 0.96 }).body).toMatchObject({
      thinking: { type: 'enabled', budget_tokens: 2048 },
      top_p: 0.96,
    });
  });

  it('sends tools with input_schema and maps every tool choice', () => {
    const withChoice = (toolChoice: CompletionRequest['toolChoice']) =>
      convert({ tools: [weather], toolChoice }).body.tool_choice;
    expect(convert({ tools: [weather] }).body.tools).toEqual([
      { name: 'get_weather', description: 'Weather for a city', input_schema: weather.parameters },
    ]);
    expect(withChoice(undefined)).toBeUndefined();
    expect(withChoice('auto')).toEqual({ type: 'auto' });
    expect(withChoice('required')).toEqual({ type: 'any' });
    expect(withChoice('none')).toEqual({ type: 'none' });
    expect(withChoice({ type: 'tool', name: 'get_weather' })).toEqual({ type: 'tool', name: 'get_weather' });
  });

  it('turns parallelToolCalls: false into disable_parallel_tool_use', () => {
    expect(convert({ tools: [weather], parallelToolCalls: false }).body.tool_choice).toEqual({
      type: 'auto',
      disable_parallel_tool_use: true,
    });
    expect(
      convert({ tools: [weather], parallelToolCalls: false, toolChoice: 'required' }).body.tool_choice,
    ).toEqual({
      type: 'any',
      disable_parallel_tool_use: true,
    });
    expect(
      convert({ tools: [weather], parallelToolCalls: false, toolChoice: 'none' }).body.tool_choice,
    ).toEqual({
      type: 'none',
    });
  });

  it('sends no tool_choice without tools', () => {
    expect(convert({ toolChoice: 'required' }).body.tool_choice).toBeUndefined();
  });

  it('asks for a JSON schema answer through a forced json tool', () => {
    const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] };
    const plan = convert({ responseFormat: { type: 'json_schema', schema, description: 'A person' } });
    expect(plan.jsonTool).toEqual({ name: 'json', unwrap: false });
    expect(plan.body.tools).toEqual([{ name: 'json', description: 'A person', input_schema: schema }]);
    expect(plan.body.tool_choice).toEqual({ type: 'tool', name: 'json' });
  });

  it('wraps a non-object schema as { value } because tool input must be an object', () => {
    const schema = { type: 'array', items: { type: 'string' } };
    const plan = convert({ responseFormat: { type: 'json_schema', schema } });
    expect(plan.jsonTool).toEqual({ name: 'json', unwrap: true });
    expect(plan.body.tools?.[0]?.input_schema).toEqual({
      type: 'object',
      properties: { value: schema },
      required: ['value'],
      additionalProperties: false,
    });
  });

  it('asks for JSON mode through a forced tool with an open object schema', () => {
    const plan = convert({ responseFormat: { type: 'json' } });
    expect(plan.body.tools).toEqual([
      { name: 'json', description: 'Respond with a JSON object.', input_schema: { type: 'object' } },
    ]);
    expect(plan.body.tool_choice).toEqual({ type: 'tool', name: 'json' });
  });

  it('lets the model choose between the caller tools and the json tool, renaming it on a clash', () => {
    const jsonNamed: ToolDefinition = { name: 'json', parameters: { type: 'object' } };
    const plan = convert({ tools: [weather, jsonNamed], responseFormat: { type: 'json' } });
    expect(plan.jsonTool).toEqual({ name: 'json_1', unwrap: false });
    expect(plan.body.tools?.map((tool) => tool.name)).toEqual(['get_weather', 'json', 'json_1']);
    expect(plan.body.tool_choice).toEqual({ type: 'any' });
    expect(
      convert({ tools: [weather], toolChoice: 'none', responseFormat: { type: 'json' } }).body.tool_choice,
    ).toEqual({ type: 'tool', name: 'json' });
  });

  it('uses auto plus a system instruction for the json tool while thinking', () => {
    const plan = convert({
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Hi' },
      ],
      reasoning: { effort: 'minimal' },
      responseFormat: { type: 'json' },
    });
    expect(plan.body.tool_choice).toEqual({ type: 'auto' });
    expect(plan.body.system).toEqual([
      { type: 'text', text: 'You are terse.' },
      {
        type: 'text',
        text: 'Give your final answer by calling the `json` tool; do not answer in plain text.',
      },
    ]);
  });

  it('sends output_config.format for JSON schema with native structured output', () => {
    const schema = { type: 'object', properties: {}, additionalProperties: false };
    const plan = convert({ responseFormat: { type: 'json_schema', schema } }, { structuredOutput: 'native' });
    expect(plan.jsonTool).toBeUndefined();
    expect(plan.body.tools).toBeUndefined();
    expect(plan.body.output_config).toEqual({ format: { type: 'json_schema', schema } });
  });

  it('with structuredOutput auto, sends output_config on Claude 4.5 and later and the tool on older models', () => {
    const schema = { type: 'object', properties: { age: { type: 'integer', minimum: 0 } } };
    const native = convert({ responseFormat: { type: 'json_schema', schema } }, { structuredOutput: 'auto' });
    expect(native.jsonTool).toBeUndefined();
    expect(native.body.output_config).toEqual({
      format: {
        type: 'json_schema',
        schema: {
          type: 'object',
          properties: { age: { type: 'integer', description: 'Constraints: minimum: 0' } },
          additionalProperties: false,
        },
      },
    });
    const older = convert(
      { model: 'claude-3-5-haiku-latest', responseFormat: { type: 'json_schema', schema } },
      { structuredOutput: 'auto' },
    );
    expect(older.body.output_config).toBeUndefined();
    expect(older.body.tools?.[0]?.input_schema).toEqual(schema);
  });

  it('asks through the tool when native mode cannot express the schema', () => {
    const record = { type: 'object', additionalProperties: { type: 'string' } };
    const plan = convert(
      { responseFormat: { type: 'json_schema', schema: record } },
      { structuredOutput: 'native' },
    );
    expect(plan.body.output_config).toBeUndefined();
    expect(plan.jsonTool).toEqual({ name: 'json', unwrap: false });
  });

  it('knows which models have native structured outputs', () => {
    const models = {
      'claude-sonnet-4-5': true,
      'claude-sonnet-4-5-20250929': true,
      'claude-haiku-4-5': true,
      'claude-opus-4-6': true,
      'claude-opus-5': true,
      'claude-opus-4-1': false,
      'claude-sonnet-4-20250514': false,
      'claude-3-7-sonnet-latest': false,
      'gpt-4o': false,
    };
    for (const [model, native] of Object.entries(models)) {
      expect([model, supportsNativeStructuredOutput(model)]).toEqual([model, native]);
    }
  });

  it('sends nothing extra for a text response format', () => {
    expect(convert({ responseFormat: { type: 'text' } }).body.tools).toBeUndefined();
  });

  it('merges provider options by type, then by provider name, last', () => {
    const request = {
      providerOptions: {
        anthropic: { metadata: { user_id: 'override' }, service_tier: 'auto' },
        claude: { service_tier: 'standard_only' },
      },
      user: 'ignored',
    };
    expect(convert(request).body).toMatchObject({ metadata: { user_id: 'override' }, service_tier: 'auto' });
    expect(convert(request, { providerName: 'claude' }).body.service_tier).toBe('standard_only');
  });
});
