import { percentile } from '../lib/stats.js';
import type { BenchRun } from './bench-run.js';
import { number, spread, table } from './format.js';

/** Part 2 of RESULTS.md: time to first token, parts per second by length, memory per held stream. */
export function streamingSection(run: BenchRun): string {
  const streaming = run.streaming;
  if (!streaming) return '_Not run._';
  const { raw, router } = streaming.ttft;
  const lines = [
    '### Time to first token (concurrency 1, whole answer in one upstream write)',
    '',
    table(
      ['reader', 'p50 ms', 'p99 ms'],
      [
        [
          'raw SSE read (undici + minimal parser)',
          number(percentile(raw, 0.5), 3),
          number(percentile(raw, 0.99), 3),
        ],
        [
          '`router.stream` (full middleware)',
          number(percentile(router, 0.5), 3),
          number(percentile(router, 0.99), 3),
        ],
      ],
    ),
    '',
    `Added at p50: **${number((percentile(router, 0.5) - percentile(raw, 0.5)) * 1000)} µs** over ${raw.length} calls per reader, alternating call by call.`,
    '',
    '### Parts per second and CPU per part, by answer length (one stream at a time, zero-delay upstream)',
    '',
  ];
  lines.push(
    table(
      ['parts per answer', 'raw parts/s', '`router.stream` parts/s', 'raw CPU µs/part', 'router CPU µs/part'],
      streaming.rates.map((entry) => {
        const rawRuns = entry.runs.get('raw') ?? [];
        const routerRuns = entry.runs.get('router') ?? [];
        const rate = (runs: typeof rawRuns) => runs.map((result) => (result.parts / result.elapsedMs) * 1000);
        const cpu = (runs: typeof rawRuns) => runs.map((result) => result.cpuMicros / result.parts);
        return [
          number(entry.length),
          spread(rate(rawRuns)),
          spread(rate(routerRuns)),
          spread(cpu(rawRuns), 2),
          spread(cpu(routerRuns), 2),
        ];
      }),
    ),
    '',
    `### Memory per held stream (${run.settings.heldStreams} streams open at once, upstream stalled mid-answer)`,
    '',
    table(
      [
        'content parts received',
        'raw heap KB/stream',
        'router heap KB/stream',
        'raw RSS KB/stream',
        'router RSS KB/stream',
      ],
      streaming.held.map((entry) => {
        const heap = (reader: 'raw' | 'router') =>
          (entry.runs.get(reader) ?? []).map((result) => result.heapBytesPerStream / 1024);
        const rss = (reader: 'raw' | 'router') =>
          (entry.runs.get(reader) ?? []).map((result) => result.rssBytesPerStream / 1024);
        return [
          number(entry.partsPerStream),
          spread(heap('raw'), 1),
          spread(heap('router'), 1),
          spread(rss('raw'), 1),
          spread(rss('router'), 1),
        ];
      }),
    ),
    '',
    'Heap is `heapUsed` after two forced GCs with the streams held, minus the same before they opened, per ' +
      "stream; it includes each stream's socket, undici request and parser. The router keeps every text " +
      'delta it yielded (for `stream.response`), so its heap grows by the answer received so far; the ' +
      'difference between the two rows, divided by the extra parts, is that cost per part. The streams are ' +
      "spread over four upstream origins because the raw reader's pool opens at most 256 connections per " +
      "origin (llmrouter's shared pool has no cap), so no stream waits for a connection.",
  );
  return lines.join('\n');
}
