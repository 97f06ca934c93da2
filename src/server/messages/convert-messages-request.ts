import type { IncomingMessage } from 'node:http';
import type { CompletionRequest } from '../../types/request.js';
import type { ToolChoice, ToolDefinition } from '../../types/tool.js';
import { invalidRequest, invalidType, missingParameter } from '../core/gateway-error.js';
import type { SurfaceCall } from '../core/surface.js';
import { isWireObject, optionalBoolean, optionalInteger, optionalNumber } from '../core/wire-object.js';
import { convertAnthropicWireMessages } from './convert-anthropic-wire-messages.js';

/** A Messages API request read into the router's request. */
export type MessagesCall = SurfaceCall;

/** Fields that need Anthropic's own servers; the gateway may route elsewhere, so it refuses them. */
const hostedFields: Record<string, string> = {
  mcp_servers:
    "MCP servers are called by Anthropic's servers; run the MCP client yourself and pass its tools as custom tools.",
  container: "Containers live on Anthropic's servers; this gateway keeps no server-side state.",
};

/**
 * Reads an Anthropic Messages API request body into the router's provider-neutral request, checking
 * every field; the first problem is a 400 `GatewayError` naming it. `max_tokens` is required, as
 * Anthropic requires it. What only Anthropic understands is passed on where the router can carry it and
 * otherwise dropped with a warning: `cache_control` (sent as the original blocks to Anthropic targets
 * through `providerOptions.anthropic`), `service_tier`, metadata beyond `user_id`. Server tools and
 * fields that need Anthropic's servers are refused. An `anthropic-beta` header is passed on to Anthropic
 * targets only (`vendorHeaders`), never to an OpenAI or Gemini fallback.
 */
export function convertMessagesRequest(
  body: unknown,
  options: { request?: IncomingMessage; countOnly?: boolean } = {},
): MessagesCall {
  if (!isWireObject(body)) {
    throw invalidRequest({
      param: null,
      message: 'The request body must be a JSON object.',
      code: 'invalid_body',
    });
  }
  const model = body.model;
  if (model === undefined) throw missingParameter('model');
  if (typeof model !== 'string') throw invalidType({ param: 'model', expected: 'a string', value: model });
  if (model === '') throw invalidRequest({ param: 'model', message: "Invalid 'model': must not be empty." });
  const maxTokens = optionalInteger(body.max_tokens, { param: 'max_tokens', minimum: 1 });
  // count_tokens takes the same body without `max_tokens`.
  if (maxTokens === undefined && !options.countOnly) throw missingParameter('max_tokens');
  for (const field of Object.keys(hostedFields)) {
    if (body[field] !== undefined && body[field] !== null) {
      throw invalidRequest({
        param: field,
        message: `'${field}' is not supported by this gateway: ${hostedFields[field]}`,
        code: 'unsupported_value',
      });
    }
  }
  const converted = convertAnthropicWireMessages({ system: body.system, messages: body.messages });
  const completion: CompletionRequest = { model, messages: converted.messages };
  if (maxTokens !== undefined) completion.maxTokens = maxTokens;
  const warnings = converted.warnings;
  const stream = optionalBoolean(body.stream, 'stream') ?? false;

  const temperature = optionalNumber(body.temperature, { param: 'temperature', minimum: 0, maximum: 1 });
  if (temperature !== undefined) completion.temperature = temperature;
  const topP = optionalNumber(body.top_p, { param: 'top_p', minimum: 0, maximum: 1 });
  if (topP !== undefined) completion.topP = topP;
  const topK = optionalInteger(body.top_k, { param: 'top_k', minimum: 1 });
  if (topK !== undefined) completion.topK = topK;
  if (body.stop_sequences !== undefined && body.stop_sequences !== null) {
    const stop = body.stop_sequences;
    if (!Array.isArray(stop) || stop.some((item) => typeof item !== 'string'))
      throw invalidType({ param: 'stop_sequences', expected: 'an array of strings', value: stop });
    if (stop.length > 0) completion.stop = stop as string[];
  }
  if (body.metadata !== undefined && body.metadata !== null)
    metadata(body.metadata, { completion, warnings });
  if (body.thinking !== undefined && body.thinking !== null) thinking(body.thinking, completion);
  if (body.tools !== undefined && body.tools !== null) {
    completion.tools = tools(body.tools, converted);
  }
  if (body.tool_choice !== undefined && body.tool_choice !== null) {
    toolChoice(body.tool_choice, completion);
  }
  if (body.service_tier !== undefined && body.service_tier !== null) {
    warnings.add(
      "service_tier: dropped (the gateway picks the provider; Anthropic's service tiers are not carried)",
    );
  }
  if (converted.cacheControl) {
    // The router's messages hold no cache breakpoints: an Anthropic target gets the original blocks,
    // which override what its adapter builds from the router's messages.
    const original: Record<string, unknown> = { messages: body.messages };
    if (body.system !== undefined && body.system !== null) original.system = body.system;
    if (Array.isArray(body.tools)) original.tools = body.tools;
    completion.providerOptions = { anthropic: original };
    warnings.add('cache_control: honoured by Anthropic targets only; other vendors cache by their own rules');
  }
  const call: MessagesCall = { request: completion, stream, warnings: [...warnings] };
  const beta = options.request?.headers['anthropic-beta'];
  // Only Anthropic targets receive it: an OpenAI or Gemini fallback would not know the header.
  if (typeof beta === 'string' && beta !== '') call.vendorHeaders = { anthropic: { 'anthropic-beta': beta } };
  return call;
}

