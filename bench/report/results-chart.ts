import { median, percentile, summarize } from '../lib/stats.js';
import type { BenchRun } from './bench-run.js';
import { type BarRow, type Panel, renderChart } from './svg-chart.js';

function medianRow(label: string, values: number[]): BarRow {
  const summary = summarize(values);
  return { label, value: summary.median, min: summary.min, max: summary.max };
}

/** The SVG chart of a run: throughput and CPU in-process, throughput and latency through the gateways. */
export function renderResultsChart(run: BenchRun): string {
  const panels: Panel[] = [];
  const inProcess = run.inProcess;
  if (inProcess) {
    const entries = [...inProcess.rounds.entries()];
    panels.push(
      {
        title: `In-process calls/s at concurrency ${run.settings.concurrency} (median, min–max)`,
        unit: 'calls/s',
        rows: entries.map(([name, rounds]) =>
          medianRow(
            name,
            rounds.map((round) => round.callsPerSecond),
          ),
        ),
      },
      {
        title: 'In-process CPU per call (median, min–max)',
        unit: 'µs',
        rows: entries.map(([name, rounds]) =>
          medianRow(
            name,
            rounds.map((round) => round.cpuMicrosPerCall),
          ),
        ),
      },
    );
  }
  const gateway = run.gateway;
  if (gateway) {
    const entries = [...gateway.throughput.entries()];
    panels.push(
      {
        title: `Gateway req/s at concurrency ${run.settings.concurrency} (median, min–max)`,
        unit: 'req/s',
        rows: entries.map(([name, rounds]) =>
          medianRow(
            name,
            rounds.map((round) => round.requestsPerSecond),
          ),
        ),
      },
      {
        title: `Gateway latency at concurrency ${run.settings.concurrency}`,
        unit: 'ms',
        digits: 2,
        legend: { value: 'p50', behind: 'p99' },
        rows: entries.map(([name, rounds]) => ({
          label: name,
          value: median(rounds.map((round) => round.p50Ms)),
          behind: median(rounds.map((round) => round.p99Ms)),
        })),
      },
      {
        title: 'Latency at concurrency 1 (zero-delay upstream)',
        unit: 'ms',
        digits: 3,
        legend: { value: 'p50', behind: 'p99' },
        rows: [...gateway.latency.entries()].map(([name, samples]) => ({
          label: name,
          value: percentile(samples.latencies, 0.5),
          behind: percentile(samples.latencies, 0.99),
        })),
      },
    );
  }
  const { machine } = run;
  return renderChart({
    title: `llmrouter benchmarks${run.settings.quick ? ' (--quick: not for quoting)' : ''}`,
    subtitle:
      `${machine.cpuModel}, ${machine.cores} cores, Node ${machine.nodeVersion}, ` +
      `${run.startedAt.toISOString().slice(0, 10)}; ` +
      (machine.pinned ? 'subject on core 0, upstream and load on core 1' : 'not pinned'),
    panels,
  });
}
