import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchApiKey, benchMessages, benchModel } from '../lib/bench-request.js';
import { startChild } from '../lib/child-process.js';
import { builtCli, runFromSource, sourceCli } from '../lib/llmrouter-build.js';
import { corePlan } from '../lib/pinning.js';
import { freePort, spawnServer } from '../lib/spawn-server.js';
import type { BareProxyCommands } from './bare-proxy-process.js';
import type { Endpoint } from './load-commands.js';

/**
 * The gateways part 3 compares, by the name RESULTS.md uses. `llmrouter-messages` and
 * `llmrouter-responses` are the same `llmrouter serve` process as `llmrouter`, called on its Anthropic
 * Messages and OpenAI Responses surfaces (same upstream, same provider, same middleware).
 */
export type GatewayName =
  | 'direct'
  | 'bare-proxy'
  | 'llmrouter'
  | 'llmrouter-messages'
  | 'llmrouter-responses'
  | 'portkey';

/** The rows that are another surface of a gateway already running, measured for throughput and latency only. */
export const surfaceRows: readonly GatewayName[] = ['llmrouter-messages', 'llmrouter-responses'];

/** The model name the frame clock is reached by, through every gateway. */
export const clockModel = 'clock';

/** The upstreams every gateway points at. */
export interface GatewayUpstreams {
  primaryBaseURL: string;
  fallbackBaseURL: string;
  clockBaseURL: string;
}

/** A gateway running for the bench (or the direct reference, which has no process of its own). */
export interface GatewayUnderTest {
  name: GatewayName;
  version: string;
  /** The gateway's process, for its CPU and RSS; `undefined` for the direct reference. */
  pid: number | undefined;
  /** Non-streaming chat completions, reaching the fake upstream's primary. */
  chat: Endpoint;
  /** Streaming chat completions, reaching the frame clock. */
  clock: Endpoint;
  close(): Promise<void>;
}

const root = fileURLToPath(new URL('../../', import.meta.url));
const portkeyEntry = join(root, 'node_modules/@portkey-ai/gateway/build/start-server.js');
const auth = { 'content-type': 'application/json', authorization: `Bearer ${benchApiKey}` };

async function packageVersion(path: string): Promise<string> {
  return (JSON.parse(await readFile(join(root, path), 'utf8')) as { version: string }).version;
}

/** The reference: the load generator calling the upstreams itself. */
export function direct(upstreams: GatewayUpstreams): GatewayUnderTest {
  return {
    name: 'direct',
    version: '-',
    pid: undefined,
    chat: { url: `${upstreams.primaryBaseURL}/chat/completions`, headers: auth },
    clock: { url: `${upstreams.clockBaseURL}/chat/completions`, headers: auth },
    close: async () => {},
  };
}

/** The bare undici pass-through proxy (`bare-proxy.ts`) in its own pinned process. */
export async function bareProxy(
  upstreams: GatewayUpstreams,
  nodeFlags: readonly string[] = [],
): Promise<GatewayUnderTest> {
  const child = await startChild<BareProxyCommands>({
    script: new URL('./bare-proxy-process.ts', import.meta.url),
    core: corePlan().subject,
    nodeFlags,
  });
  const { url } = await child.send('start', {
    routes: { [benchModel]: upstreams.primaryBaseURL, [clockModel]: upstreams.clockBaseURL },
  });
  return {
    name: 'bare-proxy',
    version: await packageVersion('node_modules/undici/package.json'),
    pid: child.pid,
    chat: { url: `${url}/v1/chat/completions`, headers: auth },
    clock: { url: `${url}/v1/chat/completions`, headers: auth },
    close: () => child.close(),
  };
}

/** Why `llmrouter serve` cannot be benchmarked in this checkout, or `undefined` when it can. */
export function llmrouterServeMissing(): string | undefined {
  return existsSync(builtCli) ? undefined : 'dist/cli/main.js is missing (the build failed?)';
}

/**
 * `llmrouter serve --config FILE`, configured as DESIGN.md's example (retry, circuit breaker, timeout,
 * a fallback), started from the build (`node dist/cli/main.js`, as installed; from source under tsx for profiles) in its own
 * pinned process. Its request log (on by default)
 * goes to a pipe the bench drains, as it would to a log collector.
 */
