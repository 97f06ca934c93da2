import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { parseConfig } from '../../../src/config/parse-config.js';
import { type RunningGateway, startGateway } from '../../../src/server/start-gateway.js';
import { chunksToSse, readRecorded } from '../../helpers/fixtures.js';
import { type LocalServer, sendJson, sendSse, startLocalServer } from '../../helpers/local-server.js';
import { openaiExpectations } from '../expectations/openai.js';
import { presetOf } from '../expectations/openai-compatible.js';

/** A recordings folder the gateway replays: the Anthropic and OpenAI-format ones. */
export type ReplayFolder = 'anthropic' | 'openai' | 'openai-compatible';

/** What the upstream answers the next request with. */
export type UpstreamReply = { json: unknown; status: number } | { sse: string };

/**
 * One local upstream speaking each vendor's wire format, and a real gateway in front of it with one
 * provider per recorded service (Anthropic, OpenAI, Azure and each OpenAI-compatible preset), each
 * serving a model of its own so that a recording is replayed through the adapter it was recorded from.
 */
export interface ReplayGateway {
  upstream: LocalServer;
  gateway: RunningGateway;
  /** The official Anthropic client, pointed at the gateway. */
  anthropic: Anthropic;
  /** The official OpenAI client, pointed at the gateway. */
  openai: OpenAI;
  /** Sets what the upstream serves until the next call. */
  serve(reply: UpstreamReply): void;
  close(): Promise<void>;
}

const providerKey = 'sk-replay-provider-0123456789abcdef';
const gatewayKey = 'gateway-replay-key';
const compatiblePresets = ['deepseek', 'groq', 'mistral', 'xai', 'openrouter'] as const;

/** The model the gateway routes to the provider a recording was made from. */
export function replayModel(folder: ReplayFolder, file: string): string {
  if (folder === 'anthropic') return 'claude-sonnet-4-5';
  if (folder === 'openai') {
    const expected = openaiExpectations[file];
    return expected?.kind === 'response' && expected.via === 'azure' ? 'azure-gpt' : 'gpt-4.1-nano';
  }
  return `${presetOf(file)}-replay`;
}

/** A recording in its real wire format: whole JSON (with its status), or the SSE body it streamed. */
export function upstreamReply(folder: ReplayFolder, file: string, status = 200): UpstreamReply {
  const text = readRecorded(folder, file);
  if (file.endsWith('.json')) return { json: JSON.parse(text), status };
  if (file.endsWith('.chunks.txt'))
    return { sse: chunksToSse(text, folder === 'anthropic' ? 'anthropic' : 'openai') };
  // `.sse` and Anthropic's `sdk-*.txt` recordings are whole SSE bodies, framing and pings included.
  return { sse: text };
}

/** Starts the upstream and the gateway. Close both with `close()`. */
export async function startReplayGateway(): Promise<ReplayGateway> {
  let reply: UpstreamReply = { json: {}, status: 500 };
  const upstream = await startLocalServer((_received, response) => {
    if ('sse' in reply) sendSse(response, reply.sse);
    else sendJson(response, reply.status, reply.json);
  });
  const compatible = compatiblePresets
    .map(
      (preset) => `  ${preset}:
    type: openai-compatible
    preset: ${preset}
    apiKey: \${PROVIDER_KEY}
    baseURL: ${upstream.url}
    models: [${preset}-replay]`,
    )
    .join('\n');
  // The JSON recordings were made through the forced-tool path, so Anthropic replays them through it.
  const config = parseConfig(`
providers:
  anthropic:
    type: anthropic
    apiKey: \${PROVIDER_KEY}
    baseURL: ${upstream.url}/v1
    structuredOutput: tool
    models: [claude-sonnet-4-5]
  openai:
    type: openai
    apiKey: \${PROVIDER_KEY}
    baseURL: ${upstream.url}/v1
    models: [gpt-4.1-nano]
  azure:
    type: azure
    apiKey: \${PROVIDER_KEY}
    baseURL: ${upstream.url}/openai
    models: [azure-gpt]
    deployments: { azure-gpt: model-router }
${compatible}
server:
  keys: ['\${GATEWAY_KEY}']
`);
  const gateway = await startGateway({
    config,
    env: { PROVIDER_KEY: providerKey, GATEWAY_KEY: gatewayKey },
    host: '127.0.0.1',
    port: 0,
    output: { write() {} },
  });
  return {
    upstream,
    gateway,
    anthropic: new Anthropic({ apiKey: gatewayKey, baseURL: gateway.url, maxRetries: 0 }),
    openai: new OpenAI({ apiKey: gatewayKey, baseURL: `${gateway.url}/v1`, maxRetries: 0 }),
    serve(next) {
      reply = next;
    },
    async close() {
      await gateway.shutdown(0);
      await upstream.close();
    },
  };
}
