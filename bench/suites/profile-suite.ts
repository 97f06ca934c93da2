import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  bareProxy,
  type GatewayUnderTest,
  type GatewayUpstreams,
  llmrouterServe,
  llmrouterServeMissing,
} from '../gateway/gateway-contenders.js';
import type { LoadCommands } from '../gateway/load-commands.js';
import type { ContenderName, ContenderTargets } from '../in-process/contender.js';
import type { ContenderCommands } from '../in-process/contender-commands.js';
import { benchMessages, benchModel } from '../lib/bench-request.js';
import type { BenchSettings } from '../lib/bench-settings.js';
import { startChild } from '../lib/child-process.js';
import { startRunningFromSource } from '../lib/llmrouter-build.js';
import { corePlan } from '../lib/pinning.js';
import type { ProfileSummary } from '../report/bench-run.js';
import { summarizeProfileDirectory } from '../report/cpu-profile.js';

/** Options of {@link runProfiles}. */
export interface ProfileSuiteOptions {
  settings: BenchSettings;
  targets: ContenderTargets;
  upstreams: GatewayUpstreams;
  log: (line: string) => void;
}

async function profileFlags(name: string): Promise<{ directory: string; flags: string[] }> {
  const directory = await mkdtemp(join(tmpdir(), `llmrouter-profile-${name}-`));
  return { directory, flags: ['--cpu-prof', `--cpu-prof-dir=${directory}`] };
}

async function profileContender(
  contender: ContenderName,
  options: ProfileSuiteOptions,
): Promise<ProfileSummary> {
  const { settings, targets } = options;
  const { directory, flags } = await profileFlags(contender);
  const child = await startChild<ContenderCommands>({
    script: new URL('../in-process/contender-process.ts', import.meta.url),
    core: corePlan().subject,
    nodeFlags: flags,
  });
  let operations = 0;
  try {
    await child.send('setup', { contender, targets });
    for (const durationMs of [settings.warmupMs, settings.runMs * 2]) {
      const result = await child.send('run', { concurrency: settings.concurrency, durationMs });
      operations += result.calls + result.failures;
    }
  } finally {
    await child.close();
  }
  return {
    name: contender,
    workload: `part 1's \`${contender}\` contender, concurrency ${settings.concurrency}, warm-up included (\`${directory}\`)`,
    operations,
    ...(await summarizeProfileDirectory(directory)),
  };
}

async function profileGateway(
  name: 'bare-proxy' | 'llmrouter',
  start: (flags: string[]) => Promise<GatewayUnderTest>,
  options: ProfileSuiteOptions,
): Promise<ProfileSummary> {
  const { settings } = options;
  const { directory, flags } = await profileFlags(name);
  const load = await startChild<LoadCommands>({
    script: new URL('../gateway/load-process.ts', import.meta.url),
    core: corePlan().load,
  });
  const gateway = await start(flags);
  let operations = 0;
  try {
    const body = JSON.stringify({ model: benchModel, messages: benchMessages });
    for (const durationMs of [settings.warmupMs, settings.runMs * 2]) {
      const result = await load.send('throughput', {
        endpoint: gateway.chat,
        body,
        concurrency: settings.concurrency,
        durationMs,
        tool: settings.loadTool,
      });
      operations += result.requests + result.non2xx;
    }
  } finally {
    await gateway.close();
    await load.close();
  }
  return {
    name,
    workload: `part 3's \`${name}\` under ${settings.loadTool}, concurrency ${settings.concurrency}, non-streaming, warm-up included (\`${directory}\`)`,
    operations,
    ...(await summarizeProfileDirectory(directory)),
  };
}

/**
 * `node --cpu-prof` of llmrouter and the floor it is measured against, in pairs: the adapter and
 * `router.complete` in-process, the bare proxy and `llmrouter serve` as gateways. Each runs pinned as in
 * the measured runs; dividing each area's self time by the calls served gives where the extra
 * microseconds per call go. llmrouter runs from source under tsx here (the measured runs use the build),
 * so every sample names its file; tsx's `__name` helper shows up at about 1%.
 */
export async function runProfiles(options: ProfileSuiteOptions): Promise<ProfileSummary[]> {
  const { upstreams, log } = options;
  const profiles: ProfileSummary[] = [];
  startRunningFromSource();
  for (const contender of ['adapter', 'router'] as const) {
    profiles.push(await profileContender(contender, options));
    log(`  profiled ${contender}`);
  }
  profiles.push(await profileGateway('bare-proxy', (flags) => bareProxy(upstreams, flags), options));
  log('  profiled bare-proxy');
  if (llmrouterServeMissing() === undefined) {
    profiles.push(await profileGateway('llmrouter', (flags) => llmrouterServe(upstreams, flags), options));
    log('  profiled llmrouter serve');
  }
  return profiles;
}
