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
  wireFunction,
} from '../core/wire-object.js';
import { convertToRouterMessages } from './convert-to-router-messages.js';

/** A Chat Completions request body read into the router's request, plus how to answer it. */
export interface ChatCompletionCall extends SurfaceCall {
  /** `stream_options.include_usage`: end the stream with a usage chunk. */
  includeUsage: boolean;
}

const efforts = new Set(['minimal', 'low', 'medium', 'high']);

/**
 * Reads an OpenAI Chat Completions request body (snake_case, as the official clients send it) into the
 * router's provider-neutral request. Every field is checked once on the way; the first problem is thrown
 * as a 400 `GatewayError` that names the parameter, in OpenAI's words where OpenAI has them. Fields the
 * gateway cannot honour (`n` > 1, `logprobs`, audio, legacy `functions`) are refused rather than
 * silently dropped; unknown fields are ignored.
 */
export function convertToCompletionRequest(body: unknown): ChatCompletionCall {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidRequest({
      param: null,
      message: 'The request body must be a JSON object.',
      code: 'invalid_body',
    });
  }
  const wire = body as WireObject;
  const model = wire.model;
  if (model === undefined) throw missingParameter('model');
  if (typeof model !== 'string') throw invalidType({ param: 'model', expected: 'a string', value: model });
  if (model === '') throw invalidRequest({ param: 'model', message: "Invalid 'model': must not be empty." });
  const request: CompletionRequest = { model, messages: convertToRouterMessages(wire.messages) };

  const stream = optionalBoolean(wire.stream, 'stream') ?? false;
  let includeUsage = false;
  if (wire.stream_options !== undefined && wire.stream_options !== null) {
    if (!stream) {
      throw invalidRequest({
        param: 'stream_options',
        message: "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
      });
    }
    const options = wire.stream_options;
    if (!isWireObject(options))
      throw invalidType({ param: 'stream_options', expected: 'an object', value: options });
    includeUsage = optionalBoolean(options.include_usage, 'stream_options.include_usage') ?? false;
  }

  refuseUnsupported(wire);
  if (wire.tools !== undefined && wire.tools !== null) request.tools = tools(wire.tools);
  if (wire.tool_choice !== undefined && wire.tool_choice !== null) {
    request.toolChoice = toolChoice(wire.tool_choice, request.tools);
  }
  const parallel = optionalBoolean(wire.parallel_tool_calls, 'parallel_tool_calls');
  if (parallel !== undefined) request.parallelToolCalls = parallel;
  if (wire.response_format !== undefined && wire.response_format !== null) {
    request.responseFormat = responseFormat(wire.response_format);
  }

  const maxTokens =
    optionalInteger(wire.max_completion_tokens, { param: 'max_completion_tokens', minimum: 1 }) ??
    optionalInteger(wire.max_tokens, { param: 'max_tokens', minimum: 1 });
  if (maxTokens !== undefined) request.maxTokens = maxTokens;
  const temperature = optionalNumber(wire.temperature, { param: 'temperature', minimum: 0, maximum: 2 });
  if (temperature !== undefined) request.temperature = temperature;
  const topP = optionalNumber(wire.top_p, { param: 'top_p', minimum: 0, maximum: 1 });
  if (topP !== undefined) request.topP = topP;
  const topK = optionalInteger(wire.top_k, { param: 'top_k', minimum: 1 });
  if (topK !== undefined) request.topK = topK;
  const presence = optionalNumber(wire.presence_penalty, {
    param: 'presence_penalty',
    minimum: -2,
    maximum: 2,
  });
  if (presence !== undefined) request.presencePenalty = presence;
  const frequency = optionalNumber(wire.frequency_penalty, {
    param: 'frequency_penalty',
    minimum: -2,
    maximum: 2,
  });
  if (frequency !== undefined) request.frequencyPenalty = frequency;
  const seed = optionalInteger(wire.seed, { param: 'seed', minimum: Number.MIN_SAFE_INTEGER });
  if (seed !== undefined) request.seed = seed;
  if (wire.stop !== undefined && wire.stop !== null) request.stop = stop(wire.stop);
  if (wire.user !== undefined && wire.user !== null) {
    if (typeof wire.user !== 'string')
      throw invalidType({ param: 'user', expected: 'a string', value: wire.user });
    request.user = wire.user;
  }
  if (wire.reasoning_effort !== undefined && wire.reasoning_effort !== null) {
    request.reasoning = reasoning(wire.reasoning_effort);
  }
  return { request, stream, includeUsage, warnings: [] };
}

function refuseUnsupported(wire: WireObject): void {
  const n = optionalInteger(wire.n, { param: 'n', minimum: 1 });
  if (n !== undefined && n !== 1) {
    throw invalidRequest({
      param: 'n',
      message: "Invalid 'n': this gateway returns exactly one choice; send n = 1 or leave it out.",
      code: 'unsupported_value',
    });
  }
  if (wire.logprobs === true || (wire.top_logprobs !== undefined && wire.top_logprobs !== null)) {
    throw invalidRequest({
      param: 'logprobs',
      message: 'Log probabilities are not supported by this gateway.',
      code: 'unsupported_value',
    });
  }
  if (wire.functions !== undefined || wire.function_call !== undefined) {
    const param = wire.functions !== undefined ? 'functions' : 'function_call';
    throw invalidRequest({
      param,
      message: `'${param}' is deprecated and not supported; use 'tools' and 'tool_choice'.`,
      code: 'unsupported_value',
    });
  }
  if (wire.audio !== undefined || (Array.isArray(wire.modalities) && wire.modalities.includes('audio'))) {
    throw invalidRequest({
      param: 'modalities',
      message: 'Audio output is not supported by this gateway.',
      code: 'unsupported_value',
    });
  }
}

