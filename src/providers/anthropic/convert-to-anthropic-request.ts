import type { CompletionRequest, ResponseFormat } from '../../types/request.js';
import type { JsonSchema, ToolChoice } from '../../types/tool.js';
import type { SettingWarning } from '../../types/warning.js';
import { passThroughOptions } from '../shared/provider-options.js';
import { addWarning } from '../shared/setting-warnings.js';
import { DEFAULT_MAX_TOKENS, tokenLimits } from './anthropic-model-limits.js';
import { anthropicWarnings, budgetChangedWarning } from './anthropic-request-warnings.js';
import type {
  AnthropicRequestBody,
  AnthropicTextBlock,
  AnthropicTool,
  AnthropicToolChoice,
} from './api-types.js';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.js';
import { toAnthropicOutputSchema } from './convert-to-anthropic-output-schema.js';

/** How JSON output was requested through a tool, so the answer can be read back from its input. */
export interface JsonToolPlan {
  /** Name of the tool whose input is the answer (`json`, unless the caller has a tool of that name). */
  name: string;
  /** The schema was not an object, so it was wrapped as `{ value: schema }`: the answer is `input.value`. */
  unwrap: boolean;
}

/** A request body plus what reading the answer needs to know about it. */
export interface AnthropicRequestPlan {
  body: AnthropicRequestBody;
  /** Set when the answer comes back as the input of a JSON tool rather than as text. */
  jsonTool: JsonToolPlan | undefined;
  /** Settings left out or changed; `undefined` when every one went out as asked (the common case). */
  warnings: SettingWarning[] | undefined;
}

/**
 * How a JSON schema response format is sent: `tool`, a forced tool whose input is the answer (every
 * Claude model); `native`, `output_config.format`; `auto`, native for the models that have it
 * ({@link supportsNativeStructuredOutput}) and the tool for the others.
 */
export type AnthropicStructuredOutput = 'tool' | 'native' | 'auto';

// `claude-<family>-<major>[-<minor>]`, where a minor has one or two digits (a date suffix is not one).
const claudeVersion = /^claude-(?:opus|sonnet|haiku)-(\d+)(?:-(\d{1,2}))?(?:$|[-@])/;

/**
 * True for the Claude models with native structured outputs (`output_config.format`): Claude 4.5 and
 * later (Sonnet 4.5, Haiku 4.5, Opus 4.5, and newer); older models answer it with a 400.
 */
export function supportsNativeStructuredOutput(model: string): boolean {
  const match = claudeVersion.exec(model);
  if (!match) return false;
  const major = Number(match[1]);
  const minor = match[2] === undefined ? 0 : Number(match[2]);
  return major > 4 || (major === 4 && minor >= 5);
}

/** Settings of the adapter that shape every request. */
export interface AnthropicRequestOptions {
  /** The provider's registered name, for name-keyed `providerOptions`. */
  providerName: string;
  stream: boolean;
  /** `max_tokens` when the request sets none (default {@link DEFAULT_MAX_TOKENS}). */
  defaultMaxTokens?: number;
  /**
   * `tool` (default): a forced tool whose input is the answer; works on every Claude model. `native`:
   * `output_config.format`. `auto`: native where the model has it, else the tool.
   */
  structuredOutput?: AnthropicStructuredOutput;
}

function jsonToolInstruction(name: string): string {
  return `Give your final answer by calling the \`${name}\` tool; do not answer in plain text.`;
}

