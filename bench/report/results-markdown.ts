import type { ContenderName } from '../in-process/contender.js';
import { pairedRatios } from '../lib/interleave.js';
import { median } from '../lib/stats.js';
import type { BenchRun } from './bench-run.js';
import { number, spread, table, verdictMark } from './format.js';
import { gatewaySection } from './gateway-markdown.js';
import { profilesSection } from './profiles-markdown.js';
import { redisSection } from './redis-markdown.js';
import { streamingSection } from './streaming-markdown.js';
import { judgeTargets } from './targets.js';

const contenderLabels: Record<ContenderName, string> = {
  'raw-undici': 'raw undici (floor)',
  adapter: 'llmrouter OpenAI adapter, direct',
  router: '`router.complete` (retry + breaker + timeout + fallback)',
  'router-under-failure': '`router.complete`, 30% 503 on the primary',
  'router-group': '`router.complete` on a 4-member `latency` group (same middleware)',
  'router-redis': '`router.complete`, breaker and rate limit on Redis (`llmrouter/redis`)',
  'router-redis-breaker': '`router.complete`, breaker on Redis (`llmrouter/redis`)',
  'ai-sdk': 'Vercel AI SDK `generateText`',
  'ai-sdk-router': 'Vercel AI SDK `generateText` on `llmrouter/ai-sdk`',
  'openai-client': 'official `openai` client',
};

function machineSection(run: BenchRun): string {
  const { machine, settings } = run;
  const pinning = machine.pinned
    ? 'process under test pinned to core 0 with `taskset`; fake upstream, load generator and orchestrator on core 1'
    : '**not pinned** (`taskset` unavailable or fewer than 2 cores): figures include contention';
  return [
    `- Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.platform}, Node ${machine.nodeVersion}`,
    `- Pinning: ${pinning}`,
    `- Load average (1 min): ${machine.loadBefore.toFixed(2)} at the start, ${machine.loadAfter.toFixed(2)} ` +
      'at the end (the bench itself keeps one to two cores busy)',
    `- Interference check: ${interference(run)}`,
    `- Load generator for gateway throughput: ${settings.loadTool}`,
    `- Run: ${settings.quick ? '`--quick` (numbers only keep the harness honest; do not quote them)' : 'full'}; ` +
      `${settings.rounds} interleaved round(s) of ${settings.runMs / 1000} s per contender after a ` +
      `${settings.warmupMs / 1000} s warm-up; concurrency ${settings.concurrency}; ` +
      `started ${run.startedAt.toISOString()}, took ${(run.durationMs / 1000).toFixed(0)} s`,
  ].join('\n');
}

/** The range of core shares the measured processes got: near 100% everywhere means nothing else ran on the subject core. */
function interference(run: BenchRun): string {
  const shares = [
    ...[...(run.inProcess?.rounds.values() ?? [])].flat().map((round) => round.coreShare),
    ...[...(run.gateway?.throughput.entries() ?? [])]
      .filter(([name]) => name !== 'direct')
      .flatMap(([, rounds]) => rounds.map((round) => round.coreShare)),
  ].filter(Number.isFinite);
  if (shares.length === 0) return 'no fixed-concurrency runs in this run';
  const low = Math.min(...shares);
  return (
    `every fixed-concurrency run used ${number(low * 100)}% to ${number(Math.max(...shares) * 100)}% of its ` +
    `core${low < 0.9 ? ' (**below 90% somewhere: other work shared the subject core; distrust those rounds**)' : ''}`
  );
}

function targetsSection(run: BenchRun): string {
  const verdicts = judgeTargets(run);
  return table(
    ['area', 'target', 'measured', 'verdict'],
    verdicts.map((verdict) => [verdict.area, verdict.target, verdict.measured, verdictMark(verdict.met)]),
  );
}

