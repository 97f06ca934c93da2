import type { CompletionRequest, ReasoningOptions, ResponseFormat } from '../../types/request.js';
import type { ToolChoice, ToolDefinition } from '../../types/tool.js';
import { invalidRequest, invalidType, missingParameter } from '../core/gateway-error.js';
import type { SurfaceCall } from '../core/surface.js';
import {
  isWireObject,
  optionalBoolean,
  optionalInteger,
  optionalNumber,
  type WireObject,
} from '../core/wire-object.js';
import { convertResponsesInput } from './convert-responses-input.js';

/** A Responses API request read into the router's request, plus the fields its Response object echoes. */
export interface ResponsesCall extends SurfaceCall {
  echo: {
    instructions: string | null;
    tools: unknown[];
    toolChoice: unknown;
    textFormat: unknown;
    temperature: number | null;
    topP: number | null;
    maxOutputTokens: number | null;
    parallelToolCalls: boolean;
    reasoningEffort: string | null;
    metadata: Record<string, unknown>;
    user: string | null;
  };
}

/** Fields that need state kept on the server, and what to send instead. */
const statefulFields: Record<string, string> = {
  previous_response_id:
    "this gateway is stateless and keeps no earlier responses; send the earlier turns (their output items included) in 'input'.",
  conversation: "this gateway is stateless and keeps no conversations; send the earlier turns in 'input'.",
  prompt: "stored prompts live on OpenAI's servers; send the prompt's text as 'instructions' and 'input'.",
};

const hostedTools = new Set([
  'web_search',
  'web_search_preview',
  'web_search_preview_2025_03_11',
  'file_search',
  'code_interpreter',
  'computer_use_preview',
  'image_generation',
  'mcp',
  'local_shell',
]);

const efforts = new Set(['minimal', 'low', 'medium', 'high']);

/**
 * Reads an OpenAI Responses API request body (its stateless use) into the router's request, checking
 * every field; the first problem is a 400 `GatewayError` that names it. What needs state kept on the
 * server (`previous_response_id`, `conversation`, `store: true`, `background`, stored prompts) and hosted
 * tools (web search, file search, code interpreter, ...) are refused with what to send instead, never
 * quietly downgraded.
 */
export function convertResponsesRequest(body: unknown): ResponsesCall {
  if (!isWireObject(body)) {
    throw invalidRequest({
      param: null,
      message: 'The request body must be a JSON object.',
      code: 'invalid_body',
    });
  }
  refuseStateful(body);
  const model = body.model;
  if (model === undefined) throw missingParameter('model');
  if (typeof model !== 'string') throw invalidType({ param: 'model', expected: 'a string', value: model });
  if (model === '') throw invalidRequest({ param: 'model', message: "Invalid 'model': must not be empty." });
  const warnings = new Set<string>();
  const request: CompletionRequest = {
    model,
    messages: convertResponsesInput({ input: body.input, instructions: body.instructions, warnings }),
  };
  const stream = optionalBoolean(body.stream, 'stream') ?? false;
  const tools = body.tools === undefined || body.tools === null ? [] : readTools(body.tools);
  if (tools.length > 0) request.tools = tools;
  if (body.tool_choice !== undefined && body.tool_choice !== null) {
    request.toolChoice = readToolChoice(body.tool_choice, tools);
  }
  const parallel = optionalBoolean(body.parallel_tool_calls, 'parallel_tool_calls');
  if (parallel !== undefined) request.parallelToolCalls = parallel;
  let textFormat: unknown = { type: 'text' };
  if (isWireObject(body.text) && body.text.format !== undefined && body.text.format !== null) {
    textFormat = body.text.format;
    request.responseFormat = readFormat(body.text.format);
  } else if (body.text !== undefined && body.text !== null && !isWireObject(body.text)) {
    throw invalidType({ param: 'text', expected: 'an object', value: body.text });
  }
  const maxOutputTokens = optionalInteger(body.max_output_tokens, {
    param: 'max_output_tokens',
    minimum: 16,
  });
  if (maxOutputTokens !== undefined) request.maxTokens = maxOutputTokens;
  const temperature = optionalNumber(body.temperature, { param: 'temperature', minimum: 0, maximum: 2 });
  if (temperature !== undefined) request.temperature = temperature;
  const topP = optionalNumber(body.top_p, { param: 'top_p', minimum: 0, maximum: 1 });
  if (topP !== undefined) request.topP = topP;
  let reasoningEffort: string | null = null;
  if (body.reasoning !== undefined && body.reasoning !== null) {
    request.reasoning = readReasoning(body.reasoning, warnings);
    reasoningEffort = request.reasoning.effort ?? null;
  }
  const user = typeof body.safety_identifier === 'string' ? body.safety_identifier : body.user;
  if (user !== undefined && user !== null) {
    if (typeof user !== 'string') throw invalidType({ param: 'user', expected: 'a string', value: user });
    request.user = user;
  }
  const metadata = isWireObject(body.metadata) ? body.metadata : {};
  return {
    request,
    stream,
    warnings: [...warnings],
    echo: {
      instructions: typeof body.instructions === 'string' ? body.instructions : null,
      tools: Array.isArray(body.tools) ? body.tools : [],
      toolChoice: body.tool_choice ?? 'auto',
      textFormat,
      temperature: temperature ?? null,
      topP: topP ?? null,
      maxOutputTokens: maxOutputTokens ?? null,
      parallelToolCalls: parallel ?? true,
      reasoningEffort,
      metadata,
      user: request.user ?? null,
    },
  };
}

