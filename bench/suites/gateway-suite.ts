import {
  bareProxy,
  clockModel,
  direct,
  type GatewayName,
  type GatewayUnderTest,
  type GatewayUpstreams,
  llmrouterServe,
  llmrouterServeMissing,
  llmrouterSurfaces,
  portkey,
  surfaceRows,
} from '../gateway/gateway-contenders.js';
import type {
  FrameResult,
  LatencySamples,
  LoadCommands,
  ThroughputResult,
} from '../gateway/load-commands.js';
import { benchMessages, benchModel } from '../lib/bench-request.js';
import type { BenchSettings } from '../lib/bench-settings.js';
import { type BenchChild, startChild } from '../lib/child-process.js';
import { interleave } from '../lib/interleave.js';
import { corePlan } from '../lib/pinning.js';
import { processCpuMicros, processRssBytes } from '../lib/proc-stats.js';
import { median } from '../lib/stats.js';
import { busyShare, type UpstreamCommands } from '../upstream/upstream-commands.js';

/** One autocannon run against one gateway, with the gateway's own CPU over it. */
export interface GatewayThroughputRound extends ThroughputResult {
  requestsPerSecond: number;
  /** Gateway process CPU per 2xx request (`NaN` for the direct reference). */
  cpuMicrosPerRequest: number;
  /** Share of its core the gateway process used over the run (`NaN` for direct). */
  coreShare: number;
  upstreamBusy: number;
}

/** Paced concurrent streams through one gateway: what arrived, and the gateway's RSS growth. */
export interface PacedStreamsResult extends FrameResult {
  /** RSS while the streams were held open (each one frame in) minus RSS before, per stream (`NaN` for direct). */
  rssBytesPerStream: number;
  /** Peak RSS while the streams were paced at 20 ms per frame minus RSS before, per stream. */
  pacedRssBytesPerStream: number;
}

/** Everything part 3 measured. */
export interface GatewayResults {
  gateways: { name: GatewayName; version: string }[];
  /** Gateways that could not be measured, and why. */
  skipped: { name: GatewayName; reason: string }[];
  throughput: Map<GatewayName, GatewayThroughputRound[]>;
  latency: Map<GatewayName, LatencySamples>;
  /** One stream at a time, frames 5 ms apart: per-frame transit and time to first frame. */
  frames: Map<GatewayName, FrameResult[]>;
  paced: Map<GatewayName, PacedStreamsResult>;
}

/** Options of {@link runGatewaySuite}. */
export interface GatewaySuiteOptions {
  settings: BenchSettings;
  upstream: BenchChild<UpstreamCommands>;
  upstreams: GatewayUpstreams;
  log: (line: string) => void;
}

const chatBody = JSON.stringify({ model: benchModel, messages: benchMessages });
const clockBody = JSON.stringify({
  model: clockModel,
  messages: benchMessages,
  stream: true,
  stream_options: { include_usage: true },
});

async function startGateways(upstreams: GatewayUpstreams, log: (line: string) => void) {
  const started: GatewayUnderTest[] = [direct(upstreams)];
  const skipped: GatewayResults['skipped'] = [];
  const missing = llmrouterServeMissing();
  const starters: [GatewayName, () => Promise<GatewayUnderTest>][] = [
    ['bare-proxy', () => bareProxy(upstreams)],
    [
      'llmrouter',
      () => (missing === undefined ? llmrouterServe(upstreams) : Promise.reject(new Error(missing))),
    ],
    ['portkey', () => portkey(upstreams)],
  ];
  const outcomes = await Promise.allSettled(starters.map(([, start]) => start()));
  outcomes.forEach((outcome, index) => {
    const name = starters[index]![0];
    if (outcome.status === 'fulfilled') {
      started.push(outcome.value);
      if (name === 'llmrouter') started.push(...llmrouterSurfaces(outcome.value));
      return;
    }
    const reason = outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
    skipped.push({ name, reason });
    log(`  gateway ${name} skipped: ${reason.split('\n')[0]}`);
  });
  return { started, skipped, restart: new Map(starters) };
}

