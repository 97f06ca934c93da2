import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Target } from '../../types/attempt.js';
import type { CircuitState, RouterHooks } from '../../types/events.js';
import type { Usage } from '../../types/usage.js';
import type { CacheResult } from './cache-result.js';
import type { ConnectionCounts } from './connection-guard.js';
import { DeferredCounter } from './deferred-counter.js';

const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
/** The `type` label of each token count a usage can report, built once rather than per request. */
const tokenTypes = [
  ['input', 'inputTokens'],
  ['output', 'outputTokens'],
  ['cached_input', 'cachedInputTokens'],
  ['reasoning', 'reasoningTokens'],
] as const satisfies ReadonlyArray<readonly [string, keyof Usage]>;
const stateValue: Record<CircuitState, number> = { closed: 0, 'half-open': 1, open: 2 };

/** A finished gateway request, as metrics count it. */
export interface RequestMeasurement {
  model: string;
  provider: string;
  /** `success`, the final error kind, or `rejected` for requests refused before routing. */
  outcome: string;
  stream: boolean;
  durationSeconds: number;
  timeToFirstTokenSeconds?: number;
  usage?: Usage;
}

/**
 * The gateway's Prometheus metrics, in a registry of its own: requests by model, provider and outcome;
 * latency and time-to-first-token histograms; attempts, retries and fallbacks; each breaker's state
 * (read when scraped, so a breaker whose cooldown has passed shows half-open); tokens. Counters sum in
 * plain numbers until scraped and histogram children are cached, so recording a request does not hash
 * label sets.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly requests: DeferredCounter<'model' | 'provider' | 'outcome'>;
  private readonly duration: Histogram<'model' | 'provider' | 'stream'>;
  private readonly firstToken: Histogram<'model' | 'provider'>;
  private readonly attempts: DeferredCounter<'provider' | 'model' | 'member' | 'outcome' | 'error_kind'>;
  private readonly retries: DeferredCounter<'provider'>;
  private readonly fallbacks: DeferredCounter<'from' | 'to'>;
  private readonly transitions: DeferredCounter<'provider' | 'model' | 'to'>;
  private readonly tokens: DeferredCounter<'model' | 'provider' | 'type'>;
  private readonly cacheRequests: DeferredCounter<'model' | 'result'>;
  private inFlightCount = 0;
  // Per metric: label values joined -> the labelled child, so the hot path skips prom-client's label hashing.
  private readonly children = new Map<object, Map<string, unknown>>();
  private breakerReader: (() => Array<Target & { state: CircuitState }>) | undefined;
  private connectionReader: (() => ConnectionCounts) | undefined;
  private exposition: (() => Promise<string>) | undefined;

  /** Router hooks that feed attempts, retries, fallbacks and breaker transitions into the metrics. */
  readonly hooks: RouterHooks;

  constructor() {
    const registers = [this.registry];
    this.requests = new DeferredCounter({
      name: 'llmrouter_requests_total',
      help: 'Gateway requests by requested model, serving provider and outcome',
      labelNames: ['model', 'provider', 'outcome'],
      registers,
    });
    this.duration = new Histogram({
      name: 'llmrouter_request_duration_seconds',
      help: 'Time from request received to response finished',
      labelNames: ['model', 'provider', 'stream'],
      buckets: latencyBuckets,
      registers,
    });
    this.firstToken = new Histogram({
      name: 'llmrouter_time_to_first_token_seconds',
      help: 'Streams: time from request received to the first content frame sent',
      labelNames: ['model', 'provider'],
      buckets: latencyBuckets,
      registers,
    });
    this.attempts = new DeferredCounter({
      name: 'llmrouter_attempts_total',
      help: 'Attempts sent to (or skipped for) each provider and group member, by outcome and error kind',
      labelNames: ['provider', 'model', 'member', 'outcome', 'error_kind'],
      registers,
    });
    this.retries = new DeferredCounter({
      name: 'llmrouter_retries_total',
      help: 'Retries of the same target',
      labelNames: ['provider'],
      registers,
    });
    this.fallbacks = new DeferredCounter({
      name: 'llmrouter_fallbacks_total',
      help: 'Moves from one target to the next',
      labelNames: ['from', 'to'],
      registers,
    });
    this.transitions = new DeferredCounter({
      name: 'llmrouter_circuit_transitions_total',
      help: 'Circuit breaker state changes, by the state entered',
      labelNames: ['provider', 'model', 'to'],
      registers,
    });
    this.tokens = new DeferredCounter({
      name: 'llmrouter_tokens_total',
      help: 'Tokens reported by providers, by type (input, output, cached_input, reasoning)',
      labelNames: ['model', 'provider', 'type'],
      registers,
    });
    this.cacheRequests = new DeferredCounter({
      name: 'llmrouter_cache_requests_total',
      help: 'Requests the response cache answered (hit), sent upstream (miss) or was told to skip (bypass, Cache-Control: no-store); hit ratio = hit / (hit + miss)',
      labelNames: ['model', 'result'],
      registers,
    });
    const metrics = this;
    new Gauge({
      name: 'llmrouter_in_flight_requests',
      help: 'Requests being handled',
      registers,
      aggregator: 'sum',
      collect() {
        this.set(metrics.inFlightCount);
      },
    });
    new Gauge({
      name: 'llmrouter_circuit_state',
      help: 'Circuit breaker state per target (a group member has its own): 0 closed, 1 half-open, 2 open',
      labelNames: ['provider', 'model', 'member'],
      registers,
      // Across cluster workers (each with breakers of its own unless the state store is shared): the
      // worst state any worker sees.
      aggregator: 'max',
      collect() {
        for (const target of metrics.breakerReader?.() ?? []) {
          const labels = { provider: target.provider, model: target.model, member: target.member ?? '' };
          this.set(labels, stateValue[target.state]);
        }
      },
    });
    new Gauge({
      name: 'llmrouter_connections_open',
      help: 'Client connections open now (counted when a connection cap is set, as it is by default)',
      registers,
      aggregator: 'sum',
      collect() {
        if (metrics.connectionReader) this.set(metrics.connectionReader().open);
      },
    });
    const reported = { process: 0, address: 0 };
    new Counter({
      name: 'llmrouter_connections_refused_total',
      help: 'Client connections answered 503 and closed at once, by the cap they were over (process or address)',
      labelNames: ['limit'],
      registers,
      collect() {
        const counts = metrics.connectionReader?.();
        if (!counts) return;
        const seen = { process: counts.refusedProcess, address: counts.refusedAddress };
        for (const limit of ['process', 'address'] as const) {
          this.labels(limit).inc(seen[limit] - reported[limit]);
          reported[limit] = seen[limit];
        }
      },
    });
    const cutReported = { 400: 0, 408: 0, 431: 0 };
    new Counter({
      name: 'llmrouter_connections_cut_total',
      help: "Connections Node's HTTP layer answered and closed before a request reached the gateway, by status: 400 malformed, 408 headers too slow, 431 headers too large",
      labelNames: ['status'],
      registers,
      collect() {
        const cut = metrics.connectionReader?.().cut;
        if (!cut) return;
        const seen = { 400: cut.malformed, 408: cut.timedOut, 431: cut.headersTooLarge };
        for (const status of [400, 408, 431] as const) {
          this.labels(String(status)).inc(seen[status] - cutReported[status]);
          cutReported[status] = seen[status];
        }
      },
    });
    this.hooks = {
      onAttempt: (attempt) =>
        this.attempts.inc([
          attempt.provider,
          attempt.model,
          attempt.member ?? '',
          attempt.outcome,
          attempt.errorKind ?? '',
        ]),
      onRetry: (event) => this.retries.inc([event.target.provider]),
      onFallback: (event) => this.fallbacks.inc([event.from.provider, event.to.provider]),
      onCircuitStateChange: (event) =>
        this.transitions.inc([event.target.provider, event.target.model, event.to]),
    };
  }

  /** Reads breaker states at scrape time. */
  watchBreakers(read: () => Array<Target & { state: CircuitState }>): void {
    this.breakerReader = read;
  }

  /** Reads the connection guard's counts at scrape time. */
  watchConnections(read: () => ConnectionCounts): void {
    this.connectionReader = read;
  }

  /** Requests being handled now. */
  set inFlight(count: number) {
    this.inFlightCount = count;
  }

  /** Counts one finished request. */
  recordRequest(measurement: RequestMeasurement): void {
    const { model, provider } = measurement;
    this.requests.inc([model, provider, measurement.outcome]);
    const stream = measurement.stream ? 'true' : 'false';
    this.child(this.duration, [model, provider, stream]).observe(measurement.durationSeconds);
    if (measurement.timeToFirstTokenSeconds !== undefined) {
      this.child(this.firstToken, [model, provider]).observe(measurement.timeToFirstTokenSeconds);
    }
    if (measurement.usage) this.addTokens({ model, provider }, measurement.usage);
  }

  /** Counts what the response cache did for one request (`hit`, `miss` or `bypass`). */
  recordCache(model: string, result: CacheResult): void {
    this.cacheRequests.inc([model, result]);
  }

  /** The exposition text for `GET /metrics`: this registry's, or what {@link exposeFrom} set. */
  text(): Promise<string> {
    return this.exposition ? this.exposition() : this.registry.metrics();
  }

  /**
   * Serves `GET /metrics` from `source` instead of this registry alone: a cluster worker serves every
   * worker's figures merged. The exposition format stays Prometheus text.
   */
  exposeFrom(source: () => Promise<string>): void {
    this.exposition = source;
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private addTokens(labels: { model: string; provider: string }, usage: Usage): void {
    for (const [type, field] of tokenTypes) {
      const count = usage[field];
      if (count !== undefined && count > 0) this.tokens.inc([labels.model, labels.provider, type], count);
    }
  }

  /** The labelled child for `values`, created once. */
  private child<Child>(metric: { labels(...values: string[]): Child }, values: string[]): Child {
    let byLabels = this.children.get(metric);
    if (!byLabels) {
      byLabels = new Map();
      this.children.set(metric, byLabels);
    }
    const key = values.join('\u0000');
    let child = byLabels.get(key) as Child | undefined;
    if (child === undefined) {
      child = metric.labels(...values);
      byLabels.set(key, child);
    }
    return child;
  }
}
