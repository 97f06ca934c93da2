import type { CompletionRequest, ReasoningOptions } from '../../types/request.js';
import type { ToolChoice } from '../../types/tool.js';
import type { SettingWarning } from '../../types/warning.js';
import { addWarning, asksForSeveralCandidates, fixedWarning } from '../shared/setting-warnings.js';
import type { GeminiGenerationConfig, GeminiRequestBody } from './api-types.js';
import { convertToGeminiContents } from './convert-to-gemini-contents.js';
import { toGeminiOpenApiSchema } from './convert-to-gemini-openapi-schema.js';
import { toGeminiResponseJsonSchema } from './convert-to-gemini-response-schema.js';

// Effort without a budget: budgets every current thinking model accepts (2.5 Flash-Lite's floor is 512,
// Flash's ceiling 24576), so one table serves them all.
const effortBudgets: Readonly<Record<NonNullable<ReasoningOptions['effort']>, number>> = {
  minimal: 512,
  low: 1_024,
  medium: 8_192,
  high: 24_576,
};

// Models before Gemini 2.5 have no `responseJsonSchema`, only the OpenAPI-subset `responseSchema`.
const openApiSchemaModels = /^(?:models\/)?gemini-(?:1\.|2\.0|pro\b)/;

const geminiWarnings = Object.freeze({
  parallelToolCalls: fixedWarning(
    'parallelToolCalls',
    'dropped',
    'Gemini has no switch for parallel function calls; the model may still make several',
  ),
  user: fixedWarning('user', 'dropped', 'Gemini has no end-user field; not sent'),
  candidateCount: fixedWarning(
    'providerOptions.generationConfig.candidateCount',
    'unsupported',
    'a response carries one candidate; Gemini generates (and bills) the others, which are discarded',
  ),
});

/** A Gemini body plus the settings it could not carry as the request asked. */
export interface GeminiRequestPlan {
  body: GeminiRequestBody;
  /** `undefined` when every setting went out as asked, which is the common case. */
  warnings: SettingWarning[] | undefined;
}

/** The generation config with `responseSchema`, which only the models before Gemini 2.5 are sent. */
type GenerationConfigWithSchema = GeminiGenerationConfig & { responseSchema?: Record<string, unknown> };

/**
 * Builds the body of `:generateContent` / `:streamGenerateContent` from a request.
 *
 * `generationConfig` carries the sampling fields, JSON output (`responseMimeType`, plus
 * `responseJsonSchema` for a schema, in the subset Gemini documents (`toGeminiResponseJsonSchema`); for
 * models before 2.5, `responseSchema` in the OpenAPI subset instead (`toGeminiOpenApiSchema`)) and
 * `thinkingConfig` (`thinkingBudget` from `budgetTokens`, or from `effort` through a fixed table;
 * `includeThoughts` so reasoning is visible). Tools are sent as
 * `functionDeclarations` with `parametersJsonSchema`; `toolChoice` becomes
 * `toolConfig.functionCallingConfig` (`required` is `ANY`; a named tool is `ANY` restricted to it).
 *
 * `passThrough` (from `providerOptions`) is merged last over the top level; its `generationConfig`
 * merges over ours field by field, so `{ generationConfig: { thinkingConfig: {...} } }` replaces only the
 * thinking config. Gemini has no parallel-tool-call switch and no end-user field: `parallelToolCalls` and
 * `user` are not sent.
 *
 * @example
 * convertToGeminiRequest({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'Hi' }], maxTokens: 100 });
 * // { contents: [{ role: 'user', parts: [{ text: 'Hi' }] }], generationConfig: { maxOutputTokens: 100 } }
 */
export function convertToGeminiRequest(
  request: CompletionRequest,
  passThrough?: Record<string, unknown>,
): GeminiRequestBody {
  return planGeminiRequest(request, passThrough).body;
}

/**
 * {@link convertToGeminiRequest}, plus a warning for each setting Gemini cannot take as asked:
 * `parallelToolCalls: false` and `user`, which have no field, and a pass-through `candidateCount`
 * above 1 (only the first candidate is read).
 */