export async function llmrouterServe(
  upstreams: GatewayUpstreams,
  nodeFlags: readonly string[] = [],
): Promise<GatewayUnderTest> {
  const port = await freePort();
  const directory = await mkdtemp(join(tmpdir(), 'llmrouter-bench-'));
  const configPath = join(directory, 'llmrouter.yaml');
  const config = {
    providers: {
      primary: {
        type: 'openai',
        apiKey: benchApiKey,
        baseURL: upstreams.primaryBaseURL,
        models: [benchModel],
      },
      fallback: {
        type: 'openai',
        apiKey: benchApiKey,
        baseURL: upstreams.fallbackBaseURL,
        models: [benchModel],
      },
      clock: { type: 'openai', apiKey: benchApiKey, baseURL: upstreams.clockBaseURL, models: [clockModel] },
    },
    modelMap: { [benchModel]: 'primary', [clockModel]: 'clock' },
    fallbacks: ['fallback'],
    retry: { attempts: 3, baseDelayMs: 1_000 },
    circuitBreaker: { failureThreshold: 5, cooldownMs: 30_000 },
    timeout: { totalMs: 30_000 },
    server: { host: '127.0.0.1', port },
  };
  // JSON is YAML, and needs no serialiser here.
  await writeFile(configPath, JSON.stringify(config, null, 2));
  const server = await spawnServer({
    command: process.execPath,
    args: [
      ...nodeFlags,
      ...(runFromSource() ? ['--import', 'tsx', sourceCli] : [builtCli]),
      'serve',
      '--config',
      configPath,
      '--port',
      String(port),
    ],
    core: corePlan().subject,
    port,
    cwd: root,
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    name: 'llmrouter',
    version: await packageVersion('package.json'),
    pid: server.pid,
    chat: { url: `${url}/v1/chat/completions`, headers: auth },
    clock: { url: `${url}/v1/chat/completions`, headers: auth },
    close: () => server.close(),
  };
}

const [systemMessage, userMessage] = benchMessages;

/** The bench's request as the Anthropic SDK sends it to `POST /v1/messages`. */
export const messagesBody = JSON.stringify({
  model: benchModel,
  max_tokens: 256,
  system: systemMessage.content,
  messages: [{ role: 'user', content: userMessage.content }],
});

/** The bench's request as the openai client's `responses.create` sends it (stateless). */
export const responsesBody = JSON.stringify({
  model: benchModel,
  instructions: systemMessage.content,
  input: [{ role: 'user', content: userMessage.content }],
  store: false,
});

/**
 * The running `llmrouter serve` on its `/v1/messages` and `/v1/responses` surfaces: the same process
 * (its CPU is read from the same pid, one row at a time) translating each shape onto the router, whose
 * OpenAI provider calls the same chat completions upstream. Closing these rows closes nothing.
 */
export function llmrouterSurfaces(serve: GatewayUnderTest): GatewayUnderTest[] {
  const origin = new URL(serve.chat.url).origin;
  const anthropicHeaders = {
    'content-type': 'application/json',
    'x-api-key': benchApiKey,
    'anthropic-version': '2023-06-01',
  };
  const surface = (name: GatewayName, chat: GatewayUnderTest['chat']): GatewayUnderTest => ({
    ...serve,
    name,
    chat,
    close: async () => {},
  });
  return [
    surface('llmrouter-messages', {
      url: `${origin}/v1/messages`,
      headers: anthropicHeaders,
      body: messagesBody,
    }),
    surface('llmrouter-responses', { url: `${origin}/v1/responses`, headers: auth, body: responsesBody }),
  ];
}

/**
 * The Portkey AI gateway (`@portkey-ai/gateway`, Node build, `--headless`) in its own pinned process,
 * told per request which provider and host to call, as its docs describe for a self-hosted upstream.
 */
export async function portkey(upstreams: GatewayUpstreams): Promise<GatewayUnderTest> {
  const port = await freePort();
  const server = await spawnServer({
    command: process.execPath,
    args: [portkeyEntry, '--headless', `--port=${port}`],
    core: corePlan().subject,
    port,
    cwd: root,
  });
  const url = `http://127.0.0.1:${port}/v1/chat/completions`;
  const via = (baseURL: string) => ({
    ...auth,
    'x-portkey-provider': 'openai',
    'x-portkey-custom-host': baseURL,
  });
  return {
    name: 'portkey',
    version: await packageVersion('node_modules/@portkey-ai/gateway/package.json'),
    pid: server.pid,
    chat: { url, headers: via(upstreams.primaryBaseURL) },
    clock: { url, headers: via(upstreams.clockBaseURL) },
    close: () => server.close(),
  };
}