/** Samples a process's RSS every 20 ms until stopped; resolves with the peak. */
function watchRss(pid: number | undefined): { stop(): number } {
  if (pid === undefined) return { stop: () => Number.NaN };
  let peak = processRssBytes(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, processRssBytes(pid));
  }, 20);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, processRssBytes(pid));
    },
  };
}

/** Gateway RSS sampled every 20 ms while `during` runs; resolves with the median of the samples. */
async function medianRss(pid: number | undefined, during: Promise<unknown>, fromMs: number): Promise<number> {
  if (pid === undefined) {
    await during;
    return Number.NaN;
  }
  const samples: number[] = [];
  const started = performance.now();
  const timer = setInterval(() => {
    if (performance.now() - started >= fromMs) samples.push(processRssBytes(pid));
  }, 20);
  try {
    await during;
  } finally {
    clearInterval(timer);
  }
  return median(samples);
}

/**
 * Many streams at once through one gateway, in a fresh gateway process (warmed by a few streams): one
 * that has just served a throughput run already holds a grown heap and would hide what streams cost.
 * First the streams are held: each gets one frame, then the upstream pauses two seconds, and the RSS
 * over the pause, minus the RSS before, is the memory per held stream. Then they are paced at 20 ms per
 * frame, and every frame must arrive.
 */
async function pacedStreams(options: {
  gateway: GatewayUnderTest;
  fresh: (() => Promise<GatewayUnderTest>) | undefined;
  load: BenchChild<LoadCommands>;
  upstream: BenchChild<UpstreamCommands>;
  settings: BenchSettings;
  log: (line: string) => void;
}): Promise<PacedStreamsResult> {
  const { load, upstream, settings, log } = options;
  const gateway = options.fresh ? await options.fresh() : options.gateway;
  const run = (streams: number, frames: number) =>
    load.send('frames', { endpoint: gateway.clock, body: clockBody, streams, concurrency: streams, frames });
  try {
    await upstream.send('clock', { frames: settings.pacedFrames, intervalMs: 20 });
    await run(Math.min(20, settings.pacedStreams), settings.pacedFrames);
    const rssBefore = gateway.pid === undefined ? Number.NaN : processRssBytes(gateway.pid);
    const holdMs = settings.quick ? 600 : 2_000;
    await upstream.send('clock', { frames: 2, intervalMs: holdMs });
    const held = await medianRss(gateway.pid, run(settings.pacedStreams, 2), holdMs / 2);
    await upstream.send('clock', { frames: settings.pacedFrames, intervalMs: 20 });
    const watch = watchRss(gateway.pid);
    const result = await run(settings.pacedStreams, settings.pacedFrames);
    const peak = watch.stop();
    log(
      `  paced ${gateway.name.padEnd(11)} ${settings.pacedStreams} streams × ${settings.pacedFrames} frames: ` +
        `${result.framesLost} frames lost, ${result.brokenStreams} broken streams` +
        (result.firstError ? ` (${result.firstError})` : ''),
    );
    return {
      ...result,
      rssBytesPerStream: (held - rssBefore) / settings.pacedStreams,
      pacedRssBytesPerStream: (peak - rssBefore) / settings.pacedStreams,
    };
  } finally {
    if (options.fresh) await gateway.close();
  }
}

/**
 * Part 3: each gateway in its own process on the subject core; autocannon, the sequential probes and
 * the upstreams on the load core. `llmrouter serve` is measured on each of its surfaces (chat
 * completions, Messages, Responses) as rows of their own, interleaved with the others. Throughput at fixed concurrency (interleaved rounds), added latency at
 * concurrency 1 (interleaved call by call), per-frame latency of single streams, and many paced streams
 * at once with no frame lost.
 */
