import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, release, tmpdir, type } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { faults } from '../src/testing/index.js';
import type { GatewayUpstreams } from './gateway/gateway-contenders.js';
import type { ContenderName, ContenderTargets } from './in-process/contender.js';
import { benchReply } from './lib/bench-request.js';
import { benchSettings } from './lib/bench-settings.js';
import { startChild } from './lib/child-process.js';
import { ensureBuild } from './lib/llmrouter-build.js';
import { corePlan, pinSelf } from './lib/pinning.js';
import type { BenchRun, MachineInfo } from './report/bench-run.js';
import { renderResultsChart } from './report/results-chart.js';
import { renderResults } from './report/results-markdown.js';
import { loadRun, saveRun } from './report/run-file.js';
import { runGatewaySuite } from './suites/gateway-suite.js';
import { runInProcessSuite } from './suites/in-process-suite.js';
import { runProfiles } from './suites/profile-suite.js';
import { runStreamingSuite } from './suites/streaming-suite.js';
import type { UpstreamCommands } from './upstream/upstream-commands.js';

const usage = `npm run bench [-- options]

  --quick          a short run (well under a minute) that keeps the harness honest; writes to a temp
                   directory unless --out is given, so the committed RESULTS.md stays as measured
  --only LIST      comma-separated parts: in-process, streaming, gateway, profiles (default: all;
                   --quick leaves profiles out unless listed)
  --out DIR        where RESULTS.md and results.svg go (default: bench/)
  --report-only F  render RESULTS.md and results.svg again from a saved run (every run saves one to
                   $TMPDIR/llmrouter-bench-run.json) without measuring anything
  --load TOOL      autocannon or wrk for the gateway throughput runs (default: wrk when it is on the
                   PATH and the run is not --quick, else autocannon)
`;

const benchDirectory = fileURLToPath(new URL('.', import.meta.url));
const quickDirectory = join(tmpdir(), 'llmrouter-bench-quick');

const inProcessContenders: readonly ContenderName[] = [
  'raw-undici',
  'adapter',
  'router',
  'router-under-failure',
  'router-group',
  'router-redis',
  'router-redis-breaker',
  'ai-sdk',
  'ai-sdk-router',
  'openai-client',
];

function machineInfo(): MachineInfo {
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: corePlan().cores,
    nodeVersion: process.versions.node,
    platform: `${type()} ${release()}`,
    pinned: corePlan().pinned,
    loadBefore: loadavg()[0] ?? Number.NaN,
    loadAfter: Number.NaN,
    wrkAvailable: spawnSync('wrk', ['--version']).error === undefined,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      out: { type: 'string' },
      load: { type: 'string' },
      'report-only': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(usage);
    return;
  }
  const log = (line: string) => process.stdout.write(`${line}\n`);
  if (values['report-only'] !== undefined) {
    const saved = await loadRun(values['report-only']);
    const directory = values.out ?? (saved.settings.quick ? quickDirectory : benchDirectory);
    await writeReport(saved, directory, log);
    return;
  }
  const settings = benchSettings(values.quick);
  const machine = machineInfo();
  if (values.load !== undefined && values.load !== 'wrk' && values.load !== 'autocannon') {
    throw new Error(`--load must be wrk or autocannon, not ${values.load}`);
  }
  settings.loadTool = values.load ?? (machine.wrkAvailable && !settings.quick ? 'wrk' : 'autocannon');
  if (settings.loadTool === 'wrk' && !machine.wrkAvailable)
    throw new Error('--load wrk: wrk is not on the PATH');
  const everything = settings.quick
    ? 'in-process,streaming,gateway'
    : 'in-process,streaming,gateway,profiles';
  const parts = new Set((values.only ?? everything).split(',').map((part) => part.trim()));
  const outDirectory = values.out ?? (settings.quick ? quickDirectory : benchDirectory);

  ensureBuild(log);
  pinSelf(corePlan().load);
  log(
    `llmrouter bench (${settings.quick ? 'quick' : 'full'}): ${machine.cores} cores, Node ${machine.nodeVersion}, ` +
      `pinned ${machine.pinned}, load generator ${settings.loadTool}, load average ${machine.loadBefore.toFixed(2)}`,
  );
  const startedAt = new Date();
  const upstream = await startChild<UpstreamCommands>({
    script: new URL('./upstream/upstream-process.ts', import.meta.url),
    core: corePlan().load,
  });
  const run: BenchRun = {
    settings,
    machine,
    startedAt,
    durationMs: 0,
    inProcess: undefined,
    streaming: undefined,
    gateway: undefined,
    profiles: [],
  };
  try {
    // Four origins: held-stream runs open more connections than one pool allows per origin.
    const { urls, frameClockURL } = await upstream.send('start', { servers: 4 });
    const serverURL = urls[0]!;
    const targets: ContenderTargets = {
      primaryBaseURL: `${serverURL}/primary/v1`,
      fallbackBaseURL: `${serverURL}/fallback/v1`,
    };
    const upstreams: GatewayUpstreams = { ...targets, clockBaseURL: frameClockURL };
    for (const name of ['primary', 'fallback']) {
      await upstream.send('script', { upstream: name, behaviour: faults.reply(benchReply) });
    }
    const phase = async <Result>(title: string, body: () => Promise<Result>): Promise<Result> => {
      const began = performance.now();
      log(title);
      const result = await body();
      log(`  (${((performance.now() - began) / 1000).toFixed(1)} s)`);
      return result;
    };
    if (parts.has('in-process')) {
      run.inProcess = await phase('1 + 4. in-process contenders and the cost of resilience', () =>
        runInProcessSuite({ settings, upstream, serverURL, contenders: inProcessContenders, log }),
      );
    }
    if (parts.has('streaming')) {
      run.streaming = await phase('2. streaming, in-process', () =>
        runStreamingSuite({ settings, upstream, serverURLs: urls, log }),
      );
    }
    if (parts.has('gateway')) {
      run.gateway = await phase('3. gateways', () => runGatewaySuite({ settings, upstream, upstreams, log }));
    }
    if (parts.has('profiles')) {
      run.profiles = await phase('profiles', () => runProfiles({ settings, targets, upstreams, log }));
    }
  } finally {
    await upstream.close();
  }
  run.durationMs = Date.now() - startedAt.getTime();
  run.machine.loadAfter = loadavg()[0] ?? Number.NaN;
  const savedRun = join(tmpdir(), 'llmrouter-bench-run.json');
  await saveRun(run, savedRun);
  log(`saved every sample to ${savedRun}`);
  await writeReport(run, outDirectory, log);
}

async function writeReport(run: BenchRun, directory: string, log: (line: string) => void): Promise<void> {
  await mkdir(directory, { recursive: true });
  const chartFile = 'results.svg';
  await writeFile(join(directory, chartFile), renderResultsChart(run));
  await writeFile(join(directory, 'RESULTS.md'), renderResults(run, chartFile));
  const shown = relative(process.cwd(), directory) || '.';
  log(
    `wrote ${join(shown, 'RESULTS.md')} and ${join(shown, chartFile)} (run took ${(run.durationMs / 1000).toFixed(0)} s)`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
