import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Agent } from 'undici';
import type * as Main from '../../src/index.js';
import type * as Providers from '../../src/providers/index.js';
import type { CompletionRequest } from '../../src/types/index.js';
import { benchApiKey, benchMessages, benchModel, rawChatBody } from '../lib/bench-request.js';
import type { MinimalContender, MinimalSetup } from './minimal-commands.js';

/** One call; resolves to the answer text, which the harness compares with the scripted one. */
export type MinimalCall = () => Promise<string | null | undefined>;

interface ChatBody {
  choices: { message: { content: string | null } }[];
}

const request: CompletionRequest = {
  model: benchModel,
  messages: benchMessages.map((message) => ({ ...message })),
};

/**
 * The floor as a careful undici user writes it: the origin parsed once, `agent.request({ origin, path })`
 * (no URL parsing per call, no top-level wrapper) and `body.json()`.
 */
function raw(setup: MinimalSetup): MinimalCall {
  const url = new URL(`${setup.primaryBaseURL}/chat/completions`);
  const { origin } = url;
  const path = url.pathname;
  const agent = new Agent({ keepAliveTimeout: 30_000 });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${benchApiKey}` };
  const body = rawChatBody(false);
  return async () => {
    const response = await agent.request({
      origin,
      path,
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    const parsed = (await response.body.json()) as ChatBody;
    if (response.statusCode !== 200) throw new Error(`status ${response.statusCode}`);
    return parsed.choices[0]?.message.content;
  };
}

async function load(dist: string): Promise<{ main: typeof Main; providers: typeof Providers }> {
  const main = (await import(pathToFileURL(join(dist, 'index.js')).href)) as typeof Main;
  const providers = (await import(pathToFileURL(join(dist, 'providers/index.js')).href)) as typeof Providers;
  return { main, providers };
}

/** Builds one contender's call from the llmrouter build in `setup.dist`. */
export async function minimalCall(setup: MinimalSetup): Promise<MinimalCall> {
  const contender: MinimalContender = setup.contender;
  if (contender === 'raw') return raw(setup);
  const { main, providers } = await load(setup.dist);
  const primary = providers.openai({ apiKey: benchApiKey, baseURL: setup.primaryBaseURL, name: 'primary' });
  if (contender === 'adapter') return async () => (await primary.complete(request)).text;
  const key = (index: number) =>
    providers.openai({ apiKey: `${benchApiKey}-${index}`, baseURL: setup.primaryBaseURL, name: 'primary' });
  // `group`: four keys of one provider, each member its own adapter, breaker and hold, as the bench's
  // `router-group` contender configures them.
  const routing =
    contender === 'group'
      ? {
          groups: {
            [benchModel]: {
              strategy: 'latency' as const,
              members: [1, 2, 3, 4].map((index) => ({ provider: 'primary', adapter: key(index) })),
            },
          },
        }
      : { modelMap: { [benchModel]: 'primary' } };
  const router = main.createRouter({
    providers: {
      primary,
      fallback: providers.openai({ apiKey: benchApiKey, baseURL: setup.fallbackBaseURL, name: 'fallback' }),
    },
    ...routing,
    fallbacks: ['fallback'],
    middleware: [
      main.retry({ attempts: 3, baseDelayMs: 1_000 }),
      main.circuitBreaker({ failureThreshold: 5, cooldownMs: 30_000 }),
      main.timeout({ totalMs: 30_000 }),
    ],
  });
  return async () => (await router.complete(request)).text;
}
