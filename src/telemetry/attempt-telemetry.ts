import { type Attributes, type Context, type Span, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { Attempt } from '../types/attempt.js';
import type { AttemptObserver, AttemptResult, AttemptStart } from '../types/instrumentation.js';
import type { CompletionResponse } from '../types/response.js';
import type { Usage } from '../types/usage.js';
import { convertToOutputMessages } from './convert-to-gen-ai-messages.js';
import { convertToRequestAttributes } from './convert-to-request-attributes.js';
import {
  GEN_AI_ATTRIBUTES,
  GEN_AI_OPERATION_CHAT,
  GENERAL_ATTRIBUTES,
  ROUTER_ATTRIBUTES,
  SPAN_NAMES,
} from './gen-ai-names.js';
import type { TelemetrySettings } from './telemetry-settings.js';

/** What an attempt tells the call it belongs to when it ends. */
export interface AttemptReport {
  attemptEnded(attempt: AttemptTelemetry, record: Attempt): void;
}

/**
 * One attempt: a CLIENT span `chat {model}` under the call span, and the GenAI metrics of one provider
 * request. A successful attempt's span stays open until the call ends when content capture is on, so
 * the response's content (which only the call's outcome carries) can go on it; its end time is still
 * the attempt's own.
 */
export class AttemptTelemetry implements AttemptObserver {
  readonly span: Span;
  /** Attributes every metric of this attempt carries (operation, provider, request model, server). */
  private readonly metricAttributes: Attributes | undefined;
  private previousChunkAt: number | undefined;
  private chunkGaps: number[] | undefined;
  private endTime: number | undefined;

  constructor(
    private readonly settings: TelemetrySettings,
    private readonly report: AttemptReport,
    options: { start: AttemptStart; parent: Context; streaming: boolean; inputMessages: () => string },
  ) {
    const { start } = options;
    const server = settings.server(start.provider);
    // The attributes a sampler may decide on go in at start; the rest only when the span records.
    const identity: Attributes = {
      [GEN_AI_ATTRIBUTES.operationName]: GEN_AI_OPERATION_CHAT,
      [settings.providerAttribute]: settings.genAiProvider(start.provider),
      [GEN_AI_ATTRIBUTES.requestModel]: start.model,
    };
    if (server) {
      identity[GENERAL_ATTRIBUTES.serverAddress] = server.address;
      identity[GENERAL_ATTRIBUTES.serverPort] = server.port;
    }
    this.span = settings.tracer.startSpan(
      SPAN_NAMES.attemptPrefix + start.model,
      { kind: SpanKind.CLIENT, attributes: identity },
      options.parent,
    );
    if (this.span.isRecording()) {
      this.span.setAttributes(convertToRequestAttributes(start.request));
      this.span.setAttribute(GEN_AI_ATTRIBUTES.requestStream, options.streaming);
      this.span.setAttribute(ROUTER_ATTRIBUTES.provider, start.provider);
      if (start.member !== undefined) this.span.setAttribute(ROUTER_ATTRIBUTES.member, start.member);
      this.span.setAttribute(ROUTER_ATTRIBUTES.attemptOrdinal, start.ordinal);
      this.span.setAttribute(ROUTER_ATTRIBUTES.attemptReason, start.reason);
      if (settings.captureContent)
        this.span.setAttribute(GEN_AI_ATTRIBUTES.inputMessages, options.inputMessages());
    }
    this.metricAttributes = settings.instruments.enabled ? identity : undefined;
  }

  /**
   * A stream's content part arrived (every one, the first included). Feeds the time-per-output-chunk
   * metric. `AttemptObserver` has no per-part callback yet, so the router does not call this; once it
   * calls `chunk()` for every content part, the metric fills in with no change here.
   */
  chunk(): void {
    if (!this.metricAttributes) return;
    const now = performance.now();
    const previous = this.previousChunkAt;
    this.previousChunkAt = now;
    if (previous === undefined) return;
    if (this.chunkGaps) this.chunkGaps.push(now - previous);
    else this.chunkGaps = [now - previous];
  }

  ended(record: Attempt, result: AttemptResult): void {
    // A performance.now() reading: the SDK maps it onto the span's own clock, so the end can never land
    // before the start or after the parent through wall-clock drift.
    this.endTime = performance.now();
    const span = this.span;
    if (span.isRecording()) {
      span.setAttribute(ROUTER_ATTRIBUTES.attemptOutcome, record.outcome);
      if (result.responseModel !== undefined)
        span.setAttribute(GEN_AI_ATTRIBUTES.responseModel, result.responseModel);
      if (result.responseId !== undefined) span.setAttribute(GEN_AI_ATTRIBUTES.responseId, result.responseId);
      if (result.finishReason)
        span.setAttribute(GEN_AI_ATTRIBUTES.responseFinishReasons, [result.finishReason.unified]);
      if (result.usage) span.setAttributes(usageAttributes(result.usage));
      if (record.timeToFirstContentMs !== undefined) {
        span.setAttribute(GEN_AI_ATTRIBUTES.responseTimeToFirstChunk, record.timeToFirstContentMs / 1000);
      }
      if (record.cost) span.setAttribute(ROUTER_ATTRIBUTES.costUsd, record.cost.usd);
      const error = result.error;
      if (error) {
        span.setAttribute(GENERAL_ATTRIBUTES.errorType, error.kind);
        if (error.status !== undefined)
          span.setAttribute(GENERAL_ATTRIBUTES.httpResponseStatusCode, error.status);
        span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
      }
    }
    this.recordMetrics(record, result);
    this.report.attemptEnded(this, record);
    if (!(this.settings.captureContent && record.outcome === 'success')) span.end(this.endTime);
  }

  /** Ends a span kept open for the response content, at the attempt's own end time. */
  finish(response: CompletionResponse | undefined): void {
    if (response && this.span.isRecording()) {
      this.span.setAttribute(
        GEN_AI_ATTRIBUTES.outputMessages,
        convertToOutputMessages(response, this.settings.maxContentChars),
      );
    }
    this.span.end(this.endTime);
  }

  private recordMetrics(record: Attempt, result: AttemptResult): void {
    const base = this.metricAttributes;
    if (!base) return;
    const instruments = this.settings.instruments;
    const attributes: Attributes = { ...base };
    if (result.responseModel !== undefined)
      attributes[GEN_AI_ATTRIBUTES.responseModel] = result.responseModel;
    if (result.error) attributes[GENERAL_ATTRIBUTES.errorType] = result.error.kind;
    instruments.operationDuration.record(record.latencyMs / 1000, attributes);
    if (record.timeToFirstContentMs !== undefined) {
      instruments.timeToFirstChunk.record(record.timeToFirstContentMs / 1000, attributes);
    }
    for (const gap of this.chunkGaps ?? []) instruments.timePerOutputChunk.record(gap / 1000, attributes);
    const usage = result.usage;
    if (usage?.inputTokens !== undefined) {
      instruments.tokenUsage.record(usage.inputTokens, {
        ...attributes,
        [GEN_AI_ATTRIBUTES.tokenType]: 'input',
      });
    }
    if (usage?.outputTokens !== undefined) {
      instruments.tokenUsage.record(usage.outputTokens, {
        ...attributes,
        [GEN_AI_ATTRIBUTES.tokenType]: 'output',
      });
    }
    // Each recording gets its own attribute object: the SDK may keep the one it is handed.
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
}

function usageAttributes(usage: Usage): Attributes {
  const attributes: Attributes = {};
  if (usage.inputTokens !== undefined) attributes[GEN_AI_ATTRIBUTES.usageInputTokens] = usage.inputTokens;
  if (usage.outputTokens !== undefined) attributes[GEN_AI_ATTRIBUTES.usageOutputTokens] = usage.outputTokens;
  if (usage.cachedInputTokens !== undefined) {
    attributes[GEN_AI_ATTRIBUTES.usageCacheReadInputTokens] = usage.cachedInputTokens;
  }
  if (usage.cacheWriteTokens !== undefined) {
    attributes[GEN_AI_ATTRIBUTES.usageCacheCreationInputTokens] = usage.cacheWriteTokens;
  }
  if (usage.reasoningTokens !== undefined) {
    attributes[GEN_AI_ATTRIBUTES.usageReasoningOutputTokens] = usage.reasoningTokens;
  }
  return attributes;
}
