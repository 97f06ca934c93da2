import { faults } from '../../src/testing/index.js';
import type { ContenderName, ContenderTargets } from '../in-process/contender.js';
import type { ContenderCommands, RouterCounters } from '../in-process/contender-commands.js';
import type { LoadResult } from '../in-process/fixed-concurrency.js';
import { benchReply } from '../lib/bench-request.js';
import type { BenchSettings } from '../lib/bench-settings.js';
import { type BenchChild, startChild } from '../lib/child-process.js';
import { interleave } from '../lib/interleave.js';
import { corePlan } from '../lib/pinning.js';
import { busyShare, type UpstreamCommands } from '../upstream/upstream-commands.js';

/** One measured run of one in-process contender. */
export interface InProcessRound extends LoadResult, RouterCounters {
  callsPerSecond: number;
  cpuMicrosPerCall: number;
  /**
   * Share of its core the contender used (CPU over wall time). Well under 100% at this concurrency means
   * something else ran on the subject core, or the contender waited on the upstream.
   */
  coreShare: number;
  /** Share of a core the upstream process used meanwhile (near 1 means the upstream was the bottleneck). */
  upstreamBusy: number;
}

/** Every round of every contender, with the library versions measured. */
export interface InProcessResults {
  rounds: Map<ContenderName, InProcessRound[]>;
  versions: Map<ContenderName, string>;
}

/** Options of {@link runInProcessSuite}. */
export interface InProcessSuiteOptions {
  settings: BenchSettings;
  upstream: BenchChild<UpstreamCommands>;
  /** Base URL of the fake server's origin (`http://127.0.0.1:PORT`). */
  serverURL: string;
  contenders: readonly ContenderName[];
  log: (line: string) => void;
}

/** The primary's share of failures in the resilience run: 3 calls in 10, spread so no run of them trips the breaker. */
export const failureSlots: readonly number[] = [0, 4, 7];

/**
 * Parts 1 and 4: each contender in its own process pinned to the subject core, calling the fake upstream
 * (pinned to the other core) at fixed concurrency, interleaved round by round.
 */
export async function runInProcessSuite(options: InProcessSuiteOptions): Promise<InProcessResults> {
  const { settings, upstream, serverURL, contenders, log } = options;
  // x-should-retry: false sends each failure straight to the fallback, as a provider that knows a retry
  // would not help does; the run then measures fallback, not backoff sleeps.
  await upstream.send('script', {
    upstream: 'flaky',
    behaviour: faults.reply(benchReply),
    failure: { slots: failureSlots, behaviour: faults.unavailable({ shouldRetry: false }) },
  });
  const children = new Map<ContenderName, BenchChild<ContenderCommands>>();
  const versions = new Map<ContenderName, string>();
  try {
    // Started together: start-up is mostly module loading, and the measured runs come later anyway.
    await Promise.all(
      contenders.map(async (contender) => {
        const child = await startChild<ContenderCommands>({
          script: new URL('../in-process/contender-process.ts', import.meta.url),
          core: corePlan().subject,
        });
        children.set(contender, child);
        const primary = contender === 'router-under-failure' ? 'flaky' : 'primary';
        const targets: ContenderTargets = {
          primaryBaseURL: `${serverURL}/${primary}/v1`,
          fallbackBaseURL: `${serverURL}/fallback/v1`,
        };
        const { version } = await child.send('setup', { contender, targets });
        versions.set(contender, version);
      }),
    );
    for (const contender of contenders) {
      await children
        .get(contender)!
        .send('run', { concurrency: settings.concurrency, durationMs: settings.warmupMs });
    }
    const rounds = await interleave({
      contenders,
      rounds: settings.rounds,
      measure: async (contender) => {
        const before = await upstream.send('cpu', null);
        const result = await children
          .get(contender)!
          .send('run', { concurrency: settings.concurrency, durationMs: settings.runMs });
        const after = await upstream.send('cpu', null);
        return {
          ...result,
          callsPerSecond: (result.calls / result.elapsedMs) * 1000,
          cpuMicrosPerCall: result.cpuMicros / Math.max(1, result.calls + result.failures),
          coreShare: result.cpuMicros / (result.elapsedMs * 1000),
          upstreamBusy: busyShare(before, after),
        };
      },
      onResult: (contender, round, result) =>
        log(
          `  in-process r${round + 1} ${contender.padEnd(20)} ${result.callsPerSecond.toFixed(0).padStart(6)} calls/s ` +
            `${result.cpuMicrosPerCall.toFixed(0).padStart(5)} µs CPU/call  core ${(result.coreShare * 100).toFixed(0)}%  ` +
            `upstream ${(result.upstreamBusy * 100).toFixed(0)}%` +
            (result.failures > 0 ? `  FAILURES ${result.failures}: ${result.firstFailure}` : ''),
        ),
    });
    return { rounds, versions };
  } finally {
    await Promise.all([...children.values()].map((child) => child.close()));
  }
}
