import type { FakeBehaviour, FakeFormat } from './fake-behaviour.js';
import type { FakeHandler, FakeRequest } from './fake-request.js';

/**
 * One named upstream of the fake provider server: its own script of behaviours and its own record of
 * requests, so a primary and a fallback can fail independently. Mutators return the upstream for chaining.
 */
export interface FakeUpstream {
  readonly name: string;
  /** `${server.url}/${name}`: prefix it to any version path, e.g. an OpenAI-compatible `/openai/v1`. */
  readonly url: string;
  /** The base URL a provider adapter takes: `${url}/v1` (OpenAI, Anthropic) or `${url}/v1beta` (Gemini). */
  baseURL(format: FakeFormat): string;
  /** Behaviours for the next requests, consumed one per request in order. */
  enqueue(behaviour: FakeBehaviour, ...more: FakeBehaviour[]): this;
  /** Used when the queue is empty. Initially a normal reply. */
  setDefault(behaviour: FakeBehaviour): this;
  /** Consulted first for every request; a returned behaviour wins over the queue and the default. */
  setHandler(handler: FakeHandler | undefined): this;
  /** Sets what `GET {baseURL}/models` lists (in the caller's format). Initially empty. */
  models(ids: readonly string[]): this;
  /** Completion requests received, oldest first (empty when the server does not record). */
  readonly requests: readonly FakeRequest[];
  /** Queued behaviours not yet consumed. */
  readonly pending: number;
  /** Clears the queue, the requests, the handler and the model list, and restores the default reply. */
  reset(): this;
}

const defaultReply: FakeBehaviour = Object.freeze({ type: 'reply' });

/** The server's side of an upstream: the public API plus choosing and recording. */
export class UpstreamScript implements FakeUpstream {
  readonly name: string;
  readonly url: string;
  readonly requests: FakeRequest[] = [];
  readonly #record: boolean;
  #queue: FakeBehaviour[] = [];
  #default: FakeBehaviour = defaultReply;
  #handler: FakeHandler | undefined;
  #models: readonly string[] = [];

  constructor(options: { name: string; serverURL: string; record: boolean }) {
    this.name = options.name;
    this.url = `${options.serverURL}/${encodeURIComponent(options.name)}`;
    this.#record = options.record;
  }

  baseURL(format: FakeFormat): string {
    return format === 'gemini' ? `${this.url}/v1beta` : `${this.url}/v1`;
  }

  enqueue(behaviour: FakeBehaviour, ...more: FakeBehaviour[]): this {
    this.#queue.push(behaviour, ...more);
    return this;
  }

  setDefault(behaviour: FakeBehaviour): this {
    this.#default = behaviour;
    return this;
  }

  setHandler(handler: FakeHandler | undefined): this {
    this.#handler = handler;
    return this;
  }

  models(ids: readonly string[]): this {
    this.#models = [...ids];
    return this;
  }

  get pending(): number {
    return this.#queue.length;
  }

  reset(): this {
    this.#queue = [];
    this.requests.length = 0;
    this.#handler = undefined;
    this.#default = defaultReply;
    this.#models = [];
    return this;
  }

  /** The model ids `GET /models` lists. */
  get modelIds(): readonly string[] {
    return this.#models;
  }

  /** Keeps the request when recording is on. */
  record(request: FakeRequest): void {
    if (this.#record) this.requests.push(request);
  }

  /** The behaviour for this request: the handler's, else the next queued, else the default. */
  next(request: FakeRequest): FakeBehaviour {
    const chosen = this.#handler?.(request);
    if (chosen) return chosen;
    return this.#queue.shift() ?? this.#default;
  }
}