export async function runGatewaySuite(options: GatewaySuiteOptions): Promise<GatewayResults> {
  const { settings, upstream, upstreams, log } = options;
  const load = await startChild<LoadCommands>({
    script: new URL('../gateway/load-process.ts', import.meta.url),
    core: corePlan().load,
  });
  const { started, skipped, restart } = await startGateways(upstreams, log);
  try {
    const names = started.map((gateway) => gateway.name);
    const byName = new Map(started.map((gateway) => [gateway.name, gateway]));
    const run = (gateway: GatewayUnderTest, durationMs: number) =>
      load.send('throughput', {
        endpoint: gateway.chat,
        body: chatBody,
        concurrency: settings.concurrency,
        durationMs,
        tool: settings.loadTool,
      });
    for (const gateway of started) await run(gateway, settings.warmupMs);

    const throughput = await interleave({
      contenders: names,
      rounds: settings.rounds,
      measure: async (name): Promise<GatewayThroughputRound> => {
        const gateway = byName.get(name)!;
        const upstreamBefore = await upstream.send('cpu', null);
        const cpuBefore = gateway.pid === undefined ? Number.NaN : processCpuMicros(gateway.pid);
        const result = await run(gateway, settings.runMs);
        const cpuAfter = gateway.pid === undefined ? Number.NaN : processCpuMicros(gateway.pid);
        const upstreamAfter = await upstream.send('cpu', null);
        return {
          ...result,
          requestsPerSecond: (result.requests / result.elapsedMs) * 1000,
          cpuMicrosPerRequest: (cpuAfter - cpuBefore) / Math.max(1, result.requests),
          coreShare: (cpuAfter - cpuBefore) / (result.elapsedMs * 1000),
          upstreamBusy: busyShare(upstreamBefore, upstreamAfter),
        };
      },
      onResult: (name, round, result) =>
        log(
          `  gateway r${round + 1} ${name.padEnd(11)} ${result.requestsPerSecond.toFixed(0).padStart(6)} req/s ` +
            `p50 ${result.p50Ms.toFixed(2)} ms p99 ${result.p99Ms.toFixed(2)} ms ` +
            `${Number.isNaN(result.cpuMicrosPerRequest) ? '' : `${result.cpuMicrosPerRequest.toFixed(0)} µs CPU/req core ${(result.coreShare * 100).toFixed(0)}% `}` +
            `upstream ${(result.upstreamBusy * 100).toFixed(0)}%` +
            (result.non2xx + result.errors > 0 ? `  NON-2XX ${result.non2xx} ERRORS ${result.errors}` : ''),
        ),
    });

    const endpoints = started.map((gateway) => gateway.chat);
    await load.send('latency', {
      endpoints,
      body: chatBody,
      calls: Math.ceil(settings.sequentialCalls / 10),
    });
    const samples = await load.send('latency', {
      endpoints,
      body: chatBody,
      calls: settings.sequentialCalls,
    });
    const latency = new Map(names.map((name, index) => [name, samples[index]!]));
    log(`  gateway latency at concurrency 1: ${settings.sequentialCalls} calls per gateway, interleaved`);

    // The frame clock speaks chat completions: the other surfaces' rows are throughput and latency only.
    const streamed = started.filter((gateway) => !surfaceRows.includes(gateway.name));
    await upstream.send('clock', { frames: 20, intervalMs: 5 });
    const frames = await interleave({
      contenders: streamed.map((gateway) => gateway.name),
      rounds: settings.rounds,
      measure: (name) =>
        load.send('frames', {
          endpoint: byName.get(name)!.clock,
          body: clockBody,
          streams: settings.quick ? 4 : 20,
          concurrency: 1,
          frames: 20,
        }),
    });
    log('  gateway per-frame latency measured (one stream at a time, 20 frames 5 ms apart)');

    const paced = new Map<GatewayName, PacedStreamsResult>();
    for (const gateway of streamed) {
      paced.set(
        gateway.name,
        // --quick reuses the running gateway: its RSS figure is not worth a restart there.
        await pacedStreams({
          gateway,
          fresh: settings.quick ? undefined : restart.get(gateway.name),
          load,
          upstream,
          settings,
          log,
        }),
      );
    }
    return {
      gateways: started.map((gateway) => ({ name: gateway.name, version: gateway.version })),
      skipped,
      throughput,
      latency,
      frames,
      paced,
    };
  } finally {
    await Promise.all(started.map((gateway) => gateway.close()));
    await load.close();
  }
}
