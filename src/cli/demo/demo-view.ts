import type { CircuitBreakerMiddleware } from '../../middleware/circuit-breaker.js';
import type { Attempt } from '../../types/attempt.js';
import type { CircuitState } from '../../types/events.js';
import type { colorsFor } from '../cli-io.js';
import { type DemoTimeline, formatMs } from './demo-scenario.js';
import type { DemoRecord, DemoStats } from './demo-stats.js';

/** Colour functions (no-ops when not on a terminal). */
export type Colors = ReturnType<typeof colorsFor>;

/** What the views read. */
export interface DemoViewInput {
  stats: DemoStats;
  timeline: DemoTimeline;
  breaker: CircuitBreakerMiddleware | undefined;
  describe: (provider: string) => string;
  color: Colors;
}

// Built from a string: an escape character written inside a regex literal trips the linter.
const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const roles = ['primary', 'fallback 1', 'fallback 2', 'fallback 3'];

/** The live view: progress, each provider's breaker and tallies, the totals, and the latest events. */
export function renderLive(input: DemoViewInput): string {
  const { stats, timeline, color } = input;
  const done = stats.records.length;
  const width = 28;
  const filled = Math.round((done / timeline.requests) * width);
  const bar = color.green('█'.repeat(filled)) + color.dim('░'.repeat(width - filled));
  const lines = [
    `${color.bold('llmrouter demo')}  ${bar}  ${done}/${timeline.requests} requests  ${formatMs(stats.elapsedMs())}`,
    '',
    ...providerTable(input, true),
    '',
    totalsLine(input),
  ];
  const recent = stats.events.slice(-5);
  if (recent.length > 0) {
    lines.push('', color.dim('recent events'));
    for (const event of recent)
      lines.push(
        `  ${color.dim(formatMs(event.atMs).padStart(7))}  ${stateColor(event.to, color)(event.text)}`,
      );
  }
  return lines.join('\n');
}

/** One plain progress line, for output that is not a terminal. */
export function progressLine(input: DemoViewInput): string {
  const { stats, timeline } = input;
  const percent = Math.round((stats.records.length / timeline.requests) * 100);
  const states = stats.providers.map((provider) => `${provider}=${stateOf(input, provider)}`).join(' ');
  return `[${String(percent).padStart(3)}%] ${stats.records.length}/${timeline.requests} done  ${totalsLine(input)}  breakers: ${states}`;
}

/** The end-of-run summary: the per-provider table, totals and latency percentiles. */
export function renderSummary(input: DemoViewInput): string {
  const { stats, color } = input;
  const total = stats.latency('total');
  const firstPart = stats.latency('first-part');
  const lines = [color.bold('Summary'), ...providerTable(input, false), ''];
  lines.push(
    `requests ${stats.records.length}: ${color.green(`${stats.succeeded} succeeded`)}, ${stats.failed > 0 ? color.red(`${stats.failed} failed`) : '0 failed'}`,
    `retries ${stats.retries}   fallbacks ${stats.fallbacks}   breaker openings ${stats.openings}`,
  );
  if (total)
    lines.push(
      `latency        p50 ${formatMs(total.p50)}   p90 ${formatMs(total.p90)}   p99 ${formatMs(total.p99)}`,
    );
  if (firstPart) {
    lines.push(
      `stream 1st part p50 ${formatMs(firstPart.p50)}   p90 ${formatMs(firstPart.p90)}   p99 ${formatMs(firstPart.p99)}`,
    );
  }
  return lines.join('\n');
}

/** A request's attempt trail, one attempt a line. */
export function renderTrail(record: DemoRecord, color: Colors): string {
  const outcome = record.error
    ? color.red(`failed: ${record.error.kind}`)
    : `served by ${color.bold(`${record.provider}/${record.trail.findLast((attempt) => attempt.outcome === 'success')?.model ?? '?'}`)}`;
  const lines = [
    `#${record.index} ${record.stream ? 'stream' : 'complete'}  ${formatMs(record.latencyMs)}  ${outcome}`,
  ];
  for (const attempt of record.trail) lines.push(`   ${attemptLine(attempt, color)}`);
  return lines.join('\n');
}

