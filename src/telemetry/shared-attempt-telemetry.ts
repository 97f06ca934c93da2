import { type Attributes, type Context, type Span, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { Attempt } from '../types/attempt.js';
import type { AttemptResult, AttemptStart } from '../types/instrumentation.js';
import { GEN_AI_ATTRIBUTES, GENERAL_ATTRIBUTES, ROUTER_ATTRIBUTES } from './gen-ai-names.js';
import type { TelemetrySettings } from './telemetry-settings.js';

/** An attempt's span as it starts, and the attributes its metrics carry. */
export interface StartedAttemptSpan {
  span: Span;
  /** Operation, provider, request model and server: the attributes every metric of the attempt carries. */
  identity: Attributes;
}

/**
 * Starts the CLIENT span of one attempt of either kind (`chat {model}`, `embeddings {model}`) under the
 * call span, with what a sampler may decide on at start (the GenAI identity) and, when it records, the
 * router's attributes (provider name, member, ordinal, reason).
 */
export function startAttemptSpan(
  settings: TelemetrySettings,
  options: { operation: string; spanName: string; start: AttemptStart<unknown>; parent: Context },
): StartedAttemptSpan {
  const { start } = options;
  const server = settings.server(start.provider);
  const identity: Attributes = {
    [GEN_AI_ATTRIBUTES.operationName]: options.operation,
    [settings.providerAttribute]: settings.genAiProvider(start.provider),
    [GEN_AI_ATTRIBUTES.requestModel]: start.model,
  };
  if (server) {
    identity[GENERAL_ATTRIBUTES.serverAddress] = server.address;
    identity[GENERAL_ATTRIBUTES.serverPort] = server.port;
  }
  const span = settings.tracer.startSpan(
    options.spanName,
    { kind: SpanKind.CLIENT, attributes: identity },
    options.parent,
  );
  if (span.isRecording()) {
    span.setAttribute(ROUTER_ATTRIBUTES.provider, start.provider);
    if (start.member !== undefined) span.setAttribute(ROUTER_ATTRIBUTES.member, start.member);
    span.setAttribute(ROUTER_ATTRIBUTES.attemptOrdinal, start.ordinal);
    span.setAttribute(ROUTER_ATTRIBUTES.attemptReason, start.reason);
  }
  return { span, identity };
}

/** What every attempt span says when the attempt ends: outcome, response model, cost, error. */
export function describeAttemptEnd(span: Span, record: Attempt, result: AttemptResult): void {
  span.setAttribute(ROUTER_ATTRIBUTES.attemptOutcome, record.outcome);
  if (result.responseModel !== undefined)
    span.setAttribute(GEN_AI_ATTRIBUTES.responseModel, result.responseModel);
  if (record.cost) span.setAttribute(ROUTER_ATTRIBUTES.costUsd, record.cost.usd);
  const error = result.error;
  if (error) {
    span.setAttribute(GENERAL_ATTRIBUTES.errorType, error.kind);
    if (error.status !== undefined)
      span.setAttribute(GENERAL_ATTRIBUTES.httpResponseStatusCode, error.status);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
  }
}

/** The attempt's metric attributes once it ended: its identity, the response model, the error kind. */
export function endedAttemptAttributes(identity: Attributes, result: AttemptResult): Attributes {
  const attributes: Attributes = { ...identity };
  if (result.responseModel !== undefined) attributes[GEN_AI_ATTRIBUTES.responseModel] = result.responseModel;
  if (result.error) attributes[GENERAL_ATTRIBUTES.errorType] = result.error.kind;
  return attributes;
}

/**
 * The metrics every attempt records: `gen_ai.client.operation.duration`, `gen_ai.client.token.usage`
 * for the token counts given (an embedding has input tokens only), and `llmrouter.cost` and
 * `llmrouter.attempts`.
 */
export function recordAttemptMetrics(
  settings: TelemetrySettings,
  options: {
    record: Attempt;
    attributes: Attributes;
    tokens: { input: number | undefined; output?: number | undefined };
  },
): void {
  const { record, attributes, tokens } = options;
  const instruments = settings.instruments;
  instruments.operationDuration.record(record.latencyMs / 1000, attributes);
  // Each recording gets its own attribute object: the SDK may keep the one it is handed.
  if (tokens.input !== undefined) {
    instruments.tokenUsage.record(tokens.input, { ...attributes, [GEN_AI_ATTRIBUTES.tokenType]: 'input' });
  }
  if (tokens.output !== undefined) {
    instruments.tokenUsage.record(tokens.output, { ...attributes, [GEN_AI_ATTRIBUTES.tokenType]: 'output' });
  }
  if (record.cost) {
    instruments.cost.add(record.cost.usd, {
      [ROUTER_ATTRIBUTES.provider]: record.provider,
      [ROUTER_ATTRIBUTES.model]: record.model,
    });
  }
  const attemptAttributes: Attributes = {
    [ROUTER_ATTRIBUTES.provider]: record.provider,
    [ROUTER_ATTRIBUTES.model]: record.model,
    [ROUTER_ATTRIBUTES.attemptReason]: record.reason,
    [ROUTER_ATTRIBUTES.attemptOutcome]: record.outcome,
  };
  if (record.errorKind !== undefined) attemptAttributes[GENERAL_ATTRIBUTES.errorType] = record.errorKind;
  if (record.member !== undefined) attemptAttributes[ROUTER_ATTRIBUTES.member] = record.member;
  instruments.attempts.add(1, attemptAttributes);
}
