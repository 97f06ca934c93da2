import type { Router } from '../../../src/index.js';
import { benchApiKey } from '../../lib/bench-request.js';
import { llmrouter, llmrouterProviders } from '../../lib/llmrouter-dist.js';
import type { ContenderFactory, ContenderTargets } from '../contender.js';
import { routerRequest } from './adapter.js';

/** Counters the resilience run reports next to its throughput. */
export const routerEvents = { fallbacks: 0, breakerOpened: 0 };

/** The primary and the fallback every router contender routes over, by the names the bench reports. */
export function benchProviders(targets: ContenderTargets) {
  const { openai } = llmrouterProviders;
  return {
    primary: openai({ apiKey: benchApiKey, baseURL: targets.primaryBaseURL, name: 'primary' }),
    fallback: openai({ apiKey: benchApiKey, baseURL: targets.fallbackBaseURL, name: 'fallback' }),
  };
}

/**
 * The router as DESIGN.md's example configures it: retry, circuit breaker and timeout on every provider,
 * and a fallback provider behind the primary.
 */
export function benchRouter(targets: ContenderTargets): Router {
  const { circuitBreaker, createRouter, retry, timeout } = llmrouter;
  return createRouter({
    providers: benchProviders(targets),
    modelMap: { [routerRequest.model]: 'primary' },
    fallbacks: ['fallback'],
    middleware: [
      retry({ attempts: 3, baseDelayMs: 1_000 }),
      circuitBreaker({
        failureThreshold: 5,
        cooldownMs: 30_000,
        onStateChange: (event) => {
          if (event.to === 'open') routerEvents.breakerOpened++;
        },
      }),
      timeout({ totalMs: 30_000 }),
    ],
    hooks: {
      onFallback: () => {
        routerEvents.fallbacks++;
      },
    },
  });
}

/** `router.complete` with the full middleware stack and a fallback configured. */
export const router: ContenderFactory = (targets) => {
  const instance = benchRouter(targets);
  return async () => (await instance.complete(routerRequest)).text;
};