/** The first request of each interesting kind, to show what the router did. */
export function interestingRecords(
  records: readonly DemoRecord[],
): Array<{ title: string; record: DemoRecord }> {
  const sorted = [...records].sort((left, right) => left.index - right.index);
  const has = (record: DemoRecord, test: (attempt: Attempt) => boolean) => record.trail.some(test);
  const picks: Array<{ title: string; test: (record: DemoRecord) => boolean }> = [
    {
      title: 'a transient 503, cured by a retry of the same provider',
      test: (record) =>
        has(
          record,
          (attempt) =>
            attempt.reason === 'retry' && attempt.outcome === 'success' && attempt.provider === 'openai',
        ),
    },
    {
      title: 'the primary failing: retried, then served by the fallback',
      test: (record) =>
        !record.error &&
        record.provider !== 'openai' &&
        has(record, (attempt) => attempt.provider === 'openai' && attempt.outcome === 'error'),
    },
    {
      title: 'the primary hanging: attempts cut off by the timeout',
      test: (record) => has(record, (attempt) => attempt.errorKind === 'timeout'),
    },
    {
      title: 'breaker open: the primary skipped at once, no time lost on it',
      test: (record) => has(record, (attempt) => attempt.outcome === 'skipped'),
    },
    {
      title: 'rate limited: waited as Retry-After asked, then served',
      test: (record) =>
        has(record, (attempt) => attempt.errorKind === 'rate_limited') &&
        has(record, (attempt) => attempt.provider === 'anthropic' && attempt.outcome === 'success'),
    },
    {
      title: 'served by the second fallback',
      test: (record) => record.provider === 'gemini',
    },
  ];
  const shown = new Set<number>();
  const result: Array<{ title: string; record: DemoRecord }> = [];
  for (const pick of picks) {
    const record = sorted.find((candidate) => !shown.has(candidate.index) && pick.test(candidate));
    if (record) {
      shown.add(record.index);
      result.push({ title: pick.title, record });
    }
  }
  return result;
}

function providerTable(input: DemoViewInput, live: boolean): string[] {
  const { stats, color } = input;
  const header = [
    'provider',
    'role',
    live ? 'scripted to' : 'breaker openings',
    'breaker',
    'served',
    'attempts',
    'skipped',
    'errors',
  ];
  const rows = stats.providers.map((provider, index) => {
    const tally = stats.tally(provider);
    const errors = [...tally.errors].map(([kind, count]) => `${kind} ${count}`).join(', ') || '-';
    const state = stateOf(input, provider);
    return [
      provider,
      roles[index] ?? `fallback ${index}`,
      live ? input.describe(provider) : String(tally.openings),
      stateColor(state, color)(state),
      String(tally.served),
      String(tally.attempts),
      String(tally.skipped),
      errors,
    ];
  });
  return table([header.map((cell) => color.dim(cell)), ...rows]);
}

function totalsLine(input: DemoViewInput): string {
  const { stats } = input;
  const latency = stats.latency('total');
  const percentiles = latency
    ? `p50 ${formatMs(latency.p50)} p90 ${formatMs(latency.p90)} p99 ${formatMs(latency.p99)}`
    : 'p50 -';
  return `served ${stats.succeeded} failed ${stats.failed} retries ${stats.retries} fallbacks ${stats.fallbacks} openings ${stats.openings}  ${percentiles}`;
}

function stateOf(input: DemoViewInput, provider: string): CircuitState {
  return input.breaker?.state({ provider }) ?? 'closed';
}

function attemptLine(attempt: Attempt, color: Colors): string {
  const target = `${attempt.provider}/${attempt.model}`.padEnd(28);
  const reason = attempt.reason.padEnd(8);
  let outcome: string;
  if (attempt.outcome === 'success') outcome = color.green('success');
  else if (attempt.outcome === 'skipped')
    outcome = color.yellow(`skipped (${attempt.errorKind ?? 'unavailable'})`);
  else outcome = color.red(`${attempt.errorKind ?? 'error'}${attempt.status ? ` ${attempt.status}` : ''}`);
  return `${String(attempt.ordinal).padStart(2)}. ${target} ${reason} ${pad(outcome, 26)} ${color.dim(formatMs(attempt.latencyMs))}`;
}

/** The colour of a breaker state (red open, yellow half-open, green closed). */
function stateColor(state: CircuitState | undefined, color: Colors): (text: string) => string {
  if (state === 'open') return color.red;
  if (state === 'half-open') return color.yellow;
  if (state === 'closed') return color.green;
  return String;
}

/** Aligns columns by their visible width (colour codes take no room). */
function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [index, cell] of row.entries()) widths[index] = Math.max(widths[index] ?? 0, visible(cell));
  }
  return rows.map(
    (row) =>
      `  ${row.map((cell, index) => (index === row.length - 1 ? cell : pad(cell, widths[index]!))).join('  ')}`,
  );
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - visible(text)));
}

function visible(text: string): number {
  return text.replace(ansi, '').length;
}
