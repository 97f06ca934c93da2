import type { LoadTool } from '../gateway/load-commands.js';

/** How long and how hard each part runs; `--quick` shrinks everything to keep the harness from rotting. */
export interface BenchSettings {
  quick: boolean;
  /** What drives the gateways at fixed concurrency. */
  loadTool: LoadTool;
  rounds: number;
  /** Length of one measured run of one contender. */
  runMs: number;
  /** Unmeasured run per contender before the first round (JIT, pools, connections). */
  warmupMs: number;
  concurrency: number;
  /** Calls per contender for the sequential latency measurements (TTFT, concurrency-1 gateway overhead). */
  sequentialCalls: number;
  /** Streams held open for the memory measurement. */
  heldStreams: number;
  /** Parts per response in the streaming throughput runs, shortest first. */
  streamLengths: readonly number[];
  /** Concurrent paced streams pushed through each gateway. */
  pacedStreams: number;
  /** Frames per paced stream (20 ms apart). */
  pacedFrames: number;
}

/** The full run, or the quick one; `loadTool` is autocannon until the caller finds `wrk`. */
export function benchSettings(quick: boolean): BenchSettings {
  if (quick) {
    return {
      quick,
      loadTool: 'autocannon',
      rounds: 1,
      runMs: 400,
      warmupMs: 200,
      concurrency: 32,
      sequentialCalls: 100,
      heldStreams: 100,
      streamLengths: [50, 500],
      pacedStreams: 50,
      pacedFrames: 10,
    };
  }
  return {
    quick,
    loadTool: 'autocannon',
    rounds: 5,
    runMs: 3_000,
    // undici and V8 keep getting faster for the first few seconds under load.
    warmupMs: 4_000,
    concurrency: 32,
    sequentialCalls: 2_000,
    heldStreams: 1_000,
    streamLengths: [100, 1_000, 10_000],
    pacedStreams: 500,
    pacedFrames: 50,
  };
}
