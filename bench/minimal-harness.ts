/**
 * The in-process floor measured without bookkeeping: one process per contender pinned to the subject
 * core, each making a fixed number of calls at fixed concurrency with no timing or record per call, and
 * nothing but CPU per call reported. Contenders: raw undici as a careful user writes it
 * (`agent.request({ origin, path })` + `body.json()`), llmrouter's OpenAI adapter alone, and
 * `router.complete` with retry, circuit breaker and timeout (and a fallback that is never called), and
 * with `--contenders raw,adapter,router,group` the same router on a 4-member `latency` group. Each
 * router's added CPU per call over the adapter alone is printed, paired by round. Not a test:
 *
 *   npx tsx bench/minimal-harness.ts                      # this checkout's dist/ (npm run build first)
 *   npx tsx bench/minimal-harness.ts --dist /tmp/base/dist,dist   # two builds, before/after, paired
 *   npx tsx bench/minimal-harness.ts --callgrind          # instructions per call under valgrind
 *
 * Rounds rotate the order (A B C, B C A ...) and ratios are taken per round, so drift on a shared
 * machine lands on every contender alike. With `--callgrind` each contender runs twice under callgrind
 * (after the same warm-up, `calls` and then twice `calls` measured calls, one at a time) and the difference of the two
 * totals over the difference of the calls is its instruction count per call: noise-free where CPU time
 * on a shared machine is not (start-up and warm-up cancel out).
 */
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { faults } from '../src/testing/index.js';
import { benchReply } from './lib/bench-request.js';
import { startChild } from './lib/child-process.js';
import { pairedDifferences, pairedRatios } from './lib/interleave.js';
import { corePlan, pinSelf } from './lib/pinning.js';
import { median } from './lib/stats.js';
import type { MinimalCommands, MinimalContender, MinimalRun } from './minimal/minimal-commands.js';
import type { UpstreamCommands } from './upstream/upstream-commands.js';

const { values } = parseArgs({
  options: {
    dist: { type: 'string', default: 'dist' },
    contenders: { type: 'string', default: 'raw,adapter,router' },
    rounds: { type: 'string', default: '7' },
    calls: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '32' },
    callgrind: { type: 'boolean', default: false },
  },
});

const root = fileURLToPath(new URL('..', import.meta.url));
const dists = values.dist.split(',').map((dist) => resolve(root, dist));
const kinds = values.contenders.split(',') as MinimalContender[];
const rounds = Number(values.rounds);
const calls = Number(values.calls);
const concurrency = Number(values.concurrency);

/** One contender process: a kind built from one dist (raw undici needs none, so it appears once). */
interface Entry {
  label: string;
  kind: MinimalContender;
  dist: string;
}

const entries: Entry[] = kinds.flatMap((kind): Entry[] =>
  kind === 'raw'
    ? [{ label: 'raw', kind, dist: dists[0]! }]
    : dists.map((dist, index) => ({ label: dists.length > 1 ? `${kind}#${index}` : kind, kind, dist })),
);

function check(entry: Entry, result: MinimalRun): void {
  if (result.failures > 0)
    throw new Error(`${entry.label}: ${result.failures} failed, ${result.firstFailure}`);
}

const callgrindTotal = /^summary:\s+(\d+)/m;

async function measureCallgrind(entry: Entry, baseURL: string, measured: number): Promise<number> {
  const file = join(tmpdir(), `llmrouter-minimal-${process.pid}-${entry.label}-${measured}.callgrind`);
  const child = await startChild<MinimalCommands>({
    script: new URL('./minimal/minimal-process.ts', import.meta.url),
    core: corePlan().subject,
    prefix: ['valgrind', '--tool=callgrind', '--smc-check=all-non-file', `--callgrind-out-file=${file}`],
  });
  try {
    await child.send('setup', { contender: entry.kind, dist: entry.dist, ...targets(baseURL) });
    // One call at a time: under valgrind a call takes fifty times as long, and of 32 connections some sit
    // idle long enough for the upstream's keep-alive timeout to close them under a request.
    check(entry, await child.send('run', { calls: 2_000, concurrency: 1 }));
    check(entry, await child.send('run', { calls: measured, concurrency: 1 }));
  } finally {
    await child.close();
  }
  const match = callgrindTotal.exec(readFileSync(file, 'utf8'));
  rmSync(file, { force: true });
  if (!match) throw new Error(`no callgrind summary for ${entry.label}`);
  return Number(match[1]);
}

