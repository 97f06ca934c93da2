import type { Middleware } from '../middleware/middleware.js';
import { completeObject } from '../structured/complete-object.js';
import { explainObject } from '../structured/explain-object.js';
import { streamObject } from '../structured/stream-object.js';
import type { Instrumentation } from '../types/instrumentation.js';
import type { Provider } from '../types/provider.js';
import type { CallSettings } from './call-input.js';
import { combineInstrumentation } from './combine-instrumentation.js';
import { ContextWindows } from './context-windows.js';
import { explainRoute } from './explain-query.js';
import { registerInternalCalls } from './internal-call.js';
import { RouterState } from './router-state.js';
import type { Router, RouterOptions, TargetSpec } from './router-types.js';
import { runComplete } from './run-complete.js';
import { runEmbed } from './run-embed.js';
import { RoutedStream } from './run-stream.js';

/**
 * Creates a router. Resolution is deterministic (model map, then provider name, then the first provider
 * in registration order that lists the model); middleware wraps each provider once, first listed
 * outermost; fallbacks are tried in order when the error table allows.
 *
 * @example
 * const router = createRouter({
 *   providers: { openai: openai.fromEnv(), anthropic: anthropic.fromEnv() },
 *   modelMap: { 'gpt-4o-mini': 'openai' },
 *   fallbacks: ['anthropic'],
 *   middleware: [
 *     retry({ attempts: 3, baseDelayMs: 1_000 }),
 *     circuitBreaker({ failureThreshold: 5, cooldownMs: 30_000 }),
 *     timeout({ totalMs: 30_000 }),
 *   ],
 * });
 * const response = await router.complete({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
 * console.log(response.text, response.trail);
 */
export function createRouter(options: RouterOptions): Router {
  let state = RouterState.create(options);
  const settings: CallSettings = {
    hooks: options.hooks,
    instrumentation: instrumentationOf(options.instrumentation),
    pricer: options.pricer,
    fallbackOnContentFilter: options.fallbackOnContentFilter ?? false,
    contextWindows: new ContextWindows(options.contextWindows),
    hedge: options.hedge,
  };

  const router: Router = {
    complete: (request, options) =>
      runComplete({ state, settings, request, options, abort: options?.signal }),
    stream: (request, options) =>
      new RoutedStream({ state, settings, request, options, abort: options?.signal }),
    embed: (request, options) => runEmbed({ state, settings, request, options, abort: options?.signal }),
    completeObject: (request, callOptions) => completeObject(router, { ...request, call: callOptions }),
    streamObject: (request, callOptions) => streamObject(router, { ...request, call: callOptions }),
    explain: (query) => explainRoute(state, settings.contextWindows, query),
    explainEmbedding: (model) => state.explainEmbedding(model),
    explainObject: (model) => explainObject(router, model),
    capabilities: (provider) => state.providers.get(provider)?.capabilities,
    registerProvider(name: string, provider: Provider) {
      state = state.withProvider(name, provider);
    },
    mapModel(model: string, target: TargetSpec) {
      state = state.withModelMapping(model, target);
    },
    setFallbacks(fallbacks: readonly TargetSpec[], model?: string) {
      state = state.withFallbacks(fallbacks, model);
    },
    use(...middleware: Middleware[]) {
      state = state.withMiddleware(middleware);
    },
    get providers() {
      return [...state.providers.keys()];
    },
  };
  // The same calls for the package's own callers, whose abort source may be an `AbortHandle`.
  registerInternalCalls(router, {
    complete: (request, options) => runComplete({ state, settings, request, options, abort: options.abort }),
    stream: (request, options) =>
      new RoutedStream({ state, settings, request, options, abort: options.abort }),
    plan: (model) => state.explain(model),
    embed: (request, options) => runEmbed({ state, settings, request, options, abort: options.abort }),
  });
  return router;
}

function instrumentationOf(given: RouterOptions['instrumentation']): Instrumentation | undefined {
  if (given === undefined) return undefined;
  if (!Array.isArray(given)) return given as Instrumentation;
  return given.length === 0 ? undefined : combineInstrumentation(given);
}