function refuseStateful(body: WireObject): void {
  for (const [field, instead] of Object.entries(statefulFields)) {
    if (body[field] !== undefined && body[field] !== null) {
      throw invalidRequest({
        param: field,
        message: `'${field}' is not supported: ${instead}`,
        code: 'unsupported_parameter',
      });
    }
  }
  if (body.store === true) {
    throw invalidRequest({
      param: 'store',
      message:
        "'store: true' is not supported: this gateway is stateless and cannot keep responses for retrieval; send 'store: false' and keep the output items yourself.",
      code: 'unsupported_parameter',
    });
  }
  if (body.background === true) {
    throw invalidRequest({
      param: 'background',
      message:
        "'background: true' is not supported: background responses are polled from server-side state, which this gateway does not keep; send 'stream: true' for a long answer.",
      code: 'unsupported_parameter',
    });
  }
}

function readTools(value: unknown): ToolDefinition[] {
  if (!Array.isArray(value)) throw invalidType({ param: 'tools', expected: 'an array', value });
  return value.map((tool, index): ToolDefinition => {
    const param = `tools[${index}]`;
    if (!isWireObject(tool)) throw invalidType({ param, expected: 'an object', value: tool });
    if (tool.type !== 'function') {
      const hosted = typeof tool.type === 'string' && hostedTools.has(tool.type);
      throw invalidRequest({
        param: `${param}.type`,
        message: hosted
          ? `Hosted tool '${tool.type}' (${param}) runs on OpenAI's servers, and this gateway may route to any vendor; define a 'function' tool and run it yourself.`
          : `Invalid value for '${param}.type': ${JSON.stringify(tool.type)}. Only 'function' tools are supported.`,
        code: hosted ? 'unsupported_value' : 'invalid_value',
      });
    }
    if (typeof tool.name !== 'string' || tool.name === '') {
      throw tool.name === undefined
        ? missingParameter(`${param}.name`)
        : invalidType({ param: `${param}.name`, expected: 'a non-empty string', value: tool.name });
    }
    const parameters = tool.parameters ?? { type: 'object', properties: {} };
    if (!isWireObject(parameters))
      throw invalidType({
        param: `${param}.parameters`,
        expected: 'a JSON Schema object',
        value: parameters,
      });
    const definition: ToolDefinition = { name: tool.name, parameters };
    if (typeof tool.description === 'string') definition.description = tool.description;
    const strict = optionalBoolean(tool.strict, `${param}.strict`);
    if (strict !== undefined) definition.strict = strict;
    return definition;
  });
}

function readToolChoice(value: unknown, tools: ToolDefinition[]): ToolChoice {
  if (value === 'none' || value === 'auto' || value === 'required') {
    if (value === 'required' && tools.length === 0) {
      throw invalidRequest({
        param: 'tool_choice',
        message: "Invalid value for 'tool_choice': 'required' needs 'tools'.",
      });
    }
    return value;
  }
  if (isWireObject(value) && value.type === 'function') {
    const name = value.name;
    if (typeof name !== 'string') throw missingParameter('tool_choice.name');
    if (!tools.some((tool) => tool.name === name)) {
      throw invalidRequest({
        param: 'tool_choice.name',
        message: `Invalid 'tool_choice': no function tool named '${name}' is defined in 'tools'.`,
      });
    }
    return { type: 'tool', name };
  }
  throw invalidRequest({
    param: 'tool_choice',
    message:
      "Invalid value for 'tool_choice': expected 'none', 'auto', 'required' or { type: 'function', name } (hosted tools are not supported).",
  });
}

function readFormat(format: unknown): ResponseFormat {
  if (!isWireObject(format))
    throw invalidType({ param: 'text.format', expected: 'an object', value: format });
  switch (format.type) {
    case 'text':
      return { type: 'text' };
    case 'json_object':
      return { type: 'json' };
    case 'json_schema': {
      if (typeof format.name !== 'string' || format.name === '') {
        throw format.name === undefined
          ? missingParameter('text.format.name')
          : invalidType({ param: 'text.format.name', expected: 'a non-empty string', value: format.name });
      }
      if (!isWireObject(format.schema)) {
        throw format.schema === undefined
          ? missingParameter('text.format.schema')
          : invalidType({
              param: 'text.format.schema',
              expected: 'a JSON Schema object',
              value: format.schema,
            });
      }
      const result: ResponseFormat = { type: 'json_schema', schema: format.schema, name: format.name };
      if (typeof format.description === 'string') result.description = format.description;
      const strict = optionalBoolean(format.strict, 'text.format.strict');
      if (strict !== undefined) result.strict = strict;
      return result;
    }
    default:
      throw invalidRequest({
        param: 'text.format.type',
        message: `Invalid value for 'text.format.type': ${JSON.stringify(format.type)}. Supported values are: 'text', 'json_object' and 'json_schema'.`,
      });
  }
}

function readReasoning(value: unknown, warnings: Set<string>): ReasoningOptions {
  if (!isWireObject(value)) throw invalidType({ param: 'reasoning', expected: 'an object', value });
  const effort = value.effort;
  if (value.summary !== undefined && value.summary !== null) {
    warnings.add(
      'reasoning.summary: not carried; reasoning the serving model shares is returned as a summary as it is',
    );
  }
  if (effort === undefined || effort === null) return {};
  if (typeof effort !== 'string' || !efforts.has(effort)) {
    throw invalidRequest({
      param: 'reasoning.effort',
      message:
        "Invalid value for 'reasoning.effort': supported values are 'minimal', 'low', 'medium' and 'high'.",
    });
  }
  return { effort: effort as NonNullable<ReasoningOptions['effort']> };
}
