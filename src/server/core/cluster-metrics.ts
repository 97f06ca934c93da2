import type { Worker } from 'node:cluster';
import {
  AggregatorRegistry,
  type MetricObjectWithValues,
  type MetricValue,
  type Registry,
} from 'prom-client';

/**
 * `GET /metrics` across `llmrouter serve --workers`: the worker that is asked sends the primary a
 * request over IPC; the primary collects every listening worker's registry as JSON and merges them with
 * prom-client's `AggregatorRegistry.aggregate`: counters and histograms (buckets, sum, count) are summed
 * series by series, and each gauge by the aggregator it declares (in-flight requests summed, breaker
 * state the maximum, the configuration's version the maximum per digest).
 */

/** The IPC messages of the exchange, told apart from anything else by `llmrouter`. */
type MetricsMessage =
  | { llmrouter: 'metrics-request'; id: number }
  | { llmrouter: 'metrics-collect'; id: number }
  | { llmrouter: 'metrics-part'; id: number; metrics: MetricObjectWithValues<MetricValue<string>>[] }
  | { llmrouter: 'metrics-response'; id: number; text: string }
  | { llmrouter: 'metrics-response'; id: number; error: string };

/** How long the primary waits for every worker's part, and a worker for the primary's answer. */
const collectTimeoutMs = 5_000;

function isMetricsMessage(message: unknown): message is MetricsMessage {
  if (typeof message !== 'object' || message === null) return false;
  const tag = (message as { llmrouter?: unknown }).llmrouter;
  return typeof tag === 'string' && tag.startsWith('metrics-');
}

/**
 * Worker side: answers the primary's collection with `registry`, and returns the exposition source that
 * asks the primary for every worker's figures merged (for `GatewayMetrics.exposeFrom`).
 */
export function workerMetrics(registry: Registry): () => Promise<string> {
  const send = process.send?.bind(process);
  if (send === undefined) throw new Error('workerMetrics needs an IPC channel to the primary');
  const waiting = new Map<number, { resolve(text: string): void; reject(error: Error): void }>();
  let nextId = 0;
  process.on('message', (message: unknown) => {
    if (!isMetricsMessage(message)) return;
    if (message.llmrouter === 'metrics-collect') {
      registry.getMetricsAsJSON().then(
        (metrics) => send({ llmrouter: 'metrics-part', id: message.id, metrics }),
        () => send({ llmrouter: 'metrics-part', id: message.id, metrics: [] }),
      );
      return;
    }
    if (message.llmrouter !== 'metrics-response') return;
    const request = waiting.get(message.id);
    if (request === undefined) return;
    waiting.delete(message.id);
    if ('text' in message) request.resolve(message.text);
    else request.reject(new Error(message.error));
  });
  return () =>
    new Promise<string>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error('the primary did not answer with the workers’ metrics in time'));
      }, collectTimeoutMs + 1_000);
      timer.unref();
      const settle = (finish: () => void) => {
        clearTimeout(timer);
        finish();
      };
      waiting.set(id, {
        resolve: (text) => settle(() => resolve(text)),
        reject: (error) => settle(() => reject(error)),
      });
      send({ llmrouter: 'metrics-request', id });
    });
}

/** One collection in progress on the primary. */
interface Collection {
  asker: Worker;
  askerId: number;
  /** Worker id → its part, once received. */
  expected: Set<number>;
  parts: MetricObjectWithValues<MetricValue<string>>[][];
  timer: NodeJS.Timeout;
}

/**
 * Primary side: answers each worker's request with every listening worker's metrics merged. `listening`
 * names the workers to ask (a worker still starting has no registry to give). A worker that exits during
 * a collection is left out of it; one that does not answer within 5 s fails the scrape (an error, not a
 * silently smaller count).
 */
export class MetricsAggregator {
  private readonly collections = new Map<number, Collection>();
  private nextId = 0;

  constructor(private readonly listening: () => Iterable<Worker>) {}

  /** Handles one IPC message from `worker`; anything but the metrics exchange is ignored. */
  onMessage(worker: Worker, message: unknown): void {
    if (!isMetricsMessage(message)) return;
    if (message.llmrouter === 'metrics-request') this.collect(worker, message.id);
    else if (message.llmrouter === 'metrics-part') {
      const collection = this.collections.get(message.id);
      if (collection === undefined || !collection.expected.delete(worker.id)) return;
      collection.parts.push(message.metrics);
      this.finishIfComplete(message.id, collection);
    }
  }

  /** A worker exited: no collection waits for it any more. */
  onExit(worker: Worker): void {
    for (const [id, collection] of this.collections) {
      if (collection.expected.delete(worker.id)) this.finishIfComplete(id, collection);
    }
  }

  private collect(asker: Worker, askerId: number): void {
    const id = this.nextId++;
    const expected = new Set<number>();
    const collection: Collection = {
      asker,
      askerId,
      expected,
      parts: [],
      timer: setTimeout(() => {
        this.collections.delete(id);
        reply(asker, {
          llmrouter: 'metrics-response',
          id: askerId,
          error: `${expected.size} worker(s) did not send their metrics within ${collectTimeoutMs} ms`,
        });
      }, collectTimeoutMs),
    };
    collection.timer.unref();
    this.collections.set(id, collection);
    for (const worker of this.listening()) {
      if (!worker.isConnected()) continue;
      expected.add(worker.id);
      worker.send({ llmrouter: 'metrics-collect', id } satisfies MetricsMessage);
    }
    this.finishIfComplete(id, collection);
  }

  private finishIfComplete(id: number, collection: Collection): void {
    if (collection.expected.size > 0) return;
    clearTimeout(collection.timer);
    this.collections.delete(id);
    const { asker, askerId } = collection;
    AggregatorRegistry.aggregate(collection.parts)
      .metrics()
      .then(
        (text) => reply(asker, { llmrouter: 'metrics-response', id: askerId, text }),
        (error: unknown) =>
          reply(asker, { llmrouter: 'metrics-response', id: askerId, error: String(error) }),
      );
  }
}

function reply(worker: Worker, message: MetricsMessage): void {
  if (worker.isConnected()) worker.send(message);
}
