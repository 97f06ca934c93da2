/** Where and how the load generator sends one kind of request. */
export interface Endpoint {
  /** Full URL of the endpoint (chat completions unless `body` says otherwise). */
  url: string;
  headers: Record<string, string>;
  /**
   * The body this endpoint is sent instead of the command's: a gateway surface that speaks another
   * request shape (Anthropic Messages, OpenAI Responses) than the chat completions the others take.
   */
  body?: string;
}

/** One fixed-concurrency autocannon run. */
export interface ThroughputResult {
  /** 2xx answers. */
  requests: number;
  non2xx: number;
  errors: number;
  elapsedMs: number;
  p50Ms: number;
  p99Ms: number;
}

/** Sequential calls of one endpoint, interleaved call by call with the others. */
export interface LatencySamples {
  /** Milliseconds from sending to the last body byte. */
  latencies: number[];
  /** `x-llmrouter-overhead-ms` as the gateway reported it, when it did. */
  reportedOverheadMs: number[];
  failures: number;
}

/** Frames as they reached the client: how long each took from the upstream's write, and what was lost. */
export interface FrameResult {
  streams: number;
  /** Streams that did not end with `[DONE]` and every frame in order. */
  brokenStreams: number;
  framesReceived: number;
  framesLost: number;
  /** Upstream write to client read, per frame, microseconds. */
  transitMicros: number[];
  /** Request start to first content frame, milliseconds. */
  ttftMs: number[];
  firstError: string | undefined;
}

/** Commands of the load generator process (`load-process.ts`). */
/** The fixed-concurrency load generator: autocannon (npm, always there) or Debian's `wrk`. */
export type LoadTool = 'autocannon' | 'wrk';

export type LoadCommands = {
  throughput: {
    payload: { endpoint: Endpoint; body: string; concurrency: number; durationMs: number; tool: LoadTool };
    result: ThroughputResult;
  };
  /** `calls` rounds, each sending one request to every endpoint in turn (concurrency 1). */
  latency: { payload: { endpoints: Endpoint[]; body: string; calls: number }; result: LatencySamples[] };
  /** `streams` frame-clock streams, `concurrency` at a time, all to one endpoint. */
  frames: {
    payload: { endpoint: Endpoint; body: string; streams: number; concurrency: number; frames: number };
    result: FrameResult;
  };
};
