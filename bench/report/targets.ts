import type { GatewayName } from '../gateway/gateway-contenders.js';
import { pairedDifferences, pairedRatios } from '../lib/interleave.js';
import { median, percentile } from '../lib/stats.js';
import type { BenchRun } from './bench-run.js';
import { redisRoundTrips } from './redis-markdown.js';

/** One target of issue 5, with what this run measured. */
export interface TargetVerdict {
  area: string;
  target: string;
  measured: string;
  /** `undefined` when this run could not measure it. */
  met: boolean | undefined;
}

/** Per-round values of one in-process contender. */
function inProcessSeries(
  run: BenchRun,
  name: string,
  field: 'callsPerSecond' | 'cpuMicrosPerCall',
): number[] {
  return (run.inProcess?.rounds.get(name as never) ?? []).map((round) => round[field]);
}

function gatewaySeries(
  run: BenchRun,
  name: GatewayName,
  field: 'requestsPerSecond' | 'cpuMicrosPerRequest' = 'requestsPerSecond',
): number[] {
  return (run.gateway?.throughput.get(name) ?? []).map((round) => round[field]);
}

/** Every frame's transit through one gateway in the one-stream-at-a-time runs, microseconds. */
export function frameTransits(run: BenchRun, name: GatewayName): number[] {
  return (run.gateway?.frames.get(name) ?? []).flatMap((result) => result.transitMicros);
}

/** Time to first frame through one gateway, milliseconds. */
export function frameTtfts(run: BenchRun, name: GatewayName): number[] {
  return (run.gateway?.frames.get(name) ?? []).flatMap((result) => result.ttftMs);
}

function ratioVerdict(options: {
  area: string;
  target: string;
  numerator: number[];
  denominator: number[];
  atLeast: number;
  /** CPU per operation of the numerator and the denominator, for the capacity ratio shown alongside. */
  cpu?: { numerator: number[]; denominator: number[] };
}): TargetVerdict {
  const { area, target, numerator, denominator, atLeast, cpu } = options;
  if (numerator.length === 0 || denominator.length === 0)
    return { area, target, measured: 'not measured', met: undefined };
  const show = (ratio: number) => (atLeast < 2 ? `${(ratio * 100).toFixed(0)}%` : `${ratio.toFixed(1)}×`);
  const ratio = median(pairedRatios(numerator, denominator));
  let measured = show(ratio);
  if (cpu && cpu.numerator.length > 0 && cpu.denominator.length > 0) {
    // Capacity: the inverse ratio of CPU per operation, immune to a saturated load generator.
    measured += ` (by CPU per call: ${show(median(pairedRatios(cpu.denominator, cpu.numerator)))})`;
  }
  return { area, target, measured, met: ratio >= atLeast };
}

function limitVerdict(options: {
  area: string;
  target: string;
  value: number | undefined;
  atMost: number;
  unit: string;
  digits: number;
  /** Printed after the value: what the floor already costs, say. */
  context?: string;
}): TargetVerdict {
  const { area, target, value, atMost, unit, digits, context } = options;
  if (value === undefined || !Number.isFinite(value))
    return { area, target, measured: 'not measured', met: undefined };
  const measured = `${value.toFixed(digits)} ${unit}${context ? ` (${context})` : ''}`;
  return { area, target, measured, met: value <= atMost };
}

/** `floor: X, llmrouter over it: Y` for a gateway figure measured against direct. */
function overFloor(options: {
  floor: number;
  serve: number;
  unit: string;
  digits: number;
}): string | undefined {
  const { floor, serve, unit, digits } = options;
  if (!Number.isFinite(floor) || !Number.isFinite(serve)) return undefined;
  return `bare proxy: ${floor.toFixed(digits)} ${unit}; llmrouter over the bare proxy: ${(serve - floor).toFixed(digits)} ${unit}`;
}

