import type {
  LanguageModelV3CallOptions,
  LanguageModelV3ToolChoice,
  SharedV3Warning,
} from '@ai-sdk/provider';
import type { CallOptions } from '../types/call.js';
import type { CompletionRequest, ResponseFormat } from '../types/request.js';
import type { JsonSchema, ToolChoice, ToolDefinition } from '../types/tool.js';
import { convertToRouterMessages } from './convert-to-router-messages.js';
import { parseRouterProviderOptions } from './router-call-options.js';

/** A router call made from one AI SDK call. */
export interface ConvertedCall {
  request: CompletionRequest;
  callOptions: CallOptions;
  /** Settings the router could not honour, reported to the AI SDK as warnings. */
  warnings: SharedV3Warning[];
}

/**
 * Maps an AI SDK call (`doGenerate` / `doStream` options) to a router request and its call options.
 * `modelId` is what the application asked for; the router resolves it.
 */
export function convertToCompletionRequest(options: {
  modelId: string;
  call: LanguageModelV3CallOptions;
}): ConvertedCall {
  const { call } = options;
  const { messages, warnings } = convertToRouterMessages(call.prompt);
  const routerOptions = parseRouterProviderOptions(call.providerOptions?.llmrouter);
  const request: CompletionRequest = { model: options.modelId, messages };

  if (call.maxOutputTokens !== undefined) request.maxTokens = call.maxOutputTokens;
  if (call.temperature !== undefined) request.temperature = call.temperature;
  if (call.topP !== undefined) request.topP = call.topP;
  if (call.topK !== undefined) request.topK = call.topK;
  if (call.stopSequences !== undefined && call.stopSequences.length > 0) request.stop = call.stopSequences;
  if (call.seed !== undefined) request.seed = call.seed;
  if (call.presencePenalty !== undefined) request.presencePenalty = call.presencePenalty;
  if (call.frequencyPenalty !== undefined) request.frequencyPenalty = call.frequencyPenalty;
  if (call.responseFormat !== undefined) request.responseFormat = convertResponseFormat(call.responseFormat);
  if (call.includeRawChunks) {
    warnings.push({
      type: 'unsupported',
      feature: 'includeRawChunks',
      details: 'the router streams typed parts across providers, not one provider’s raw chunks',
    });
  }

  const tools: ToolDefinition[] = [];
  for (const tool of call.tools ?? []) {
    if (tool.type === 'provider') {
      warnings.push({ type: 'unsupported', feature: `provider-defined tool ${tool.id}` });
      continue;
    }
    const definition: ToolDefinition = { name: tool.name, parameters: tool.inputSchema as JsonSchema };
    if (tool.description !== undefined) definition.description = tool.description;
    if (tool.strict !== undefined) definition.strict = tool.strict;
    if (tool.inputExamples !== undefined && tool.inputExamples.length > 0) {
      warnings.push({ type: 'unsupported', feature: `inputExamples of tool ${tool.name}` });
    }
    tools.push(definition);
  }
  if (tools.length > 0) {
    request.tools = tools;
    if (call.toolChoice !== undefined) request.toolChoice = convertToolChoice(call.toolChoice);
  }

  if (routerOptions.reasoning !== undefined) request.reasoning = routerOptions.reasoning;
  if (routerOptions.parallelToolCalls !== undefined)
    request.parallelToolCalls = routerOptions.parallelToolCalls;
  if (routerOptions.user !== undefined) request.user = routerOptions.user;
  if (routerOptions.providerOptions !== undefined) request.providerOptions = routerOptions.providerOptions;

  const callOptions: CallOptions = {};
  if (call.abortSignal !== undefined) callOptions.signal = call.abortSignal;
  if (routerOptions.deadlineMs !== undefined) callOptions.deadlineMs = routerOptions.deadlineMs;
  if (routerOptions.targets !== undefined) callOptions.targets = routerOptions.targets;
  const headers = definedHeaders(call.headers);
  if (headers !== undefined) callOptions.headers = headers;
  return { request, callOptions, warnings };
}

function convertResponseFormat(format: NonNullable<LanguageModelV3CallOptions['responseFormat']>) {
  if (format.type === 'text') return { type: 'text' } satisfies ResponseFormat;
  if (format.schema === undefined) return { type: 'json' } satisfies ResponseFormat;
  const converted: ResponseFormat = { type: 'json_schema', schema: format.schema as JsonSchema };
  if (format.name !== undefined) converted.name = format.name;
  if (format.description !== undefined) converted.description = format.description;
  return converted;
}

function convertToolChoice(choice: LanguageModelV3ToolChoice): ToolChoice {
  return choice.type === 'tool' ? { type: 'tool', name: choice.toolName } : choice.type;
}

/** The AI SDK marks headers to leave out with `undefined`; the router's calls take strings only. */
function definedHeaders(
  headers: Record<string, string | undefined> | undefined,
): Record<string, string> | undefined {
  if (headers === undefined) return undefined;
  let defined: Record<string, string> | undefined;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    defined ??= {};
    defined[name] = value;
  }
  return defined;
}
