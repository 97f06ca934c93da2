import { type Counter, createNoopMeter, type Histogram, type Meter, ValueType } from '@opentelemetry/api';
import { DURATION_BUCKETS_SECONDS, METRIC_NAMES, TOKEN_BUCKETS } from './gen-ai-names.js';

/**
 * The metric instruments, created once per instrumentation. `enabled` is false when the meter is the
 * API's no-op one (no SDK installed), so the hot path can skip building attribute sets nobody reads.
 */
export class TelemetryInstruments {
  readonly enabled: boolean;
  readonly operationDuration: Histogram;
  readonly tokenUsage: Histogram;
  readonly timeToFirstChunk: Histogram;
  readonly timePerOutputChunk: Histogram;
  readonly callDuration: Histogram;
  readonly attempts: Counter;
  readonly retries: Counter;
  readonly fallbacks: Counter;
  readonly cost: Counter;

  constructor(readonly meter: Meter) {
    this.enabled = meter !== createNoopMeter();
    const seconds = (name: string, description: string) =>
      meter.createHistogram(name, {
        description,
        unit: 's',
        advice: { explicitBucketBoundaries: [...DURATION_BUCKETS_SECONDS] },
      });
    this.operationDuration = seconds(METRIC_NAMES.operationDuration, 'GenAI operation duration.');
    this.tokenUsage = meter.createHistogram(METRIC_NAMES.tokenUsage, {
      description: 'Number of input and output tokens used.',
      unit: '{token}',
      valueType: ValueType.INT,
      advice: { explicitBucketBoundaries: [...TOKEN_BUCKETS] },
    });
    this.timeToFirstChunk = seconds(
      METRIC_NAMES.timeToFirstChunk,
      'Time to receive the first chunk, from when the client issues the generation request.',
    );
    this.timePerOutputChunk = seconds(
      METRIC_NAMES.timePerOutputChunk,
      'Time per output chunk, recorded for each chunk after the first one.',
    );
    this.callDuration = seconds(
      METRIC_NAMES.callDuration,
      'Duration of a logical router call, every retry and fallback included.',
    );
    this.attempts = meter.createCounter(METRIC_NAMES.attempts, {
      description: 'Attempts the router made or skipped, by outcome and reason.',
      unit: '{attempt}',
      valueType: ValueType.INT,
    });
    this.retries = meter.createCounter(METRIC_NAMES.retries, {
      description: 'Retries of the same target, by the error kind that caused them.',
      unit: '{retry}',
      valueType: ValueType.INT,
    });
    this.fallbacks = meter.createCounter(METRIC_NAMES.fallbacks, {
      description: 'Moves from one target to the next, by the error kind that caused them.',
      unit: '{fallback}',
      valueType: ValueType.INT,
    });
    this.cost = meter.createCounter(METRIC_NAMES.cost, {
      description: 'What attempts cost, in US dollars, as priced by the router pricer.',
      unit: '{USD}',
      valueType: ValueType.DOUBLE,
    });
  }
}