/** The issue's targets, each judged on this run's figures. */
export function judgeTargets(run: BenchRun): TargetVerdict[] {
  const verdicts: TargetVerdict[] = [];
  const routerRate = inProcessSeries(run, 'router', 'callsPerSecond');
  verdicts.push(
    ratioVerdict({
      area: 'in-process',
      target: '`router.complete` (full middleware) ≥ 90% of raw undici calls/s',
      numerator: routerRate,
      denominator: inProcessSeries(run, 'raw-undici', 'callsPerSecond'),
      atLeast: 0.9,
      cpu: {
        numerator: inProcessSeries(run, 'router', 'cpuMicrosPerCall'),
        denominator: inProcessSeries(run, 'raw-undici', 'cpuMicrosPerCall'),
      },
    }),
    ratioVerdict({
      area: 'in-process',
      target: '`router.complete` ≥ 5× the Vercel AI SDK calls/s',
      numerator: routerRate,
      denominator: inProcessSeries(run, 'ai-sdk', 'callsPerSecond'),
      atLeast: 5,
      cpu: {
        numerator: inProcessSeries(run, 'router', 'cpuMicrosPerCall'),
        denominator: inProcessSeries(run, 'ai-sdk', 'cpuMicrosPerCall'),
      },
    }),
  );
  const routerCpu = inProcessSeries(run, 'router', 'cpuMicrosPerCall');
  const adapterCpu = inProcessSeries(run, 'adapter', 'cpuMicrosPerCall');
  verdicts.push(
    limitVerdict({
      area: 'in-process',
      target: 'router adds ≤ 50 µs CPU per call (p50) over the adapter alone',
      value:
        routerCpu.length && adapterCpu.length ? median(pairedDifferences(routerCpu, adapterCpu)) : undefined,
      atMost: 50,
      unit: 'µs',
      digits: 1,
    }),
  );

  const groupCpu = inProcessSeries(run, 'router-group', 'cpuMicrosPerCall');
  verdicts.push(
    limitVerdict({
      area: 'in-process',
      target: 'router with a 4-member `latency` group adds ≤ 50 µs CPU per call (p50) over the adapter alone',
      value:
        groupCpu.length && adapterCpu.length ? median(pairedDifferences(groupCpu, adapterCpu)) : undefined,
      atMost: 50,
      unit: 'µs',
      digits: 1,
    }),
  );

  const redisCpu = inProcessSeries(run, 'router-redis', 'cpuMicrosPerCall');
  verdicts.push(
    limitVerdict({
      area: 'in-process',
      target:
        'router with its breaker and rate limit on Redis adds ≤ 50 µs CPU per call (p50) over the adapter alone',
      value:
        redisCpu.length && adapterCpu.length ? median(pairedDifferences(redisCpu, adapterCpu)) : undefined,
      atMost: 50,
      unit: 'µs',
      digits: 1,
    }),
  );
  for (const [contender, what] of [
    ['router-redis', 'breaker and rate limit'],
    ['router-redis-breaker', 'breaker alone'],
  ] as const) {
    const trips = redisRoundTrips(run, contender);
    verdicts.push({
      area: 'in-process',
      target: `no Redis command on the request path of a healthy provider (${what} on Redis; issue 15)`,
      measured: trips
        ? `${trips.requestPathPerCall.toFixed(3)} round trips per call (${trips.duringRuns} over ${trips.calls} calls; timers alone ${trips.idlePerSecond.toFixed(1)}/s)`
        : 'not measured',
      // Under 1 in 100 calls: the timers' rate is estimated from one idle interval, so a few stray sync
      // commands may be left over; one command per call or per batch of calls is far above it.
      met: trips ? trips.requestPathPerCall < 0.01 : undefined,
    });
  }

  const streaming = run.streaming;
  verdicts.push(
    limitVerdict({
      area: 'streaming',
      target: 'time to first token within 0.5 ms (p50) of a raw SSE read',
      value: streaming ? median(streaming.ttft.router) - median(streaming.ttft.raw) : undefined,
      atMost: 0.5,
      unit: 'ms',
      digits: 3,
    }),
  );
  const shortHeld = streaming?.held[0]?.runs.get('router');
  verdicts.push(
    limitVerdict({
      area: 'streaming',
      target: `heap per held stream ≤ 16 KB in-process (${run.settings.heldStreams} streams)`,
      value: shortHeld ? median(shortHeld.map((result) => result.heapBytesPerStream)) / 1024 : undefined,
      atMost: 16,
      unit: 'KB',
      digits: 1,
    }),
  );
  verdicts.push(flatnessVerdict(run));

  const gateway = run.gateway;
  const hasServe = gateway?.gateways.some((entry) => entry.name === 'llmrouter') ?? false;
  const transitsDirect = frameTransits(run, 'direct');
  const transitsServe = frameTransits(run, 'llmrouter');
  const transitsBare = frameTransits(run, 'bare-proxy');
  const transitAdded = (transits: number[]) => percentile(transits, 0.99) - percentile(transitsDirect, 0.99);
  verdicts.push(
    limitVerdict({
      area: 'streaming',
      target: 'gateway adds ≤ 50 µs per frame (p99)',
      value: hasServe && transitsServe.length ? transitAdded(transitsServe) : undefined,
      atMost: 50,
      unit: 'µs',
      digits: 0,
      context: overFloor({
        floor: transitAdded(transitsBare),
        serve: transitAdded(transitsServe),
        unit: 'µs',
        digits: 0,
      }),
    }),
  );
  const paced = gateway?.paced.get('llmrouter');
  verdicts.push({
    area: 'streaming',
    target: `${run.settings.pacedStreams} concurrent streams paced at 20 ms per frame through the gateway, no frame lost`,
    measured: paced
      ? `${paced.framesLost} frames lost, ${paced.brokenStreams} broken streams of ${paced.streams}`
      : 'not measured',
    met: paced ? paced.framesLost === 0 && paced.brokenStreams === 0 : undefined,
  });
  verdicts.push(
    limitVerdict({
      area: 'streaming',
      target: 'RSS per held stream ≤ 64 KB through the gateway',
      value: paced ? paced.rssBytesPerStream / 1024 : undefined,
      atMost: 64,
      unit: 'KB',
      digits: 1,
    }),
  );

  for (const [name, surface] of gatewaySurfaces) {
    verdicts.push(...surfaceVerdicts(run, name, surface));
  }
  return verdicts;
}

