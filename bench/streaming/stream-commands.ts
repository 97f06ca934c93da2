/** Which client reads the stream: the raw floor or `router.stream`. */
export type StreamReader = 'raw' | 'router';

/** One timed run of streams read back to back. */
export interface StreamRateResult {
  /** Content parts received (text deltas). */
  parts: number;
  streams: number;
  elapsedMs: number;
  cpuMicros: number;
}

/** Heap and RSS growth while `count` streams were held open mid-answer. */
export interface HeldStreamsResult {
  count: number;
  heapBytesPerStream: number;
  rssBytesPerStream: number;
  /** Content parts every held stream had received when measured. */
  partsPerStream: number;
}

/** Commands of the streaming process (`stream-process.ts`). */
export type StreamCommands = {
  /** The fake servers' origins; upstream names are chosen per command. */
  setup: { payload: { serverURLs: string[] }; result: null };
  /** Time to first content, alternating raw and router call by call, in milliseconds. */
  ttft: { payload: { upstream: string; calls: number }; result: { raw: number[]; router: number[] } };
  /** Streams read one after another for `durationMs`. */
  rate: {
    payload: { upstream: string; reader: StreamReader; durationMs: number; expectedParts: number };
    result: StreamRateResult;
  };
  /**
   * Reads 50 whole streams from `warmUpstream` (so code and pools are loaded), then opens `count` streams
   * on an upstream that stalls after `partsPerStream` parts and measures memory. Run it in a fresh
   * process: pools keep per-connection objects after their sockets close, which would hide them from a
   * second measurement.
   */
  held: {
    payload: {
      upstream: string;
      warmUpstream: string;
      reader: StreamReader;
      count: number;
      partsPerStream: number;
    };
    result: HeldStreamsResult;
  };
};
