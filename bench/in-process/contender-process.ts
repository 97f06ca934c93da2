import { readFile } from 'node:fs/promises';
import { benchReplyText } from '../lib/bench-request.js';
import { serveParent } from '../lib/child-process.js';
import type { CallOnce, ContenderFactory, ContenderName } from './contender.js';
import type { ContenderCommands } from './contender-commands.js';
import { runFixedConcurrency } from './fixed-concurrency.js';

// Each contender is imported only in its own process, so no library's load-time cost or global state
// (the AI SDK's, say) leaks into another's figures.
const factories: Record<ContenderName, { load: () => Promise<ContenderFactory>; packageName: string }> = {
  'raw-undici': {
    load: async () => (await import('./contenders/raw-undici.js')).rawUndici,
    packageName: 'undici',
  },
  adapter: { load: async () => (await import('./contenders/adapter.js')).adapter, packageName: 'llmrouter' },
  router: { load: async () => (await import('./contenders/router.js')).router, packageName: 'llmrouter' },
  'router-under-failure': {
    load: async () => (await import('./contenders/router.js')).router,
    packageName: 'llmrouter',
  },
  'router-group': {
    load: async () => (await import('./contenders/router-group.js')).routerGroup,
    packageName: 'llmrouter',
  },
  'router-redis': {
    load: async () => (await import('./contenders/router-redis.js')).routerRedis,
    packageName: 'llmrouter',
  },
  'router-redis-breaker': {
    load: async () => (await import('./contenders/router-redis.js')).routerRedisBreaker,
    packageName: 'llmrouter',
  },
  'ai-sdk': { load: async () => (await import('./contenders/ai-sdk.js')).aiSdk, packageName: 'ai' },
  'ai-sdk-router': {
    load: async () => (await import('./contenders/ai-sdk-router.js')).aiSdkRouter,
    packageName: 'llmrouter',
  },
  'openai-client': {
    load: async () => (await import('./contenders/openai-client.js')).openaiClient,
    packageName: 'openai',
  },
};

let call: CallOnce | undefined;
let counters: { fallbacks: number; breakerOpened: number } | undefined;

async function packageVersion(name: string): Promise<string> {
  const path = name === 'llmrouter' ? '../../package.json' : `../../node_modules/${name}/package.json`;
  const text = await readFile(new URL(path, import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

serveParent<ContenderCommands>({
  async setup({ contender, targets }) {
    const entry = factories[contender];
    call = await (await entry.load())(targets);
    if (contender.startsWith('router')) counters = (await import('./contenders/router.js')).routerEvents;
    return { version: await packageVersion(entry.packageName) };
  },
  async run({ concurrency, durationMs }) {
    if (!call) throw new Error('setup first');
    const before = counters ? { ...counters } : { fallbacks: 0, breakerOpened: 0 };
    const result = await runFixedConcurrency({ call, concurrency, durationMs, expected: benchReplyText });
    return {
      ...result,
      fallbacks: (counters?.fallbacks ?? 0) - before.fallbacks,
      breakerOpened: (counters?.breakerOpened ?? 0) - before.breakerOpened,
    };
  },
});
