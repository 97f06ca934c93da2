import type { Attributes, Context, Span } from '@opentelemetry/api';
import type { Attempt } from '../types/attempt.js';
import type { EmbeddingRequest } from '../types/embedding.js';
import type { AttemptObserver, AttemptResult, AttemptStart } from '../types/instrumentation.js';
import type { AttemptReport } from './attempt-telemetry.js';
import { GEN_AI_ATTRIBUTES, GEN_AI_OPERATION_EMBEDDINGS, SPAN_NAMES } from './gen-ai-names.js';
import {
  describeAttemptEnd,
  endedAttemptAttributes,
  recordAttemptMetrics,
  startAttemptSpan,
} from './shared-attempt-telemetry.js';
import type { TelemetrySettings } from './telemetry-settings.js';

/**
 * One attempt of an embedding call: a CLIENT span `embeddings {model}` under the call span, with the
 * conventions' embeddings attributes (operation `embeddings`, provider, request and response model,
 * `gen_ai.embeddings.dimension.count` when the request set `dimensions`, input tokens, `error.type`),
 * and the GenAI metrics of one provider request (duration, input token usage). Input texts are never
 * recorded, content capture or not: the conventions define no attribute for them.
 */
export class EmbeddingAttemptTelemetry implements AttemptObserver {
  private readonly span: Span;
  /** Attributes every metric of this attempt carries (operation, provider, request model, server). */
  private readonly metricAttributes: Attributes | undefined;

  constructor(
    private readonly settings: TelemetrySettings,
    private readonly report: AttemptReport,
    options: { start: AttemptStart<EmbeddingRequest>; parent: Context },
  ) {
    const { start } = options;
    const started = startAttemptSpan(settings, {
      operation: GEN_AI_OPERATION_EMBEDDINGS,
      spanName: SPAN_NAMES.embeddingAttemptPrefix + start.model,
      start,
      parent: options.parent,
    });
    this.span = started.span;
    const dimensions = start.request.dimensions;
    if (dimensions !== undefined && this.span.isRecording()) {
      this.span.setAttribute(GEN_AI_ATTRIBUTES.embeddingsDimensionCount, dimensions);
    }
    this.metricAttributes = settings.instruments.enabled ? started.identity : undefined;
  }

  ended(record: Attempt, result: AttemptResult): void {
    const endTime = performance.now();
    const span = this.span;
    const inputTokens = result.usage?.inputTokens;
    if (span.isRecording()) {
      describeAttemptEnd(span, record, result);
      if (inputTokens !== undefined) span.setAttribute(GEN_AI_ATTRIBUTES.usageInputTokens, inputTokens);
    }
    if (this.metricAttributes) {
      recordAttemptMetrics(this.settings, {
        record,
        attributes: endedAttemptAttributes(this.metricAttributes, result),
        tokens: { input: inputTokens },
      });
    }
    this.report.attemptEnded(record);
    span.end(endTime);
  }
}
