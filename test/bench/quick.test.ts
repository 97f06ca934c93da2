import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasRedisServer } from '../../bench/lib/redis-server.js';

// `npm run bench -- --quick` end to end: it must start every process, measure every contender with
// answers checked call by call, and write a complete RESULTS.md. No timing is judged here.
// It takes 30 to 60 s of both cores, so it runs only when asked (CI sets LLMROUTER_BENCH_SMOKE=1):
// a plain `vitest run` on a shared 2-core machine should not start eleven processes.
const enabled = process.env.LLMROUTER_BENCH_SMOKE === '1';
const root = fileURLToPath(new URL('../../', import.meta.url));
let outDirectory = '';
let exitCode: number | null = null;
let output = '';
let results = '';

/** The rows of the first markdown table after `heading`, as cells. */
function tableAfter(heading: string): string[][] {
  const start = results.indexOf(heading);
  if (start === -1) throw new Error(`no "${heading}" in RESULTS.md`);
  const lines = results.slice(start).split('\n');
  const first = lines.findIndex((line) => line.startsWith('| '));
  const rows: string[][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('| ')) break;
    rows.push(line.slice(2, -2).split(' | '));
  }
  return rows;
}

describe.runIf(enabled)('npm run bench -- --quick (LLMROUTER_BENCH_SMOKE=1)', () => {
  beforeAll(async () => {
    outDirectory = await mkdtemp(join(tmpdir(), 'llmrouter-bench-test-'));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'bench/run.ts', '--quick', '--out', outDirectory],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    exitCode = await new Promise((resolve) => child.once('exit', resolve));
    results = await readFile(join(outDirectory, 'RESULTS.md'), 'utf8').catch(() => '');
  }, 170_000);

  afterAll(async () => {
    await rm(outDirectory, { recursive: true, force: true });
  });

  it('exits 0 and writes RESULTS.md with every part and the targets table', () => {
    expect(exitCode, output).toBe(0);
    for (const heading of [
      '## Conditions',
      '## Targets (issue 5)',
      '## 1. In-process, non-streaming, concurrency 32',
      '## 2. Streaming, in-process',
      '## 3. Gateway',
      '## 4. Cost of resilience',
    ]) {
      expect(results).toContain(heading);
    }
    // 7 in-process (router ×3, group, Redis ×3), 6 streaming, 4 gateway per surface (chat, messages, responses).
    expect(tableAfter('## Targets (issue 5)')).toHaveLength(25);
  });

  it('measures every in-process contender with every call answered as expected', () => {
    const rows = tableAfter('## 1. In-process');
    expect(rows.map((row) => row[0])).toEqual([
      'raw undici (floor)',
      'llmrouter OpenAI adapter, direct',
      '`router.complete` (retry + breaker + timeout + fallback)',
      '`router.complete`, 30% 503 on the primary',
      '`router.complete` on a 4-member `latency` group (same middleware)',
      // The Redis contenders skip without redis-server; CI installs it.
      ...(hasRedisServer
        ? [
            '`router.complete`, breaker and rate limit on Redis (`llmrouter/redis`)',
            '`router.complete`, breaker on Redis (`llmrouter/redis`)',
          ]
        : []),
      'Vercel AI SDK `generateText`',
      'Vercel AI SDK `generateText` on `llmrouter/ai-sdk`',
      'official `openai` client',
    ]);
    expect(new Set(rows.map((row) => row.at(-1)))).toEqual(new Set(['0']));
  });

  it('falls back on about 30% of calls when the primary answers 503, without opening the breaker', () => {
    const [, failing] = tableAfter('## 4. Cost of resilience');
    const fallbacks = /\((\d+\.\d)% of calls\)/.exec(failing![4]!);
    expect(Number(fallbacks?.[1])).toBeGreaterThan(25);
    expect(Number(fallbacks?.[1])).toBeLessThan(35);
    expect(failing![5]).toBe('0');
  });

  it('drives the direct reference, the bare proxy and llmrouter serve without a failed request', () => {
    const rows = tableAfter('### Throughput at concurrency 32');
    const byName = new Map(rows.map((row) => [row[0], row]));
    for (const name of [
      'direct to the upstream (reference)',
      'bare undici proxy (floor)',
      '`llmrouter serve`',
      '`llmrouter serve`, `/v1/messages` (Anthropic shape in and out)',
      '`llmrouter serve`, `/v1/responses` (OpenAI Responses, stateless)',
    ]) {
      expect(byName.get(name)?.at(-1), name).toBe('0 / 0');
    }
    const paced = new Map(tableAfter('streams at once').map((row) => [row[0], row]));
    expect(paced.get('`llmrouter serve`')?.slice(1, 3)).toEqual(['0 of 50', '0']);
  });

  it('draws the chart as SVG', async () => {
    const svg = await readFile(join(outDirectory, 'results.svg'), 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('In-process calls/s at concurrency 32');
  });
});