export function planGeminiRequest(
  request: CompletionRequest,
  passThrough?: Record<string, unknown>,
): GeminiRequestPlan {
  let warnings: SettingWarning[] | undefined;
  // `true` asks for what Gemini does anyway; only `false` goes unhonoured.
  if (request.parallelToolCalls === false) warnings = addWarning(warnings, geminiWarnings.parallelToolCalls);
  if (request.user !== undefined) warnings = addWarning(warnings, geminiWarnings.user);
  const { systemInstruction, contents } = convertToGeminiContents(request.messages);
  const body: GeminiRequestBody = { contents };
  if (systemInstruction) body.systemInstruction = systemInstruction;
  if (request.tools && request.tools.length > 0) {
    body.tools = [
      {
        functionDeclarations: request.tools.map((tool) =>
          tool.description === undefined
            ? { name: tool.name, parametersJsonSchema: tool.parameters }
            : { name: tool.name, description: tool.description, parametersJsonSchema: tool.parameters },
        ),
      },
    ];
  }
  if (request.toolChoice !== undefined)
    body.toolConfig = { functionCallingConfig: functionCalling(request.toolChoice) };
  const generationConfig = generationConfigOf(request);
  if (generationConfig) body.generationConfig = generationConfig;
  if (!passThrough) return { body, warnings };
  const extra = passThrough.generationConfig as { candidateCount?: unknown } | undefined;
  if (asksForSeveralCandidates(extra?.candidateCount))
    warnings = addWarning(warnings, geminiWarnings.candidateCount);
  return { body: mergePassThrough(body, passThrough), warnings };
}

function functionCalling(
  choice: ToolChoice,
): NonNullable<GeminiRequestBody['toolConfig']>['functionCallingConfig'] {
  switch (choice) {
    case 'auto':
      return { mode: 'AUTO' };
    case 'none':
      return { mode: 'NONE' };
    case 'required':
      return { mode: 'ANY' };
    default:
      return { mode: 'ANY', allowedFunctionNames: [choice.name] };
  }
}

function generationConfigOf(request: CompletionRequest): GeminiGenerationConfig | undefined {
  const config: GenerationConfigWithSchema = {};
  if (request.maxTokens !== undefined) config.maxOutputTokens = request.maxTokens;
  if (request.temperature !== undefined) config.temperature = request.temperature;
  if (request.topP !== undefined) config.topP = request.topP;
  if (request.topK !== undefined) config.topK = request.topK;
  if (request.stop !== undefined && request.stop.length > 0) config.stopSequences = request.stop;
  if (request.seed !== undefined) config.seed = request.seed;
  if (request.presencePenalty !== undefined) config.presencePenalty = request.presencePenalty;
  if (request.frequencyPenalty !== undefined) config.frequencyPenalty = request.frequencyPenalty;
  const format = request.responseFormat;
  if (format?.type === 'json') config.responseMimeType = 'application/json';
  if (format?.type === 'json_schema') {
    config.responseMimeType = 'application/json';
    if (openApiSchemaModels.test(request.model)) config.responseSchema = toGeminiOpenApiSchema(format.schema);
    else config.responseJsonSchema = toGeminiResponseJsonSchema(format.schema);
  }
  const reasoning = request.reasoning;
  if (reasoning) {
    const budget = reasoning.budgetTokens ?? (reasoning.effort ? effortBudgets[reasoning.effort] : undefined);
    config.thinkingConfig =
      budget === undefined ? { includeThoughts: true } : { thinkingBudget: budget, includeThoughts: true };
  }
  return Object.keys(config).length > 0 ? config : undefined;
}

function mergePassThrough(body: GeminiRequestBody, passThrough: Record<string, unknown>): GeminiRequestBody {
  const merged: GeminiRequestBody = { ...body, ...passThrough };
  const extra = passThrough.generationConfig;
  if (body.generationConfig && typeof extra === 'object' && extra !== null && !Array.isArray(extra)) {
    merged.generationConfig = { ...body.generationConfig, ...(extra as GeminiGenerationConfig) };
  }
  return merged;
}
