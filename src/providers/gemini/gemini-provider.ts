import { apiKeyFromEnv, requireApiKey } from '../../http/api-key.js';
import type { CallTarget } from '../../http/post-json.js';
import type { ResponseParts } from '../../types/create-response.js';
import type { ReasoningBlock, ToolCall } from '../../types/message.js';
import type { Provider } from '../../types/provider.js';
import type { FinishPart, StreamPart } from '../../types/stream-part.js';
import { allCapabilities } from '../shared/capabilities.js';
import { contextWindowLookup } from '../shared/context-window-table.js';
import { createEmbed } from '../shared/embed-call.js';
import { createHttpProvider, type WirePlan } from '../shared/http-provider.js';
import type { HttpProviderOptions } from '../shared/http-provider-options.js';
import { passThroughOptions } from '../shared/provider-options.js';
import { planGeminiRequest } from './convert-to-gemini-request.js';
import { geminiContextWindows } from './gemini-context-windows.js';
import { convertToGeminiEmbeddingBody, geminiModelPath, readGeminiEmbeddings } from './gemini-embeddings.js';
import { readGeminiError } from './gemini-errors.js';
import { GeminiStreamDecoder } from './gemini-stream.js';

/** Options of {@link gemini}. */
export interface GeminiOptions extends HttpProviderOptions {
  /** Gemini API key, sent in the `x-goog-api-key` header (never in the URL). */
  apiKey: string;
  /** API root including the version segment. Default `https://generativelanguage.googleapis.com/v1beta`. */
  baseURL?: string;
}

/** Environment variables `gemini.fromEnv()` reads, in order. */
export const GEMINI_API_KEY_VARIABLES = ['GEMINI_API_KEY', 'GOOGLE_GENERATIVE_AI_API_KEY'] as const;

const defaultBaseURL = 'https://generativelanguage.googleapis.com/v1beta';
const defaultModels = [
  'gemini-2.5-flash',
  'gemini-2.5-pro',
  'gemini-2.5-flash-lite',
  'gemini-3-pro-preview',
] as const;
const capabilities = allCapabilities;
const windowOfModel = contextWindowLookup(geminiContextWindows);
// A model may be given as its resource name (`models/gemini-2.5-pro`).
const geminiContextWindow = (model: string) =>
  windowOfModel(model.startsWith('models/') ? model.slice('models/'.length) : model);
/**
 * The Google Gemini API (`generateContent` / `streamGenerateContent`) as a {@link Provider}, with
 * embeddings through `embedContent` (one text) and `batchEmbedContents` (several).
 *
 * A model given as `models/xyz` (or any resource name such as `tunedModels/xyz`) is used as the path as
 * is; a bare name gets the `models/` prefix.
 *
 * @example
 * import { gemini } from 'llmrouter/providers';
 *
 * const provider = gemini({ apiKey: process.env.GEMINI_API_KEY! });
 * const response = await provider.complete({
 *   model: 'gemini-2.5-flash',
 *   messages: [{ role: 'user', content: 'Say hi' }],
 * });
 * console.log(response.text);
 */
export function gemini(options: GeminiOptions): Provider {
  const name = options.name ?? 'gemini';
  const apiKey = requireApiKey(options.apiKey, name, GEMINI_API_KEY_VARIABLES);
  const root = (options.baseURL ?? defaultBaseURL).replace(/\/+$/, '');
  const headers = Object.freeze({
    'content-type': 'application/json',
    'x-goog-api-key': apiKey,
    ...options.headers,
  });
  const provider = createHttpProvider<WirePlan>({
    name,
    models: options.models ?? defaultModels,
    capabilities,
    tags: options.tags,
    contextWindow: geminiContextWindow,
    headers,
    secret: apiKey,
    fetch: options.fetch,
    readErrorBody: readGeminiError,
    urlsFor(model) {
      const base = `${root}/${geminiModelPath(model)}`;
      return { complete: `${base}:generateContent`, stream: `${base}:streamGenerateContent?alt=sse` };
    },
    prepare(request, call) {
      const plan = planGeminiRequest(request, passThroughOptions(request, 'gemini', name));
      return { body: plan.body, target: call.target, warnings: plan.warnings };
    },
    readResponse: readGeminiResponse,
    createDecoder: (plan) => new GeminiStreamDecoder(plan.target),
  });
  provider.embed = createEmbed({
    name,
    headers,
    secret: apiKey,
    fetch: options.fetch,
    readErrorBody: readGeminiError,
    urlFor: (model, batch) =>
      `${root}/${geminiModelPath(model)}:${batch ? 'batchEmbedContents' : 'embedContent'}`,
    toBody: (request) => convertToGeminiEmbeddingBody(request, passThroughOptions(request, 'gemini', name)),
    readResponse: (payload, request) => readGeminiEmbeddings(payload, request, name),
  });
  return provider;
}

/**
 * A Gemini provider with its key from `GEMINI_API_KEY` (or `GOOGLE_GENERATIVE_AI_API_KEY`). A missing
 * key throws a `ConfigurationError` naming the variables.
 *
 * @example
 * const provider = gemini.fromEnv({ models: ['gemini-2.5-pro'] });
 */
gemini.fromEnv = (overrides: Partial<GeminiOptions> = {}): Provider =>
  gemini({
    ...overrides,
    apiKey: overrides.apiKey ?? apiKeyFromEnv(GEMINI_API_KEY_VARIABLES, overrides.name ?? 'gemini'),
  });

/** A whole `:generateContent` body is one chunk to the stream decoder, collected into a response. */
function readGeminiResponse(payload: unknown, plan: WirePlan): ResponseParts {
  const decoder = new GeminiStreamDecoder(plan.target);
  const parts: StreamPart[] = [];
  decoder.pushChunk(payload, parts);
  decoder.end(parts);
  // end() appends the finish part last.
  const finish = parts.pop() as FinishPart;
  return collect({ parts, finish, target: plan.target });
}

/** The response the parts of a whole answer make. */
function collect(options: { parts: StreamPart[]; finish: FinishPart; target: CallTarget }): ResponseParts {
  const { parts, finish, target } = options;
  const text: string[] = [];
  const toolCalls: ToolCall[] = [];
  const reasoning: ReasoningBlock[] = [];
  for (const part of parts) {
    if (part.type === 'text-delta') text.push(part.text);
    else if (part.type === 'tool-call') toolCalls.push(part.toolCall);
    else if (part.type === 'reasoning-end') reasoning.push(part.block);
  }
  return {
    id: finish.id ?? '',
    provider: target.provider,
    model: finish.model ?? target.model,
    content: text.length > 0 ? text.join('') : toolCalls.length > 0 ? null : '',
    toolCalls,
    reasoning,
    finishReason: finish.finishReason,
    usage: finish.usage,
  };
}