/**
 * Builds the `POST /messages` body for a request.
 *
 * - `max_tokens` is required by Anthropic: the request's `maxTokens`, else {@link DEFAULT_MAX_TOKENS}
 *   (see `tokenLimits` for how thinking enlarges it).
 * - `reasoning` enables extended thinking with a token budget. Anthropic rejects `temperature` and
 *   `top_k` with thinking, and `top_p` below 0.95, so those are left out rather than failing the call.
 * - Tool choice: `auto`, `required` → `any`, `none`, or one named tool; `parallelToolCalls: false` sets
 *   `disable_parallel_tool_use`.
 * - JSON output (`json`, or `json_schema` with `structuredOutput: 'tool'`) is a tool named `json` whose
 *   input schema is the requested schema (an open object for `json`; a non-object schema is wrapped as
 *   `{ value }`), forced with `tool_choice`. Forcing the tool is what makes it reliable on every model;
 *   the tool's input comes back as the answer text. With the caller's own tools present the model must
 *   call some tool (`any`): one of theirs, or `json` to answer. With thinking, where Anthropic allows
 *   only `auto`, a system instruction asks for the tool instead.
 * - `json_schema` with `structuredOutput: 'native'` (or `auto` on a model that has it) sends
 *   `output_config.format`, with the schema in the form native mode accepts (`toAnthropicOutputSchema`:
 *   `additionalProperties: false` everywhere, unsupported constraints described). A schema native mode
 *   cannot express (a record, recursion) goes through the tool instead.
 * - `seed`, `presencePenalty` and `frequencyPenalty` have no Anthropic equivalent and are not sent.
 * - `providerOptions.anthropic` (and those under the provider's own name) are merged in last.
 *
 * Every setting left out or changed above is reported in the plan's `warnings`, as is a strict schema
 * sent through the tool (whose input Anthropic does not constrain) and JSON output that thinking keeps
 * from being forced.
 */
export function convertToAnthropicRequest(
  request: CompletionRequest,
  options: AnthropicRequestOptions,
): AnthropicRequestPlan {
  const prompt = convertToAnthropicMessages(request.messages);
  const { maxTokens, thinkingBudget } = tokenLimits({
    model: request.model,
    maxTokens: request.maxTokens,
    reasoning: request.reasoning,
    defaultMaxTokens: options.defaultMaxTokens ?? DEFAULT_MAX_TOKENS,
  });
  const body: AnthropicRequestBody = {
    model: request.model,
    max_tokens: maxTokens,
    messages: prompt.messages,
  };
  let system = prompt.system;
  let warnings: SettingWarning[] | undefined;

  if (request.stop && request.stop.length > 0) body.stop_sequences = request.stop;
  if (thinkingBudget === undefined) {
    if (request.temperature !== undefined) body.temperature = request.temperature;
    if (request.topP !== undefined) body.top_p = request.topP;
    if (request.topK !== undefined) body.top_k = request.topK;
  } else {
    body.thinking = { type: 'enabled', budget_tokens: thinkingBudget };
    const requestedBudget = request.reasoning?.budgetTokens;
    if (requestedBudget !== undefined && requestedBudget !== thinkingBudget)
      warnings = addWarning(warnings, budgetChangedWarning(thinkingBudget));
    if (request.temperature !== undefined) warnings = addWarning(warnings, anthropicWarnings.temperature);
    if (request.topP !== undefined) {
      if (request.topP >= 0.95) body.top_p = request.topP;
      else warnings = addWarning(warnings, anthropicWarnings.topP);
    }
    if (request.topK !== undefined) warnings = addWarning(warnings, anthropicWarnings.topK);
  }
  if (request.seed !== undefined) warnings = addWarning(warnings, anthropicWarnings.seed);
  if (request.presencePenalty !== undefined)
    warnings = addWarning(warnings, anthropicWarnings.presencePenalty);
  if (request.frequencyPenalty !== undefined)
    warnings = addWarning(warnings, anthropicWarnings.frequencyPenalty);
  if (request.user !== undefined) body.metadata = { user_id: request.user };

  const tools: AnthropicTool[] = (request.tools ?? []).map((tool) => {
    const converted: AnthropicTool = { name: tool.name, input_schema: tool.parameters };
    if (tool.description !== undefined) converted.description = tool.description;
    return converted;
  });
  const userToolCount = tools.length;
  const format = request.responseFormat;
  let jsonTool: JsonToolPlan | undefined;
  const nativeSchema =
    format?.type === 'json_schema' && wantsNative(options.structuredOutput, request.model)
      ? toAnthropicOutputSchema(format.schema)
      : undefined;
  if (nativeSchema) {
    body.output_config = { format: { type: 'json_schema', schema: nativeSchema } };
  } else if (format && format.type !== 'text') {
    const { tool, plan } = jsonToolFor(format, tools);
    tools.push(tool);
    jsonTool = plan;
    if (format.type === 'json_schema' && format.strict === true)
      warnings = addWarning(warnings, anthropicWarnings.notStrict);
  }

  if (tools.length > 0) {
    body.tools = tools;
    const choice = jsonTool
      ? jsonToolChoice({
          toolChoice: request.toolChoice,
          jsonTool,
          userToolCount,
          thinking: body.thinking !== undefined,
        })
      : userToolChoice(request.toolChoice);
    if (request.parallelToolCalls === false && (choice === undefined || choice.type !== 'none')) {
      body.tool_choice = { ...(choice ?? { type: 'auto' }), disable_parallel_tool_use: true };
    } else if (choice) {
      body.tool_choice = choice;
    }
    if (jsonTool && body.thinking) {
      system = withInstruction(system, jsonToolInstruction(jsonTool.name));
      warnings = addWarning(warnings, anthropicWarnings.jsonWithThinking);
      const asked = request.toolChoice;
      if (asked === 'required' || typeof asked === 'object')
        warnings = addWarning(warnings, anthropicWarnings.toolChoice);
    }
  }
  if (system !== undefined) body.system = system;

  const extra = passThroughOptions(request, 'anthropic', options.providerName);
  if (extra) Object.assign(body, extra);
  if (options.stream) body.stream = true;
  return { body, jsonTool, warnings };
}