function targets(baseURL: string): { primaryBaseURL: string; fallbackBaseURL: string } {
  return { primaryBaseURL: `${baseURL}/primary/v1`, fallbackBaseURL: `${baseURL}/fallback/v1` };
}

async function main(): Promise<void> {
  pinSelf(corePlan().load);
  const upstream = await startChild<UpstreamCommands>({
    script: new URL('./upstream/upstream-process.ts', import.meta.url),
    core: corePlan().load,
  });
  try {
    const { urls } = await upstream.send('start', { servers: 1 });
    const baseURL = urls[0]!;
    await upstream.send('script', { upstream: 'primary', behaviour: faults.reply(benchReply) });
    console.log(`dists: ${dists.map((dist, index) => `#${index} ${dist}`).join('  ')}`);
    if (values.callgrind) {
      for (const entry of entries) {
        // Sequential: two valgrind processes at once would share the subject core.
        const once = await measureCallgrind(entry, baseURL, calls);
        const twice = await measureCallgrind(entry, baseURL, 2 * calls);
        console.log(
          `${entry.label.padEnd(12)} ${((twice - once) / calls).toFixed(0).padStart(8)} instructions/call`,
        );
      }
      return;
    }
    await runRounds(baseURL);
  } finally {
    await upstream.close();
  }
}

async function runRounds(baseURL: string): Promise<void> {
  const children = await Promise.all(
    entries.map(async (entry) => {
      const child = await startChild<MinimalCommands>({
        script: new URL('./minimal/minimal-process.ts', import.meta.url),
        core: corePlan().subject,
      });
      await child.send('setup', { contender: entry.kind, dist: entry.dist, ...targets(baseURL) });
      return child;
    }),
  );
  try {
    for (const [index, child] of children.entries()) {
      check(entries[index]!, await child.send('run', { calls, concurrency }));
    }
    const perCall = entries.map((): number[] => []);
    for (let round = 0; round < rounds; round++) {
      const line: string[] = [];
      for (let offset = 0; offset < entries.length; offset++) {
        const index = (round + offset) % entries.length;
        const result = await children[index]!.send('run', { calls, concurrency });
        check(entries[index]!, result);
        const micros = result.cpuMicros / result.calls;
        perCall[index]![round] = micros;
        line.push(`${entries[index]!.label} ${micros.toFixed(1)}`);
      }
      console.log(`round ${round + 1}: ${line.join('  ')}  (µs CPU/call)`);
    }
    const rawIndex = entries.findIndex((entry) => entry.kind === 'raw');
    for (const [index, entry] of entries.entries()) {
      const mine = perCall[index]!;
      let ratio =
        rawIndex >= 0 && index !== rawIndex
          ? `  raw/this ${(median(pairedRatios(perCall[rawIndex]!, mine)) * 100).toFixed(1)}% (paired)`
          : '';
      // The routers against the adapter of the same build: the target is ≤ 50 µs added per call.
      const adapterIndex = entries.findIndex(
        (other) => other.kind === 'adapter' && other.dist === entry.dist,
      );
      if ((entry.kind === 'router' || entry.kind === 'group') && adapterIndex >= 0) {
        const added = median(pairedDifferences(mine, perCall[adapterIndex]!));
        ratio += `  over the adapter +${added.toFixed(1)} µs (paired; target ≤ 50)`;
      }
      console.log(
        `${entry.label.padEnd(12)} median ${median(mine).toFixed(1)} µs CPU/call  ` +
          `min ${Math.min(...mine).toFixed(1)}${ratio}`,
      );
    }
  } finally {
    await Promise.all(children.map((child) => child.close()));
  }
}

await main();
