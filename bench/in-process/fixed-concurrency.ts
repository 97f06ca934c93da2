import { SampleBuffer } from '../lib/stats.js';
import type { CallOnce } from './contender.js';

/** What one timed run of a contender measured, in its own process. */
export interface LoadResult {
  /** Calls that returned the expected answer. */
  calls: number;
  /** Calls that threw or returned something else; a run with any is not comparable. */
  failures: number;
  firstFailure: string | undefined;
  elapsedMs: number;
  /** User + system CPU of the whole process over the run (GC included). */
  cpuMicros: number;
  p50Ms: number;
  p99Ms: number;
}

/** Options of {@link runFixedConcurrency}. */
export interface FixedConcurrencyOptions {
  call: CallOnce;
  /** Calls kept in flight at every moment. */
  concurrency: number;
  durationMs: number;
  expected: string;
}

const latencies = new SampleBuffer();

/**
 * Keeps `concurrency` calls in flight for `durationMs` and reports calls per second's ingredients and the
 * CPU the process spent per call (`process.cpuUsage`, so GC and the HTTP client's work count too).
 */
export async function runFixedConcurrency(options: FixedConcurrencyOptions): Promise<LoadResult> {
  const { call, concurrency, durationMs, expected } = options;
  latencies.clear();
  let calls = 0;
  let failures = 0;
  let firstFailure: string | undefined;
  const start = performance.now();
  const deadline = start + durationMs;
  const cpuBefore = process.cpuUsage();
  const worker = async () => {
    while (performance.now() < deadline) {
      const began = performance.now();
      try {
        const text = await call();
        if (text === expected) calls++;
        else {
          failures++;
          firstFailure ??= `unexpected answer: ${JSON.stringify(text)?.slice(0, 120)}`;
        }
      } catch (error) {
        failures++;
        firstFailure ??= error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }
      latencies.push(performance.now() - began);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const cpu = process.cpuUsage(cpuBefore);
  return {
    calls,
    failures,
    firstFailure,
    elapsedMs: performance.now() - start,
    cpuMicros: cpu.user + cpu.system,
    p50Ms: latencies.percentile(0.5),
    p99Ms: latencies.percentile(0.99),
  };
}
