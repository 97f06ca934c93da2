import type { CompletionRequest } from '../types/request.js';
import { GEN_AI_ATTRIBUTES } from './gen-ai-names.js';

/** Span attribute values llmrouter emits. */
export type TelemetryAttributeValue = string | number | boolean | string[];

/** A flat set of span or metric attributes. */
export type TelemetryAttributes = Record<string, TelemetryAttributeValue>;

/**
 * The request settings as GenAI span attributes: only the settings the caller set, so a span never
 * claims a default the provider may not apply. Content (messages, tools) is never part of this.
 */
export function convertToRequestAttributes(request: CompletionRequest): TelemetryAttributes {
  const attributes: TelemetryAttributes = {};
  if (request.maxTokens !== undefined) attributes[GEN_AI_ATTRIBUTES.requestMaxTokens] = request.maxTokens;
  if (request.temperature !== undefined)
    attributes[GEN_AI_ATTRIBUTES.requestTemperature] = request.temperature;
  if (request.topP !== undefined) attributes[GEN_AI_ATTRIBUTES.requestTopP] = request.topP;
  if (request.topK !== undefined) attributes[GEN_AI_ATTRIBUTES.requestTopK] = request.topK;
  if (request.stop !== undefined && request.stop.length > 0) {
    attributes[GEN_AI_ATTRIBUTES.requestStopSequences] = [...request.stop];
  }
  if (request.seed !== undefined) attributes[GEN_AI_ATTRIBUTES.requestSeed] = request.seed;
  if (request.presencePenalty !== undefined) {
    attributes[GEN_AI_ATTRIBUTES.requestPresencePenalty] = request.presencePenalty;
  }
  if (request.frequencyPenalty !== undefined) {
    attributes[GEN_AI_ATTRIBUTES.requestFrequencyPenalty] = request.frequencyPenalty;
  }
  const format = request.responseFormat?.type;
  if (format !== undefined) attributes[GEN_AI_ATTRIBUTES.outputType] = format === 'text' ? 'text' : 'json';
  return attributes;
}
