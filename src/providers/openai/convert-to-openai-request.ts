import type { CompletionRequest, ResponseFormat } from '../../types/request.js';
import type { ToolChoice, ToolDefinition } from '../../types/tool.js';
import type { SettingWarning } from '../../types/warning.js';
import { passThroughOptions } from '../shared/provider-options.js';
import { addWarning, asksForSeveralCandidates } from '../shared/setting-warnings.js';
import type { OpenAIChatRequest, OpenAIResponseFormat, OpenAITool, OpenAIToolChoice } from './api-types.js';
import type { ChatCompletionsQuirks } from './chat-completions-quirks.js';
import { convertToOpenAIMessages } from './convert-to-openai-messages.js';
import { toOpenAIStrictSchema } from './convert-to-openai-strict-schema.js';
import { isOpenAIReasoningModel } from './openai-reasoning-models.js';
import { openAIWarnings, warningForDroppedField } from './openai-request-warnings.js';

/** Options of {@link convertToOpenAIRequest}. */
export interface ConvertToOpenAIRequestOptions {
  request: CompletionRequest;
  quirks: ChatCompletionsQuirks;
  stream: boolean;
  /** Provider name: the second key of `providerOptions`, and the name in errors. */
  provider: string;
  /** Provider type: the first key of `providerOptions` (`openai`, `openai-compatible`, `azure`). */
  providerType: string;
}

/** A Chat Completions body plus the settings it could not carry as the request asked. */
export interface OpenAIRequestPlan {
  body: OpenAIChatRequest;
  /** `undefined` when every setting went out as asked, which is the common case. */
  warnings: SettingWarning[] | undefined;
}

/**
 * Builds a Chat Completions request body. Fields the request leaves unset are left out, so the service's
 * defaults apply. `providerOptions` for this provider are merged last and win over everything.
 */
export function convertToOpenAIRequest(options: ConvertToOpenAIRequestOptions): OpenAIChatRequest {
  return planOpenAIRequest(options).body;
}

/**
 * {@link convertToOpenAIRequest}, plus a warning for each setting left out or changed: sampling
 * parameters a reasoning model rejects, `reasoning_effort` on a model without reasoning, a budget or
 * `topK` Chat Completions has no field for, a field the service rejects (`unsupportedParameters`), a
 * schema sent as JSON mode or non-strict, and a pass-through `n` above 1 (only the first choice is read).
 */
