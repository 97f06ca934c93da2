import { benchApiKey } from '../../lib/bench-request.js';
import { llmrouter, llmrouterProviders } from '../../lib/llmrouter-dist.js';
import type { ContenderFactory } from '../contender.js';
import { routerRequest } from './adapter.js';

/**
 * The same middleware as the `router` contender, with the model served by a group of four members
 * (four keys of one provider, each its own adapter, breaker and hold) under the `latency` strategy.
 */
export const routerGroup: ContenderFactory = (targets) => {
  const { circuitBreaker, createRouter, retry, timeout } = llmrouter;
  const { openai } = llmrouterProviders;
  const key = (index: number) =>
    openai({ apiKey: `${benchApiKey}-${index}`, baseURL: targets.primaryBaseURL, name: 'primary' });
  const instance = createRouter({
    providers: {
      primary: key(1),
      fallback: openai({ apiKey: benchApiKey, baseURL: targets.fallbackBaseURL, name: 'fallback' }),
    },
    groups: {
      [routerRequest.model]: {
        strategy: 'latency',
        members: [1, 2, 3, 4].map((index) => ({ provider: 'primary', adapter: key(index) })),
      },
    },
    fallbacks: ['fallback'],
    middleware: [
      retry({ attempts: 3, baseDelayMs: 1_000 }),
      circuitBreaker({ failureThreshold: 5, cooldownMs: 30_000 }),
      timeout({ totalMs: 30_000 }),
    ],
  });
  return async () => (await instance.complete(routerRequest)).text;
};