function inProcessSection(run: BenchRun): string {
  const results = run.inProcess;
  if (!results) return '_Not run._';
  const rows = [...results.rounds.entries()].map(([name, rounds]) => [
    contenderLabels[name],
    results.versions.get(name) ?? '',
    spread(rounds.map((round) => round.callsPerSecond)),
    spread(rounds.map((round) => round.cpuMicrosPerCall)),
    number(median(rounds.map((round) => round.p50Ms)), 2),
    number(median(rounds.map((round) => round.p99Ms)), 2),
    `${number(median(rounds.map((round) => round.coreShare * 100)))}%`,
    `${number(median(rounds.map((round) => round.upstreamBusy * 100)))}%`,
    String(rounds.reduce((sum, round) => sum + round.failures, 0)),
  ]);
  const lines = [
    table(
      [
        'contender',
        'version',
        'calls/s',
        'CPU µs/call',
        'p50 ms',
        'p99 ms',
        'own core used',
        'upstream core busy',
        'failed calls',
      ],
      rows,
    ),
    '',
    "calls/s and CPU µs/call: median over rounds (min–max). CPU is `process.cpuUsage()` of the contender's " +
      'own process (GC and the HTTP client included) divided by its calls. "own core used" is that CPU ' +
      'over the wall time: near 100% means the contender was the bottleneck, as it should be; well under ' +
      'means other work shared its core and calls/s understate it. "upstream core busy" near 100% would ' +
      'mean the fake upstream set the pace.',
  ];
  const failing = [...results.rounds.entries()].find(([, rounds]) =>
    rounds.some((round) => round.firstFailure),
  );
  if (failing) {
    const first = failing[1].find((round) => round.firstFailure)?.firstFailure;
    lines.push('', `First failure (${failing[0]}): \`${first}\``);
  }
  const redis = redisSection(run);
  if (redis) lines.push('', '### Redis commands of the Redis contenders', '', redis);
  return lines.join('\n');
}

function resilienceSection(run: BenchRun): string {
  const healthy = run.inProcess?.rounds.get('router');
  const failing = run.inProcess?.rounds.get('router-under-failure');
  if (!healthy || !failing) return '_Not run._';
  const ratio = median(
    pairedRatios(
      failing.map((round) => round.callsPerSecond),
      healthy.map((round) => round.callsPerSecond),
    ),
  );
  const calls = failing.reduce((sum, round) => sum + round.calls, 0);
  const fallbacks = failing.reduce((sum, round) => sum + round.fallbacks, 0);
  const opened = failing.reduce((sum, round) => sum + round.breakerOpened, 0);
  return [
    table(
      ['run', 'calls/s', 'CPU µs/call', 'p99 ms', 'fallbacks taken', 'breaker opened'],
      [
        [
          'no failures',
          spread(healthy.map((round) => round.callsPerSecond)),
          spread(healthy.map((round) => round.cpuMicrosPerCall)),
          number(median(healthy.map((round) => round.p99Ms)), 2),
          String(healthy.reduce((sum, round) => sum + round.fallbacks, 0)),
          String(healthy.reduce((sum, round) => sum + round.breakerOpened, 0)),
        ],
        [
          '30% of primary calls answer 503',
          spread(failing.map((round) => round.callsPerSecond)),
          spread(failing.map((round) => round.cpuMicrosPerCall)),
          number(median(failing.map((round) => round.p99Ms)), 2),
          `${number(fallbacks)} (${number((fallbacks / Math.max(1, calls)) * 100, 1)}% of calls)`,
          String(opened),
        ],
      ],
    ),
    '',
    `Throughput under failure: **${number(ratio * 100)}%** of the healthy run (paired by round). Every failed ` +
      'primary call costs a second upstream call (the fallback), so about 77% (1 / 1.3) is what the extra ' +
      'upstream work alone explains. The 503s carry `x-should-retry: false`, so each goes straight to the ' +
      'fallback instead of sleeping through a backoff (a sleep would measure the backoff, not the router); ' +
      'the failures are spread (3 in every 10 calls, never adjacent) so the breaker stays closed.',
  ].join('\n');
}

/** RESULTS.md for one run: conditions, verdicts, every table, the chart and the profiles. */
export function renderResults(run: BenchRun, chartFile: string): string {
  return [
    '# llmrouter benchmarks',
    '',
    '_Generated by `npm run bench` (`tsx bench/run.ts`); do not edit by hand. Method, caveats and the ' +
      'analysis of the committed run are in [README.md](README.md)._',
    '',
    '## Conditions',
    '',
    machineSection(run),
    '',
    '## Targets (issue 5)',
    '',
    targetsSection(run),
    '',
    `![throughput and latency](${chartFile})`,
    '',
    `## 1. In-process, non-streaming, concurrency ${run.settings.concurrency}`,
    '',
    inProcessSection(run),
    '',
    '## 2. Streaming, in-process',
    '',
    streamingSection(run),
    '',
    '## 3. Gateway',
    '',
    gatewaySection(run),
    '',
    '## 4. Cost of resilience',
    '',
    resilienceSection(run),
    '',
    '## CPU profiles (`node --cpu-prof`, top functions by self time)',
    '',
    profilesSection(run),
    '',
  ].join('\n');
}