function wantsNative(mode: AnthropicStructuredOutput | undefined, model: string): boolean {
  return mode === 'native' || (mode === 'auto' && supportsNativeStructuredOutput(model));
}

function userToolChoice(choice: ToolChoice | undefined): AnthropicToolChoice | undefined {
  if (choice === undefined) return undefined;
  if (choice === 'auto') return { type: 'auto' };
  if (choice === 'required') return { type: 'any' };
  if (choice === 'none') return { type: 'none' };
  return { type: 'tool', name: choice.name };
}

function jsonToolChoice(options: {
  toolChoice: ToolChoice | undefined;
  jsonTool: JsonToolPlan;
  userToolCount: number;
  thinking: boolean;
}): AnthropicToolChoice {
  // Anthropic rejects forced tool use while thinking.
  if (options.thinking) return { type: 'auto' };
  const choice = options.toolChoice;
  if (typeof choice === 'object') return { type: 'tool', name: choice.name };
  if (options.userToolCount === 0 || choice === 'none') return { type: 'tool', name: options.jsonTool.name };
  return { type: 'any' };
}

function jsonToolFor(
  format: Exclude<ResponseFormat, { type: 'text' }>,
  tools: readonly AnthropicTool[],
): { tool: AnthropicTool; plan: JsonToolPlan } {
  let name = 'json';
  for (let suffix = 1; tools.some((tool) => tool.name === name); suffix++) name = `json_${suffix}`;
  if (format.type === 'json') {
    return {
      tool: { name, description: 'Respond with a JSON object.', input_schema: { type: 'object' } },
      plan: { name, unwrap: false },
    };
  }
  const unwrap = !isObjectSchema(format.schema);
  const inputSchema: JsonSchema = unwrap
    ? {
        type: 'object',
        properties: { value: format.schema },
        required: ['value'],
        additionalProperties: false,
      }
    : format.schema;
  return {
    tool: {
      name,
      description: format.description ?? 'Respond with JSON that matches this schema.',
      input_schema: inputSchema,
    },
    plan: { name, unwrap },
  };
}

function isObjectSchema(schema: JsonSchema): boolean {
  return schema.type === 'object' || (schema.type === undefined && typeof schema.properties === 'object');
}

function withInstruction(
  system: string | AnthropicTextBlock[] | undefined,
  instruction: string,
): string | AnthropicTextBlock[] {
  if (system === undefined) return instruction;
  const blocks: AnthropicTextBlock[] =
    typeof system === 'string' ? [{ type: 'text', text: system }] : [...system];
  blocks.push({ type: 'text', text: instruction });
  return blocks;
}
