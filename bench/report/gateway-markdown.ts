import type { GatewayName } from '../gateway/gateway-contenders.js';
import { median, percentile } from '../lib/stats.js';
import type { BenchRun } from './bench-run.js';
import { number, spread, table } from './format.js';
import { frameTransits, frameTtfts } from './targets.js';

const gatewayLabels: Record<GatewayName, string> = {
  direct: 'direct to the upstream (reference)',
  'bare-proxy': 'bare undici proxy (floor)',
  llmrouter: '`llmrouter serve`',
  'llmrouter-messages': '`llmrouter serve`, `/v1/messages` (Anthropic shape in and out)',
  'llmrouter-responses': '`llmrouter serve`, `/v1/responses` (OpenAI Responses, stateless)',
  portkey: 'Portkey AI gateway',
};

/**
 * Throughput ratios hide a saturated load generator (it shares its core with the upstream); CPU per
 * request does not, so the gateway's capacity ratio is shown beside it.
 */
function capacityLine(run: BenchRun): string {
  const cpu = (name: GatewayName) =>
    median((run.gateway?.throughput.get(name) ?? []).map((round) => round.cpuMicrosPerRequest));
  const serve = cpu('llmrouter');
  const bare = cpu('bare-proxy');
  const portkey = cpu('portkey');
  if (!Number.isFinite(serve)) return '';
  return (
    `Capacity by CPU per request (requests one core can serve, 1 / CPU per request): \`llmrouter serve\` ` +
    `${number(1e6 / serve)} req/s, ${Number.isFinite(bare) ? `${number((bare / serve) * 100)}% of the bare proxy's ${number(1e6 / bare)}` : 'bare proxy not measured'}` +
    `${Number.isFinite(portkey) ? `, ${number(portkey / serve, 1)}× Portkey's ${number(1e6 / portkey)}` : ''}.`
  );
}

