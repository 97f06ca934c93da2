import type { ContenderName } from '../in-process/contender.js';
import { redisContenders } from '../in-process/contender.js';
import type { BenchRun } from './bench-run.js';
import { number, table } from './format.js';

/** One Redis contender's round trips: over its timed runs, over an idle interval, and the difference per call. */
export interface RedisRoundTrips {
  calls: number;
  /** Round trips (commands a client sent) over every timed run. */
  duringRuns: number;
  /** Milliseconds of timed runs. */
  runMs: number;
  /** Round trips per second with no call in flight: the store's timers (deadline sync, batches). */
  idlePerSecond: number;
  /** Round trips over the runs beyond what the timers alone send in that time, per call. */
  requestPathPerCall: number;
  /** Every command counted over the runs, by name (script internals included). */
  byCommand: Record<string, number>;
}

/** The round trips of one Redis contender in this run, or `undefined` when it was not measured. */
export function redisRoundTrips(run: BenchRun, contender: ContenderName): RedisRoundTrips | undefined {
  const rounds = run.inProcess?.rounds.get(contender);
  const idle = run.inProcess?.redisIdle?.get(contender);
  if (!rounds?.length || !idle || rounds.some((round) => round.redis === undefined)) return undefined;
  const calls = rounds.reduce((sum, round) => sum + round.calls + round.failures, 0);
  const duringRuns = rounds.reduce((sum, round) => sum + round.redis!.roundTrips, 0);
  const runMs = rounds.reduce((sum, round) => sum + round.elapsedMs, 0);
  const idlePerSecond = (idle.roundTrips / idle.durationMs) * 1000;
  const byCommand: Record<string, number> = {};
  for (const round of rounds) {
    for (const [name, count] of Object.entries(round.redis!.byCommand)) {
      byCommand[name] = (byCommand[name] ?? 0) + count;
    }
  }
  const background = (idlePerSecond * runMs) / 1000;
  return {
    calls,
    duringRuns,
    runMs,
    idlePerSecond,
    requestPathPerCall: Math.max(0, duringRuns - background) / Math.max(1, calls),
    byCommand,
  };
}

const labels: Partial<Record<ContenderName, string>> = {
  'router-redis': 'breaker and rate limit on Redis',
  'router-redis-breaker': 'breaker on Redis',
};

/** The table under part 1: what the Redis contenders sent to Redis, on the request path and beside it. */
export function redisSection(run: BenchRun): string {
  const rows = redisContenders.flatMap((contender) => {
    const trips = redisRoundTrips(run, contender);
    if (!trips) return [];
    const commands = Object.entries(trips.byCommand)
      .sort(([, left], [, right]) => right - left)
      .map(([name, count]) => `${name} ${number(count)}`)
      .join(', ');
    return [
      [
        labels[contender] ?? contender,
        number(trips.calls),
        number(trips.duringRuns),
        number(trips.idlePerSecond, 1),
        number(trips.requestPathPerCall, 3),
        commands || 'none',
      ],
    ];
  });
  const skipped = (run.inProcess?.skipped ?? []).filter((entry) => redisContenders.includes(entry.name));
  const lines: string[] = [];
  if (rows.length) {
    lines.push(
      table(
        [
          'contender',
          'calls',
          'round trips over the timed runs',
          'round trips/s idle (timers)',
          'request-path round trips per call',
          'commands counted over the runs',
        ],
        rows,
      ),
      '',
      "Counted by the contender's own redis-server (`INFO commandstats` before and after each timed run). " +
        'A round trip is a command a client sent (EVALSHA, PUBLISH, SUBSCRIBE ...); commandstats also counts ' +
        'what a script runs inside Redis (GET, SET, TIME ...), listed but not counted as round trips. The idle ' +
        'rate is the same store with no call in flight for one run length (the jittered deadline sync about ' +
        'once a second): the request-path figure is the timed runs minus that rate over their length, per call.',
    );
  }
  for (const entry of skipped) lines.push(`- **${entry.name} not measured**: ${entry.reason}`);
  return lines.join('\n');
}
