import type { Attributes, Context, Span } from '@opentelemetry/api';
import type { Attempt } from '../types/attempt.js';
import type { AttemptObserver, AttemptResult, AttemptStart } from '../types/instrumentation.js';
import type { CompletionResponse } from '../types/response.js';
import type { Usage } from '../types/usage.js';
import { convertToOutputMessages } from './convert-to-gen-ai-messages.js';
import { convertToRequestAttributes } from './convert-to-request-attributes.js';
import { GEN_AI_ATTRIBUTES, GEN_AI_OPERATION_CHAT, SPAN_NAMES } from './gen-ai-names.js';
import {
  describeAttemptEnd,
  endedAttemptAttributes,
  recordAttemptMetrics,
  startAttemptSpan,
} from './shared-attempt-telemetry.js';
import type { TelemetrySettings } from './telemetry-settings.js';

/** What an attempt tells the call it belongs to when it ends. */
export interface AttemptReport {
  /**
   * An attempt ended. `awaiting` is a completion attempt whose span stays open for the response's
   * content (content capture on and the attempt served); the call ends it with {@link AttemptTelemetry.finish}.
   */
  attemptEnded(record: Attempt, awaiting?: AttemptTelemetry): void;
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
    const started = startAttemptSpan(settings, {
      operation: GEN_AI_OPERATION_CHAT,
      spanName: SPAN_NAMES.attemptPrefix + start.model,
      start,
      parent: options.parent,
    });
    this.span = started.span;
    if (this.span.isRecording()) {
      this.span.setAttributes(convertToRequestAttributes(start.request));
      this.span.setAttribute(GEN_AI_ATTRIBUTES.requestStream, options.streaming);
      if (settings.captureContent)
        this.span.setAttribute(GEN_AI_ATTRIBUTES.inputMessages, options.inputMessages());
    }
    this.metricAttributes = settings.instruments.enabled ? started.identity : undefined;
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
      describeAttemptEnd(span, record, result);
      if (result.responseId !== undefined) span.setAttribute(GEN_AI_ATTRIBUTES.responseId, result.responseId);
      if (result.finishReason)
        span.setAttribute(GEN_AI_ATTRIBUTES.responseFinishReasons, [result.finishReason.unified]);
      if (result.usage) span.setAttributes(usageAttributes(result.usage));
      if (record.timeToFirstContentMs !== undefined) {
        span.setAttribute(GEN_AI_ATTRIBUTES.responseTimeToFirstChunk, record.timeToFirstContentMs / 1000);
      }
    }
    this.recordMetrics(record, result);
    if (this.settings.captureContent && record.outcome === 'success') this.report.attemptEnded(record, this);
    else {
      this.report.attemptEnded(record);
      span.end(this.endTime);
    }
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
    const attributes = endedAttemptAttributes(base, result);
    recordAttemptMetrics(this.settings, {
      record,
      attributes,
      tokens: { input: result.usage?.inputTokens, output: result.usage?.outputTokens },
    });
    if (record.timeToFirstContentMs !== undefined) {
      instruments.timeToFirstChunk.record(record.timeToFirstContentMs / 1000, attributes);
    }
    for (const gap of this.chunkGaps ?? []) instruments.timePerOutputChunk.record(gap / 1000, attributes);
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
