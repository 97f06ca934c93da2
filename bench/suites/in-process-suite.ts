import { setTimeout as sleep } from 'node:timers/promises';
import { faults } from '../../src/testing/index.js';
import { type ContenderName, type ContenderTargets, redisContenders } from '../in-process/contender.js';
import type { ContenderCommands, RouterCounters } from '../in-process/contender-commands.js';
import type { LoadResult } from '../in-process/fixed-concurrency.js';
import {
  commandDelta,
  type RedisCommandCounter,
  type RedisCommandCounts,
  redisCommandCounter,
} from '../in-process/redis-commands.js';
import { benchReply } from '../lib/bench-request.js';
import type { BenchSettings } from '../lib/bench-settings.js';
import { type BenchChild, startChild } from '../lib/child-process.js';
import { interleave } from '../lib/interleave.js';
import { corePlan } from '../lib/pinning.js';
import { hasRedisServer, type RedisServer, startRedisServer } from '../lib/redis-server.js';
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
  /** Commands the contender's redis-server ran over the timed run (the Redis contenders only). */
  redis?: RedisCommandCounts;
}

/** What a Redis contender's store sends on its own, measured with no call in flight. */
export interface RedisIdleCounts extends RedisCommandCounts {
  /** Length of the idle interval (one timed run's length). */
  durationMs: number;
}

/** Every round of every contender, with the library versions measured. */
export interface InProcessResults {
  rounds: Map<ContenderName, InProcessRound[]>;
  versions: Map<ContenderName, string>;
  /** Per Redis contender: the commands its store sent over an idle interval (timers: sync, batches). */
  redisIdle?: Map<ContenderName, RedisIdleCounts>;
  /** Contenders not measured, and why (no redis-server on PATH). */
  skipped?: { name: ContenderName; reason: string }[];
}

/** Why the Redis contenders are not measured here, or `undefined` when they can be. */
export const redisSkipReason = hasRedisServer
  ? undefined
  : 'redis-server is not on PATH (apt-get install -y redis-server): the Redis contenders are skipped';

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
  const { settings, upstream, serverURL, log } = options;
  const skipped: InProcessResults['skipped'] = [];
  const contenders = options.contenders.filter((contender) => {
    if (!redisContenders.includes(contender) || redisSkipReason === undefined) return true;
    skipped.push({ name: contender, reason: redisSkipReason });
    log(`  in-process ${contender} skipped: ${redisSkipReason}`);
    return false;
  });
  // x-should-retry: false sends each failure straight to the fallback, as a provider that knows a retry
  // would not help does; the run then measures fallback, not backoff sleeps.
  await upstream.send('script', {
    upstream: 'flaky',
    behaviour: faults.reply(benchReply),
    failure: { slots: failureSlots, behaviour: faults.unavailable({ shouldRetry: false }) },
  });
  const children = new Map<ContenderName, BenchChild<ContenderCommands>>();
  const versions = new Map<ContenderName, string>();
  // One redis-server per Redis contender, on the load core: a contender's store keeps its timers
  // running while another is measured, so one shared server could not tell whose commands it counted.
  const redisServers = new Map<ContenderName, RedisServer>();
  const counters = new Map<ContenderName, RedisCommandCounter>();
  try {
    for (const contender of contenders.filter((name) => redisContenders.includes(name))) {
      const server = await startRedisServer({ core: corePlan().load });
      redisServers.set(contender, server);
      counters.set(contender, await redisCommandCounter(server.url));
    }
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
          redisURL: redisServers.get(contender)?.url,
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
        const counter = counters.get(contender);
        const before = await upstream.send('cpu', null);
        const commandsBefore = await counter?.read();
        const result = await children
          .get(contender)!
          .send('run', { concurrency: settings.concurrency, durationMs: settings.runMs });
        const commandsAfter = await counter?.read();
        const after = await upstream.send('cpu', null);
        return {
          redis: commandsBefore && commandsAfter ? commandDelta(commandsBefore, commandsAfter) : undefined,
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
            (result.redis ? `  Redis round trips ${result.redis.roundTrips}` : '') +
            (result.failures > 0 ? `  FAILURES ${result.failures}: ${result.firstFailure}` : ''),
        ),
    });
    const redisIdle = new Map<ContenderName, RedisIdleCounts>();
    for (const [contender, counter] of counters) {
      // The same length as a timed run, no call in flight: what the store's timers send by themselves.
      const before = await counter.read();
      const began = performance.now();
      await sleep(settings.runMs);
      const idle = { ...commandDelta(before, await counter.read()), durationMs: performance.now() - began };
      redisIdle.set(contender, idle);
      const measured = rounds.get(contender) ?? [];
      const roundTrips = measured.reduce((sum, round) => sum + (round.redis?.roundTrips ?? 0), 0);
      const calls = measured.reduce((sum, round) => sum + round.calls + round.failures, 0);
      log(
        `  in-process ${contender}: ${roundTrips} Redis round trips over ${calls} calls ` +
          `(${JSON.stringify(measured[0]?.redis?.byCommand ?? {})} in the first round); ` +
          `idle ${idle.durationMs.toFixed(0)} ms: ${idle.roundTrips} (${JSON.stringify(idle.byCommand)})`,
      );
    }
    return { rounds, versions, redisIdle, skipped };
  } finally {
    await Promise.all([...children.values()].map((child) => child.close()));
    for (const counter of counters.values()) counter.close();
    await Promise.all([...redisServers.values()].map((server) => server.stop()));
  }
}
