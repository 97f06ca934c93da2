import { faults } from '../../src/testing/index.js';
import { benchReply } from '../lib/bench-request.js';
import type { BenchSettings } from '../lib/bench-settings.js';
import { type BenchChild, startChild } from '../lib/child-process.js';
import { interleave } from '../lib/interleave.js';
import { corePlan } from '../lib/pinning.js';
import type {
  HeldStreamsResult,
  StreamCommands,
  StreamRateResult,
  StreamReader,
} from '../streaming/stream-commands.js';
import type { UpstreamCommands } from '../upstream/upstream-commands.js';

/** Everything part 2 measured in-process. */
export interface StreamingResults {
  ttft: { raw: number[]; router: number[] };
  /** Per response length (content parts), the rounds of each reader. */
  rates: { length: number; runs: Map<StreamReader, StreamRateResult[]> }[];
  /** Per parts-before-stall, the rounds of each reader. */
  held: { partsPerStream: number; runs: Map<StreamReader, HeldStreamsResult[]> }[];
}

/** Options of {@link runStreamingSuite}. */
export interface StreamingSuiteOptions {
  settings: BenchSettings;
  upstream: BenchChild<UpstreamCommands>;
  serverURLs: string[];
  log: (line: string) => void;
}

const readers: readonly StreamReader[] = ['raw', 'router'];

async function startStreamProcess(serverURLs: string[]): Promise<BenchChild<StreamCommands>> {
  const child = await startChild<StreamCommands>({
    script: new URL('../streaming/stream-process.ts', import.meta.url),
    core: corePlan().subject,
    nodeFlags: ['--expose-gc'],
  });
  await child.send('setup', { serverURLs });
  return child;
}
const piece = 'abcd';

/**
 * Part 2, in-process: time to first content over a raw SSE read, parts per second through `router.stream`
 * at several response lengths (the cost per part must not grow with the length), and heap per held stream.
 */
export async function runStreamingSuite(options: StreamingSuiteOptions): Promise<StreamingResults> {
  const { settings, upstream, serverURLs, log } = options;
  const child = await startStreamProcess(serverURLs);
  try {
    await upstream.send('script', { upstream: 'stream-ttft', behaviour: faults.reply(benchReply) });
    await child.send('ttft', { upstream: 'stream-ttft', calls: Math.ceil(settings.sequentialCalls / 10) });
    const ttft = await child.send('ttft', { upstream: 'stream-ttft', calls: settings.sequentialCalls });
    log(`  streaming TTFT measured over ${settings.sequentialCalls} calls per reader`);

    const rates: StreamingResults['rates'] = [];
    for (const length of settings.streamLengths) {
      const name = `stream-length-${length}`;
      await upstream.send('script', {
        upstream: name,
        behaviour: faults.reply({ text: piece.repeat(length), chunkSize: piece.length }),
      });
      for (const reader of readers) {
        await child.send('rate', {
          upstream: name,
          reader,
          durationMs: settings.warmupMs / 2,
          expectedParts: length,
        });
      }
      const runs = await interleave({
        contenders: readers,
        rounds: settings.rounds,
        measure: (reader) =>
          child.send('rate', {
            upstream: name,
            reader,
            durationMs: settings.runMs / 2,
            expectedParts: length,
          }),
        onResult: (reader, round, result) =>
          log(
            `  streaming r${round + 1} ${String(length).padStart(6)} parts ${reader.padEnd(6)} ` +
              `${((result.parts / result.elapsedMs) * 1000).toFixed(0).padStart(8)} parts/s ` +
              `${(result.cpuMicros / result.parts).toFixed(2).padStart(6)} µs CPU/part`,
          ),
      });
      rates.push({ length, runs });
    }

    const held: StreamingResults['held'] = [];
    // Each measurement in a fresh process: see the `held` command.
    const heldLengths = settings.quick ? [10] : [10, 1_000];
    for (const partsPerStream of heldLengths) {
      const name = `held-${partsPerStream}`;
      // Prelude plus `partsPerStream` content parts, then the upstream stalls with the answer unfinished.
      await upstream.send('script', {
        upstream: name,
        behaviour: faults.hang({
          afterParts: 1 + partsPerStream,
          reply: { text: piece.repeat(partsPerStream + 10), chunkSize: piece.length },
        }),
      });
      const runs = await interleave({
        contenders: readers,
        rounds: settings.quick ? 1 : 3,
        measure: async (reader) => {
          const fresh = await startStreamProcess(serverURLs);
          try {
            return await fresh.send('held', {
              upstream: name,
              warmUpstream: 'stream-ttft',
              reader,
              count: settings.heldStreams,
              partsPerStream,
            });
          } finally {
            await fresh.close();
          }
        },
        onResult: (reader, round, result) =>
          log(
            `  held r${round + 1} ${result.count} streams × ${partsPerStream} parts ${reader.padEnd(6)} ` +
              `${(result.heapBytesPerStream / 1024).toFixed(1)} KB heap/stream, ` +
              `${(result.rssBytesPerStream / 1024).toFixed(1)} KB RSS/stream`,
          ),
      });
      held.push({ partsPerStream, runs });
    }
    return { ttft, rates, held };
  } finally {
    await child.close();
  }
}
