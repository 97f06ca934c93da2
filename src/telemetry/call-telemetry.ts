import {
  type Attributes,
  type Context,
  context,
  isSpanContextValid,
  type Span,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import type { Attempt } from '../types/attempt.js';
import type { EmbeddingRequest, EmbeddingResponse } from '../types/embedding.js';
import type { ErrorKind } from '../types/error-kind.js';
import type { AttemptObserver, AttemptStart, CallObserver, CallOutcome } from '../types/instrumentation.js';
import type { Message } from '../types/message.js';
import type { CompletionRequest } from '../types/request.js';
import type { CompletionResponse } from '../types/response.js';
import type { RouterError } from '../types/router-error.js';
import { type AttemptReport, AttemptTelemetry } from './attempt-telemetry.js';
import { convertToInputMessages } from './convert-to-gen-ai-messages.js';
import { EmbeddingAttemptTelemetry } from './embedding-attempt-telemetry.js';
import { EVENT_NAMES, GENERAL_ATTRIBUTES, ROUTER_ATTRIBUTES, SPAN_NAMES } from './gen-ai-names.js';
import type { TelemetrySettings } from './telemetry-settings.js';

/** A call as the instrumentation hears of it: a completion (`complete`, `stream`) or an embedding. */
export type TelemetryCall =
  | { operation: 'complete' | 'stream'; request: CompletionRequest }
  | { operation: 'embed'; request: EmbeddingRequest };

const callSpanNames = {
  complete: SPAN_NAMES.complete,
  stream: SPAN_NAMES.stream,
  embed: SPAN_NAMES.embed,
} as const;

/** The failure the router is moving on from: what the next retry or fallback is counted against. */
interface Failure {
  provider: string;
  model: string;
  kind: ErrorKind;
}

/**
 * One logical call: the `router.complete` / `router.stream` / `router.embed` span that parents every
 * attempt span (`chat {model}`, or `embeddings {model}` in an embedding call), the
 * skipped-target events, the call-level metrics, and the retry and fallback counts (derived from each
 * attempt's reason and the failure before it, so they count retries that happened, not ones planned).
 */
export class CallTelemetry
  implements
    CallObserver<CompletionRequest | EmbeddingRequest, CompletionResponse | EmbeddingResponse>,
    AttemptReport
{
  private readonly parent: Context;
  private readonly startedAt = performance.now();
  private readonly streaming: boolean;
  private lastFailure: Failure | undefined;
  /** The successful attempt whose span waits for the response content. */
  private awaitingContent: AttemptTelemetry | undefined;
  private inputMessages: { messages: readonly Message[]; json: string } | undefined;

  /**
   * Starts watching a call, or returns `undefined` when nothing would be recorded: no SDK behind the
   * tracer (the span is a no-op with no trace to belong to) and no meter. The router then skips every
   * attempt callback, which keeps the cost of an unconfigured instrumentation to one no-op span.
   */
  static start(settings: TelemetrySettings, call: TelemetryCall): CallTelemetry | undefined {
    const active = context.active();
    const span = settings.tracer.startSpan(
      callSpanNames[call.operation],
      {
        attributes: {
          [ROUTER_ATTRIBUTES.operation]: call.operation,
          [ROUTER_ATTRIBUTES.requestModel]: call.request.model,
        },
      },
      active,
    );
    if (!settings.instruments.enabled && !span.isRecording() && !isSpanContextValid(span.spanContext())) {
      span.end();
      return undefined;
    }
    return new CallTelemetry(settings, call, span, active);
  }

  private constructor(
    private readonly settings: TelemetrySettings,
    private readonly call: TelemetryCall,
    private readonly span: Span,
    active: Context,
  ) {
    this.streaming = call.operation === 'stream';
    this.parent = trace.setSpan(active, span);
  }

  attemptStarted(start: AttemptStart<CompletionRequest | EmbeddingRequest>): AttemptObserver {
    this.countMove(start.provider, start.model, start.reason);
    if (this.call.operation === 'embed') {
      return new EmbeddingAttemptTelemetry(this.settings, this, {
        start: start as AttemptStart<EmbeddingRequest>,
        parent: this.parent,
      });
    }
    const messages = (start.request as CompletionRequest).messages;
    return new AttemptTelemetry(this.settings, this, {
      start: start as AttemptStart,
      parent: this.parent,
      streaming: this.streaming,
      inputMessages: () => this.serialisedMessages(messages),
    });
  }

  attemptEnded(record: Attempt, awaiting?: AttemptTelemetry): void {
    if (record.outcome === 'error' && record.errorKind !== undefined) {
      this.lastFailure = { provider: record.provider, model: record.model, kind: record.errorKind };
    } else if (awaiting) {
      this.awaitingContent?.finish(undefined);
      this.awaitingContent = awaiting;
    }
  }

  targetSkipped(record: Attempt, error: RouterError): void {
    this.countMove(record.provider, record.model, record.reason);
    this.lastFailure = { provider: record.provider, model: record.model, kind: error.kind };
    if (this.span.isRecording()) {
      this.span.addEvent(EVENT_NAMES.targetSkipped, {
        [ROUTER_ATTRIBUTES.provider]: record.provider,
        [ROUTER_ATTRIBUTES.model]: record.model,
        [ROUTER_ATTRIBUTES.attemptOrdinal]: record.ordinal,
        [ROUTER_ATTRIBUTES.attemptReason]: record.reason,
        [GENERAL_ATTRIBUTES.errorType]: error.kind,
      });
    }
    if (this.settings.instruments.enabled) {
      this.settings.instruments.attempts.add(1, {
        [ROUTER_ATTRIBUTES.provider]: record.provider,
        [ROUTER_ATTRIBUTES.model]: record.model,
        [ROUTER_ATTRIBUTES.attemptReason]: record.reason,
        [ROUTER_ATTRIBUTES.attemptOutcome]: 'skipped',
        [GENERAL_ATTRIBUTES.errorType]: error.kind,
      });
    }
  }

  ended(outcome: CallOutcome<CompletionResponse | EmbeddingResponse>): void {
    // Only a completion attempt waits for content, so the response is a completion's.
    this.awaitingContent?.finish(outcome.response as CompletionResponse | undefined);
    this.awaitingContent = undefined;
    const summary = summarise(outcome.trail);
    const span = this.span;
    if (span.isRecording()) {
      span.setAttributes({
        [ROUTER_ATTRIBUTES.attempts]: summary.sent,
        [ROUTER_ATTRIBUTES.retries]: summary.retries,
        [ROUTER_ATTRIBUTES.fallbackUsed]: summary.fallbackUsed,
      });
      if (summary.served) {
        span.setAttribute(ROUTER_ATTRIBUTES.servedByProvider, summary.served.provider);
        span.setAttribute(ROUTER_ATTRIBUTES.servedByModel, summary.served.model);
      }
      if (outcome.response?.cost) span.setAttribute(ROUTER_ATTRIBUTES.costUsd, outcome.response.cost.usd);
      if (outcome.error) {
        span.setAttribute(GENERAL_ATTRIBUTES.errorType, outcome.error.kind);
        span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.error.message });
      }
    }
    span.end();
    const instruments = this.settings.instruments;
    if (instruments.enabled) {
      const attributes: Attributes = {
        [ROUTER_ATTRIBUTES.operation]: this.call.operation,
        [ROUTER_ATTRIBUTES.requestModel]: this.call.request.model,
        [ROUTER_ATTRIBUTES.callOutcome]: outcome.error ? 'error' : 'success',
      };
      if (outcome.error) attributes[GENERAL_ATTRIBUTES.errorType] = outcome.error.kind;
      if (summary.served) attributes[ROUTER_ATTRIBUTES.servedByProvider] = summary.served.provider;
      instruments.callDuration.record((performance.now() - this.startedAt) / 1000, attributes);
    }
  }

  /** Counts the retry or fallback that starting (or skipping) this target is. */
  private countMove(provider: string, model: string, reason: Attempt['reason']): void {
    const instruments = this.settings.instruments;
    if (reason === 'primary' || !instruments.enabled) return;
    const kind = this.lastFailure?.kind;
    if (reason === 'retry') {
      const attributes: Attributes = {
        [ROUTER_ATTRIBUTES.provider]: provider,
        [ROUTER_ATTRIBUTES.model]: model,
      };
      if (kind !== undefined) attributes[GENERAL_ATTRIBUTES.errorType] = kind;
      instruments.retries.add(1, attributes);
      return;
    }
    const attributes: Attributes = { [ROUTER_ATTRIBUTES.fallbackTo]: provider };
    if (this.lastFailure) attributes[ROUTER_ATTRIBUTES.fallbackFrom] = this.lastFailure.provider;
    if (kind !== undefined) attributes[GENERAL_ATTRIBUTES.errorType] = kind;
    instruments.fallbacks.add(1, attributes);
  }

  /** Serialises the conversation once per call: retries and fallbacks share the same messages. */
  private serialisedMessages(messages: readonly Message[]): string {
    if (this.inputMessages?.messages !== messages) {
      this.inputMessages = {
        messages,
        json: convertToInputMessages(messages, this.settings.maxContentChars),
      };
    }
    return this.inputMessages.json;
  }
}

interface TrailSummary {
  /** Attempts actually sent to a provider. */
  sent: number;
  retries: number;
  fallbackUsed: boolean;
  served: Attempt | undefined;
}

function summarise(trail: readonly Attempt[]): TrailSummary {
  const summary: TrailSummary = { sent: 0, retries: 0, fallbackUsed: false, served: undefined };
  for (const attempt of trail) {
    if (attempt.outcome !== 'skipped') summary.sent++;
    if (attempt.reason === 'retry') summary.retries++;
    if (attempt.reason === 'fallback') summary.fallbackUsed = true;
    if (attempt.outcome === 'success') summary.served = attempt;
  }
  return summary;
}