export function planOpenAIRequest(options: ConvertToOpenAIRequestOptions): OpenAIRequestPlan {
  const { request, quirks } = options;
  let warnings: SettingWarning[] | undefined;
  const reasoningModel = quirks.openaiReasoningModels && isOpenAIReasoningModel(request.model);
  const body: OpenAIChatRequest = {
    model: request.model,
    messages: convertToOpenAIMessages(request.messages, {
      systemRole: reasoningModel ? 'developer' : 'system',
      provider: options.provider,
      model: request.model,
    }),
  };
  if (request.maxTokens !== undefined) body[quirks.maxTokensField] = request.maxTokens;
  // OpenAI's reasoning models answer 400 to sampling parameters; leaving them out lets one request
  // serve both kinds of model, which fallbacks between them rely on.
  if (!reasoningModel) {
    if (request.temperature !== undefined) body.temperature = request.temperature;
    if (request.topP !== undefined) body.top_p = request.topP;
    if (request.presencePenalty !== undefined) body.presence_penalty = request.presencePenalty;
    if (request.frequencyPenalty !== undefined) body.frequency_penalty = request.frequencyPenalty;
  } else {
    if (request.temperature !== undefined) warnings = addWarning(warnings, openAIWarnings.temperature);
    if (request.topP !== undefined) warnings = addWarning(warnings, openAIWarnings.topP);
    if (request.presencePenalty !== undefined)
      warnings = addWarning(warnings, openAIWarnings.presencePenalty);
    if (request.frequencyPenalty !== undefined)
      warnings = addWarning(warnings, openAIWarnings.frequencyPenalty);
  }
  if (request.topK !== undefined) warnings = addWarning(warnings, openAIWarnings.topK);
  if (request.stop !== undefined && request.stop.length > 0) body.stop = request.stop;
  if (request.seed !== undefined) body.seed = request.seed;
  if (request.user !== undefined) body.user = request.user;
  const reasoning = request.reasoning;
  if (reasoning?.effort !== undefined) {
    if (reasoningModel || !quirks.openaiReasoningModels) body.reasoning_effort = reasoning.effort;
    else warnings = addWarning(warnings, openAIWarnings.effort);
  }
  if (reasoning?.budgetTokens !== undefined) warnings = addWarning(warnings, openAIWarnings.budgetTokens);
  // OpenAI rejects tool_choice and parallel_tool_calls without tools.
  if (request.tools !== undefined && request.tools.length > 0) {
    body.tools = request.tools.map(convertTool);
    if (request.toolChoice !== undefined) body.tool_choice = convertToolChoice(request.toolChoice);
    if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  }
  const format = request.responseFormat;
  const responseFormat = convertResponseFormat(format, quirks.jsonSchema);
  if (responseFormat !== undefined) {
    body.response_format = responseFormat;
    if (format?.type === 'json_schema') {
      if (responseFormat.type === 'json_object') warnings = addWarning(warnings, openAIWarnings.jsonMode);
      else if (format.strict === true && responseFormat.json_schema.strict === false)
        warnings = addWarning(warnings, openAIWarnings.notStrict);
    }
  }
  if (options.stream) {
    body.stream = true;
    if (quirks.streamUsage) body.stream_options = { include_usage: true };
  }
  if (quirks.unsupportedParameters !== undefined) {
    for (const field of quirks.unsupportedParameters) {
      if (body[field] === undefined) continue;
      const warning = warningForDroppedField(field);
      if (warning !== undefined) warnings = addWarning(warnings, warning);
      delete body[field];
    }
  }
  if (quirks.renamedParameters !== undefined) {
    for (const ours in quirks.renamedParameters) {
      if (body[ours] === undefined) continue;
      body[quirks.renamedParameters[ours]!] = body[ours];
      delete body[ours];
    }
  }
  const extra = passThroughOptions(request, options.providerType, options.provider);
  if (extra === undefined) return { body, warnings };
  if (asksForSeveralCandidates(extra.n)) warnings = addWarning(warnings, openAIWarnings.n);
  return { body: Object.assign(body, extra), warnings };
}

function convertTool(tool: ToolDefinition): OpenAITool {
  const definition: OpenAITool['function'] = { name: tool.name, parameters: tool.parameters };
  if (tool.description !== undefined) definition.description = tool.description;
  if (tool.strict !== undefined) definition.strict = tool.strict;
  return { type: 'function', function: definition };
}

/** Maps llmrouter's tool choice to `tool_choice`. */
export function convertToolChoice(choice: ToolChoice): OpenAIToolChoice {
  if (typeof choice === 'string') return choice;
  return { type: 'function', function: { name: choice.name } };
}

/**
 * Maps llmrouter's response format to `response_format`. A schema goes out as `json_schema` (named
 * `response` unless the request names it) where the service supports it, else as `json_object`. With
 * `strict: true` the schema is first made strict-compatible (`toOpenAIStrictSchema`: every property
 * required, optional ones nullable, `additionalProperties: false`, rejected keywords described); a
 * schema strict mode cannot express is sent with `strict: false` rather than rejected with a 400.
 */
export function convertResponseFormat(
  format: ResponseFormat | undefined,
  supportsJsonSchema: boolean,
): OpenAIResponseFormat | undefined {
  if (format === undefined || format.type === 'text') return undefined;
  if (format.type === 'json' || !supportsJsonSchema) return { type: 'json_object' };
  const strict = format.strict === true ? toOpenAIStrictSchema(format.schema) : undefined;
  const jsonSchema: Extract<OpenAIResponseFormat, { type: 'json_schema' }>['json_schema'] = {
    name: format.name ?? 'response',
    schema: strict ? strict.schema : format.schema,
  };
  if (format.description !== undefined) jsonSchema.description = format.description;
  if (format.strict !== undefined) jsonSchema.strict = strict ? strict.strict : format.strict;
  return { type: 'json_schema', json_schema: jsonSchema };
}
