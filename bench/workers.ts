import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runWrk } from './gateway/wrk.js';
import { benchApiKey, benchMessages, benchModel } from './lib/bench-request.js';
import { freePort, type SpawnedServer, spawnServer } from './lib/spawn-server.js';
import { median } from './lib/stats.js';

/**
 * `llmrouter serve` as one process, as `--workers 1` and as `--workers 2`, side by side: wrk at
 * concurrency 32, non-streaming, against the same fake upstream, interleaved round by round. Nothing is
 * pinned (two workers need two cores): the upstream and wrk share the machine with the gateway, so
 * on a two-core machine the figure says what a second worker buys there, not what it buys on a
 * dedicated host. `npx tsx bench/workers.ts [--rounds N] [--seconds S]`; llmrouter runs from the build
 * in dist/ when it is there, else from source under tsx.
 */
const root = fileURLToPath(new URL('../', import.meta.url));
const argument = (name: string, fallback: number) => {
  const index = process.argv.indexOf(name);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
};
const rounds = argument('--rounds', 3);
const seconds = argument('--seconds', 5);

const upstreamChild = spawn(process.execPath, ['--import', 'tsx', 'bench/gateway/workers-upstream.ts'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
});
process.once('exit', () => upstreamChild.kill('SIGKILL'));
const baseURL = await new Promise<string>((resolve) => {
  let output = '';
  upstreamChild.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (output.includes('\n')) resolve(output.trim());
  });
});

const directory = await mkdtemp(join(tmpdir(), 'llmrouter-workers-bench-'));
const configPath = join(directory, 'llmrouter.json');
await writeFile(
  configPath,
  JSON.stringify({
    providers: { primary: { type: 'openai', apiKey: benchApiKey, baseURL, models: [benchModel] } },
    retry: { attempts: 3, baseDelayMs: 1_000 },
    circuitBreaker: { failureThreshold: 5, cooldownMs: 30_000 },
    timeout: { totalMs: 30_000 },
  }),
);
const built = join(root, 'dist/cli/main.js');
const cli = existsSync(built) ? [built] : ['--import', 'tsx', join(root, 'src/cli/main.ts')];

const variants = [
  { name: 'one process (no --workers)', flags: [] as string[] },
  { name: '--workers 1', flags: ['--workers', '1'] },
  { name: '--workers 2', flags: ['--workers', '2'] },
];
const servers: Array<(typeof variants)[number] & { server: SpawnedServer; url: string }> = [];
for (const variant of variants) {
  const port = await freePort();
  const server = await spawnServer({
    command: process.execPath,
    args: [...cli, 'serve', '--config', configPath, '--port', String(port), ...variant.flags],
    core: undefined,
    port,
    cwd: root,
  });
  servers.push({ ...variant, server, url: `http://127.0.0.1:${port}/v1/chat/completions` });
}
const body = JSON.stringify({ model: benchModel, messages: benchMessages });
const headers = { 'content-type': 'application/json', authorization: `Bearer ${benchApiKey}` };
const loadBefore = loadavg()[0]!;
const figures = new Map<string, number[]>(servers.map((server) => [server.name, []]));
const failures = new Map<string, number>(servers.map((server) => [server.name, 0]));
for (const server of servers) {
  // Warm-up: JIT and pools (a worker that has not yet taken a connection warms in the first round).
  await runWrk({ endpoint: { url: server.url, headers }, body, concurrency: 32, durationMs: 2_000 });
}
for (let round = 0; round < rounds; round++) {
  const order = servers.map((_, index) => servers[(index + round) % servers.length]!);
  for (const server of order) {
    const result = await runWrk({
      endpoint: { url: server.url, headers },
      body,
      concurrency: 32,
      durationMs: seconds * 1000,
    });
    figures.get(server.name)!.push(result.requests / (result.elapsedMs / 1000));
    failures.set(server.name, failures.get(server.name)! + result.non2xx + result.errors);
  }
}
const loadAfter = loadavg()[0]!;
for (const server of servers) await server.server.close();
upstreamChild.kill('SIGTERM');

const single = median(figures.get(variants[0]!.name)!);
process.stdout.write(
  `llmrouter serve, wrk -c32 non-streaming, ${rounds} rounds of ${seconds} s, ${availableParallelism()} cores, ` +
    `load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after; ${cli.length === 1 ? 'dist build' : 'source under tsx'}\n\n` +
    '| gateway | req/s median | min | max | vs one process | non-2xx + errors |\n|---|---|---|---|---|---|\n',
);
for (const server of servers) {
  const values = figures.get(server.name)!;
  const middle = median(values);
  process.stdout.write(
    `| ${server.name} | ${middle.toFixed(0)} | ${Math.min(...values).toFixed(0)} | ${Math.max(...values).toFixed(0)} | ` +
      `${((middle / single) * 100).toFixed(0)}% | ${failures.get(server.name)} |\n`,
  );
}
process.exit(0);