function metadata(value: unknown, context: { completion: CompletionRequest; warnings: Set<string> }): void {
  if (!isWireObject(value)) throw invalidType({ param: 'metadata', expected: 'an object', value });
  for (const [key, item] of Object.entries(value)) {
    if (key !== 'user_id') {
      context.warnings.add(`metadata.${key}: dropped (only metadata.user_id is carried)`);
      continue;
    }
    if (item === null || item === undefined) continue;
    if (typeof item !== 'string')
      throw invalidType({ param: 'metadata.user_id', expected: 'a string', value: item });
    context.completion.user = item;
  }
}

function thinking(value: unknown, completion: CompletionRequest): void {
  if (!isWireObject(value)) throw invalidType({ param: 'thinking', expected: 'an object', value });
  switch (value.type) {
    case 'disabled':
      return;
    case 'enabled': {
      const budget = optionalInteger(value.budget_tokens, { param: 'thinking.budget_tokens', minimum: 1024 });
      if (budget === undefined) throw missingParameter('thinking.budget_tokens');
      if (completion.maxTokens !== undefined && budget >= completion.maxTokens) {
        throw invalidRequest({
          param: 'thinking.budget_tokens',
          message: '`max_tokens` must be greater than `thinking.budget_tokens`.',
        });
      }
      completion.reasoning = { budgetTokens: budget };
      return;
    }
    default:
      throw invalidRequest({
        param: 'thinking.type',
        message: `thinking.type: Input should be 'enabled' or 'disabled', got ${JSON.stringify(value.type)}`,
      });
  }
}

function tools(value: unknown, converted: { cacheControl: boolean }): ToolDefinition[] {
  if (!Array.isArray(value)) throw invalidType({ param: 'tools', expected: 'an array', value });
  return value.map((tool, index): ToolDefinition => {
    const param = `tools[${index}]`;
    if (!isWireObject(tool)) throw invalidType({ param, expected: 'an object', value: tool });
    if (tool.type !== undefined && tool.type !== null && tool.type !== 'custom') {
      throw invalidRequest({
        param: `${param}.type`,
        message: `${param}.type: server tool ${JSON.stringify(tool.type)} runs on Anthropic's servers, and this gateway may route to any vendor; define a custom tool (name, description, input_schema) and run it yourself.`,
        code: 'unsupported_value',
      });
    }
    if (typeof tool.name !== 'string' || tool.name === '') {
      throw tool.name === undefined
        ? missingParameter(`${param}.name`)
        : invalidType({ param: `${param}.name`, expected: 'a non-empty string', value: tool.name });
    }
    const schema = tool.input_schema;
    if (!isWireObject(schema)) {
      throw schema === undefined
        ? missingParameter(`${param}.input_schema`)
        : invalidType({ param: `${param}.input_schema`, expected: 'a JSON Schema object', value: schema });
    }
    if (tool.cache_control !== undefined && tool.cache_control !== null) converted.cacheControl = true;
    const definition: ToolDefinition = { name: tool.name, parameters: schema };
    if (tool.description !== undefined) {
      if (typeof tool.description !== 'string')
        throw invalidType({ param: `${param}.description`, expected: 'a string', value: tool.description });
      definition.description = tool.description;
    }
    return definition;
  });
}

function toolChoice(value: unknown, completion: CompletionRequest): void {
  if (!isWireObject(value)) throw invalidType({ param: 'tool_choice', expected: 'an object', value });
  const parallel = optionalBoolean(value.disable_parallel_tool_use, 'tool_choice.disable_parallel_tool_use');
  if (parallel !== undefined) completion.parallelToolCalls = !parallel;
  let choice: ToolChoice;
  switch (value.type) {
    case 'auto':
      choice = 'auto';
      break;
    case 'any':
      choice = 'required';
      break;
    case 'none':
      choice = 'none';
      break;
    case 'tool': {
      const name = value.name;
      if (typeof name !== 'string') throw missingParameter('tool_choice.name');
      if (!completion.tools?.some((tool) => tool.name === name)) {
        throw invalidRequest({
          param: 'tool_choice.name',
          message: `tool_choice.name: no tool named '${name}' is defined in 'tools'`,
        });
      }
      choice = { type: 'tool', name };
      break;
    }
    default:
      throw invalidRequest({
        param: 'tool_choice.type',
        message: `tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none', got ${JSON.stringify(value.type)}`,
      });
  }
  if (choice !== 'none' && choice !== 'auto' && !completion.tools) {
    throw invalidRequest({ param: 'tool_choice', message: "tool_choice: requires 'tools' to be defined" });
  }
  completion.toolChoice = choice;
}