/** `llmrouter serve`'s surfaces, each held to the targets chat completions has (issue 16). */
const gatewaySurfaces: readonly [GatewayName, string][] = [
  ['llmrouter', ''],
  ['llmrouter-messages', ' `/v1/messages`'],
  ['llmrouter-responses', ' `/v1/responses`'],
];

/** The gateway targets for one surface of `llmrouter serve`, against the chat-completions floors. */
function surfaceVerdicts(run: BenchRun, name: GatewayName, surface: string): TargetVerdict[] {
  const verdicts: TargetVerdict[] = [];
  const gateway = run.gateway;
  const serveRate = gatewaySeries(run, name);
  verdicts.push(
    ratioVerdict({
      area: 'gateway',
      target: `\`llmrouter serve\`${surface} ≥ 80% of the bare proxy req/s`,
      numerator: serveRate,
      denominator: gatewaySeries(run, 'bare-proxy'),
      atLeast: 0.8,
      cpu: {
        numerator: gatewaySeries(run, name, 'cpuMicrosPerRequest'),
        denominator: gatewaySeries(run, 'bare-proxy', 'cpuMicrosPerRequest'),
      },
    }),
    ratioVerdict({
      area: 'gateway',
      target: `\`llmrouter serve\`${surface} ≥ 5× Portkey's req/s`,
      numerator: serveRate,
      denominator: gatewaySeries(run, 'portkey'),
      atLeast: 5,
      cpu: {
        numerator: gatewaySeries(run, name, 'cpuMicrosPerRequest'),
        denominator: gatewaySeries(run, 'portkey', 'cpuMicrosPerRequest'),
      },
    }),
  );
  const serveLatency = gateway?.latency.get(name)?.latencies;
  const directLatency = gateway?.latency.get('direct')?.latencies ?? [];
  const bareLatency = gateway?.latency.get('bare-proxy')?.latencies ?? [];
  for (const [fraction, limit] of [
    [0.5, 0.25],
    [0.99, 1],
  ] as const) {
    const added = (latencies: number[]) =>
      percentile(latencies, fraction) - percentile(directLatency, fraction);
    verdicts.push(
      limitVerdict({
        area: 'gateway',
        target: `${surface ? `${surface.trim()}: ` : ''}added latency over direct at concurrency 1, p${fraction * 100} ≤ ${limit} ms`,
        value: serveLatency?.length ? added(serveLatency) : undefined,
        atMost: limit,
        unit: 'ms',
        digits: 3,
        context: serveLatency?.length
          ? overFloor({ floor: added(bareLatency), serve: added(serveLatency), unit: 'ms', digits: 3 })
          : undefined,
      }),
    );
  }
  return verdicts;
}

/** CPU per part must not grow with the answer's length: the longest answer against the middle one. */
function flatnessVerdict(run: BenchRun): TargetVerdict {
  const area = 'streaming';
  const target = 'cost per part flat in the response length (CPU µs/part, longest ≤ 1.25× middle length)';
  const rates = run.streaming?.rates ?? [];
  const longest = rates.at(-1);
  const middle = rates.at(-2);
  if (!longest || !middle) return { area, target, measured: 'not measured', met: undefined };
  const perPart = (entry: typeof longest) =>
    median((entry.runs.get('router') ?? []).map((result) => result.cpuMicros / result.parts));
  const ratio = perPart(longest) / perPart(middle);
  return {
    area,
    target,
    measured: `${perPart(middle).toFixed(2)} µs at ${middle.length} parts, ${perPart(longest).toFixed(2)} µs at ${longest.length} (${ratio.toFixed(2)}×)`,
    met: ratio <= 1.25,
  };
}