/** Part 3 of RESULTS.md: throughput, concurrency-1 latency and streaming through each gateway. */
export function gatewaySection(run: BenchRun): string {
  const gateway = run.gateway;
  if (!gateway) return '_Not run._';
  const versions = new Map(gateway.gateways.map((entry) => [entry.name, entry.version]));
  const lines = [
    `### Throughput at concurrency ${run.settings.concurrency} (${run.settings.loadTool}, non-streaming)`,
    '',
    table(
      [
        'gateway',
        'version',
        'req/s',
        'p50 ms',
        'p99 ms',
        'gateway CPU µs/req',
        'gateway core used',
        'upstream core busy',
        'non-2xx / errors',
      ],
      [...gateway.throughput.entries()].map(([name, rounds]) => [
        gatewayLabels[name],
        versions.get(name) ?? '',
        spread(rounds.map((round) => round.requestsPerSecond)),
        number(median(rounds.map((round) => round.p50Ms)), 2),
        number(median(rounds.map((round) => round.p99Ms)), 2),
        name === 'direct' ? '–' : spread(rounds.map((round) => round.cpuMicrosPerRequest)),
        name === 'direct' ? '–' : `${number(median(rounds.map((round) => round.coreShare * 100)))}%`,
        `${number(median(rounds.map((round) => round.upstreamBusy * 100)))}%`,
        `${rounds.reduce((sum, round) => sum + round.non2xx, 0)} / ${rounds.reduce((sum, round) => sum + round.errors, 0)}`,
      ]),
    ),
    '',
    'Gateway CPU is read from `/proc/PID/stat` of the gateway process over each run. Latency percentiles ' +
      (run.settings.loadTool === 'wrk'
        ? "come from wrk's latency distribution."
        : "come from autocannon's per-response times (its histogram keeps whole milliseconds)."),
    '',
    capacityLine(run),
    '',
    '### Added latency at concurrency 1 (undici client, requests alternating between gateways)',
    '',
  ];
  const direct = gateway.latency.get('direct')?.latencies ?? [];
  const bare = gateway.latency.get('bare-proxy')?.latencies ?? [];
  const added = (latencies: number[], reference: number[]) =>
    `${number(percentile(latencies, 0.5) - percentile(reference, 0.5), 3)} / ` +
    number(percentile(latencies, 0.99) - percentile(reference, 0.99), 3);
  lines.push(
    table(
      [
        'gateway',
        'p50 ms',
        'p99 ms',
        'added over direct p50 / p99 ms',
        'added over the bare proxy p50 / p99 ms',
        'own `x-llmrouter-overhead-ms` p50 / p99',
      ],
      [...gateway.latency.entries()].map(([name, samples]) => {
        const { latencies, reportedOverheadMs: reported } = samples;
        return [
          gatewayLabels[name],
          number(percentile(latencies, 0.5), 3),
          number(percentile(latencies, 0.99), 3),
          name === 'direct' ? '–' : added(latencies, direct),
          name === 'direct' || name === 'bare-proxy' || bare.length === 0 ? '–' : added(latencies, bare),
          reported.length
            ? `${number(percentile(reported, 0.5), 3)} / ${number(percentile(reported, 0.99), 3)}`
            : '–',
        ];
      }),
    ),
    '',
    'At concurrency 1 each hop wakes a process on the other core, and on this virtual machine that wake-up, ' +
      "not the gateway's work, is most of a hop: the bare proxy's added latency is the floor for any Node " +
      'gateway here, and the column after it is what llmrouter adds on top of that floor.',
    '',
    '### Streaming through the gateway',
    '',
    'Frames come from a frame-clock upstream that stamps each frame with the monotonic time of its write, so ' +
      "the client reads each frame's transit (write to read) exactly. One stream at a time, 20 frames 5 ms apart:",
    '',
  );
  const directTransit = frameTransits(run, 'direct');
  const bareTransit = frameTransits(run, 'bare-proxy');
  const directTtft = frameTtfts(run, 'direct');
  lines.push(
    table(
      [
        'gateway',
        'frame transit p50 µs',
        'p99 µs',
        'added p99 µs',
        'over the bare proxy p99 µs',
        'first frame p50 ms',
        'added TTFT p50 ms',
        'frames lost',
      ],
      [...gateway.frames.entries()].map(([name, results]) => {
        const transit = frameTransits(run, name);
        const ttft = frameTtfts(run, name);
        const lost = results.reduce((sum, result) => sum + result.framesLost, 0);
        return [
          gatewayLabels[name],
          number(percentile(transit, 0.5)),
          number(percentile(transit, 0.99)),
          name === 'direct' ? '–' : number(percentile(transit, 0.99) - percentile(directTransit, 0.99)),
          name === 'direct' || name === 'bare-proxy' || bareTransit.length === 0
            ? '–'
            : number(percentile(transit, 0.99) - percentile(bareTransit, 0.99)),
          number(median(ttft), 3),
          name === 'direct' ? '–' : number(median(ttft) - median(directTtft), 3),
          String(lost),
        ];
      }),
    ),
    '',
    `${run.settings.pacedStreams} streams at once through ${run.settings.quick ? 'the running' : 'a fresh'} ` +
      'gateway process: first held open (one ' +
      'frame each, then a pause; RSS over the pause), then paced at 20 ms per frame, ' +
      `${run.settings.pacedFrames} frames each (every frame must arrive; peak RSS while paced, which ` +
      'mostly shows V8 growing its heap under 25,000 frames a second, the bare proxy included):',
    '',
    table(
      [
        'gateway',
        'broken streams',
        'frames lost',
        'transit p50 µs',
        'transit p99 µs',
        'RSS KB per held stream',
        'peak RSS growth while paced KB/stream',
        'first error',
      ],
      [...gateway.paced.entries()].map(([name, result]) => [
        gatewayLabels[name],
        `${result.brokenStreams} of ${result.streams}`,
        String(result.framesLost),
        number(percentile(result.transitMicros, 0.5)),
        number(percentile(result.transitMicros, 0.99)),
        name === 'direct' ? '–' : number(result.rssBytesPerStream / 1024, 1),
        name === 'direct' ? '–' : number((result.pacedRssBytesPerStream ?? Number.NaN) / 1024, 1),
        result.firstError ? `\`${result.firstError.slice(0, 120)}\`` : '',
      ]),
    ),
  );
  if (gateway.skipped.length) {
    lines.push(
      '',
      ...gateway.skipped.map((entry) => `- **${entry.name} not measured**: ${entry.reason.split('\n')[0]}`),
    );
  }
  return lines.join('\n');
}