function tools(value: unknown): ToolDefinition[] {
  if (!Array.isArray(value)) throw invalidType({ param: 'tools', expected: 'an array', value });
  if (value.length === 0) {
    throw invalidRequest({
      param: 'tools',
      message:
        "Invalid 'tools': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      code: 'empty_array',
    });
  }
  return value.map((tool, index): ToolDefinition => {
    const param = `tools[${index}]`;
    if (!isWireObject(tool)) throw invalidType({ param, expected: 'an object', value: tool });
    if (tool.type !== 'function') {
      throw invalidRequest({
        param: `${param}.type`,
        message: `Invalid value for '${param}.type': only 'function' tools are supported.`,
      });
    }
    const fn = wireFunction(tool, param);
    const parameters = fn.parameters ?? { type: 'object', properties: {} };
    if (!isWireObject(parameters))
      throw invalidType({
        param: `${param}.function.parameters`,
        expected: 'a JSON Schema object',
        value: parameters,
      });
    const definition: ToolDefinition = { name: fn.name, parameters };
    if (fn.description !== undefined) {
      if (typeof fn.description !== 'string') {
        throw invalidType({
          param: `${param}.function.description`,
          expected: 'a string',
          value: fn.description,
        });
      }
      definition.description = fn.description;
    }
    const strict = optionalBoolean(fn.strict, `${param}.function.strict`);
    if (strict !== undefined) definition.strict = strict;
    return definition;
  });
}

function toolChoice(value: unknown, defined: ToolDefinition[] | undefined): ToolChoice {
  if (value === 'none') return 'none';
  if (value === 'auto' || value === 'required' || isWireObject(value)) {
    if (!defined) {
      throw invalidRequest({
        param: 'tool_choice',
        message: "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.",
      });
    }
    if (typeof value === 'string') return value;
    const fn = value.function;
    const name = isWireObject(fn) ? fn.name : undefined;
    if (value.type !== 'function' || typeof name !== 'string') {
      throw invalidRequest({
        param: 'tool_choice',
        message:
          "Invalid value for 'tool_choice': expected 'none', 'auto', 'required' or { type: 'function', function: { name } }.",
      });
    }
    if (!defined.some((tool) => tool.name === name)) {
      throw invalidRequest({
        param: 'tool_choice.function.name',
        message: `Invalid 'tool_choice': no tool named '${name}' is defined in 'tools'.`,
      });
    }
    return { type: 'tool', name };
  }
  if (typeof value !== 'string')
    throw invalidType({ param: 'tool_choice', expected: 'a string or an object', value });
  throw invalidRequest({
    param: 'tool_choice',
    message: `Invalid value for 'tool_choice': '${value}'. Supported values are: 'none', 'auto' and 'required'.`,
  });
}

function responseFormat(value: unknown): ResponseFormat {
  if (!isWireObject(value)) throw invalidType({ param: 'response_format', expected: 'an object', value });
  switch (value.type) {
    case 'text':
      return { type: 'text' };
    case 'json_object':
      return { type: 'json' };
    case 'json_schema': {
      const spec = value.json_schema;
      if (!isWireObject(spec)) {
        throw spec === undefined
          ? missingParameter('response_format.json_schema')
          : invalidType({ param: 'response_format.json_schema', expected: 'an object', value: spec });
      }
      if (typeof spec.name !== 'string' || spec.name === '') {
        throw spec.name === undefined
          ? missingParameter('response_format.json_schema.name')
          : invalidType({
              param: 'response_format.json_schema.name',
              expected: 'a non-empty string',
              value: spec.name,
            });
      }
      const schema = spec.schema;
      if (!isWireObject(schema)) {
        throw schema === undefined
          ? missingParameter('response_format.json_schema.schema')
          : invalidType({
              param: 'response_format.json_schema.schema',
              expected: 'a JSON Schema object',
              value: schema,
            });
      }
      const format: ResponseFormat = { type: 'json_schema', schema, name: spec.name };
      if (typeof spec.description === 'string') format.description = spec.description;
      const strict = optionalBoolean(spec.strict, 'response_format.json_schema.strict');
      if (strict !== undefined) format.strict = strict;
      return format;
    }
    default:
      throw invalidRequest({
        param: 'response_format.type',
        message: `Invalid value for 'response_format.type': ${JSON.stringify(value.type)}. Supported values are: 'text', 'json_object' and 'json_schema'.`,
      });
  }
}

function stop(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw invalidType({ param: 'stop', expected: 'a string or an array of strings', value });
  }
  if (value.length > 4)
    throw invalidRequest({ param: 'stop', message: "Invalid 'stop': at most 4 stop sequences are allowed." });
  return value as string[];
}

function reasoning(value: unknown): ReasoningOptions {
  if (typeof value !== 'string' || !efforts.has(value)) {
    throw invalidRequest({
      param: 'reasoning_effort',
      message:
        "Invalid value for 'reasoning_effort': supported values are 'minimal', 'low', 'medium' and 'high'.",
    });
  }
  return { effort: value as NonNullable<ReasoningOptions['effort']> };
}
