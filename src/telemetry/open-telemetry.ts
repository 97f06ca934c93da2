import { type MeterProvider, metrics, type TracerProvider, trace } from '@opentelemetry/api';
import type { CircuitStateChangeEvent, RouterHooks } from '../types/events.js';
import type { Instrumentation } from '../types/instrumentation.js';
import { CallTelemetry } from './call-telemetry.js';
import { CircuitStateMetric } from './circuit-state-metric.js';
import { conventionsFromEnvironment } from './conventions-from-environment.js';
import { GEN_AI_PROVIDER_ATTRIBUTE, type GenAiConventions } from './gen-ai-names.js';
import { genAiProviderName } from './gen-ai-provider-name.js';
import { TelemetryInstruments } from './telemetry-instruments.js';
import { endpointOf, type ServerEndpoint, type TelemetrySettings } from './telemetry-settings.js';

/** Settings for {@link openTelemetry}. */
export interface OpenTelemetryOptions {
  /** Default: the globally registered one (spans are no-ops without an SDK). */
  tracerProvider?: TracerProvider;
  /**
   * Default: the globally registered one at the first call. Register the SDK before that: the API has no
   * proxy for meters, so a meter provider registered later is not picked up.
   */
  meterProvider?: MeterProvider;
  /**
   * Record messages and answers on attempt spans (`gen_ai.input.messages`, `gen_ai.output.messages`, in the
   * conventions' JSON structure). Off by default: prompts are often personal or secret.
   */
  captureContent?: boolean;
  /** With `captureContent`: most text characters per attribute; the rest is cut. Default 16,384. */
  maxContentChars?: number;
  /**
   * Which edition of the GenAI conventions to emit. Default: `latest` when `OTEL_SEMCONV_STABILITY_OPT_IN`
   * contains `gen_ai_latest_experimental`, else `v1.36` (the conventions' transition plan).
   */
  conventions?: GenAiConventions;
  /**
   * GenAI provider value per router provider name, for names llmrouter cannot recognise
   * (`{ primary: 'openai', backup: 'anthropic' }`). Built-in names (`openai`, `gemini`, `groq`, ...) map on
   * their own.
   */
  providerNames?: Record<string, string>;
  /**
   * Base URL per router provider name, for `server.address` and `server.port`
   * (`{ openai: 'https://api.openai.com/v1' }`). Providers do not expose their URL, so without this the
   * attributes are left out rather than guessed.
   */
  servers?: Record<string, string>;
}

/** An OpenTelemetry instrumentation, plus the hooks that feed its circuit-breaker metric. */
export interface OpenTelemetryInstrumentation extends Instrumentation {
  /**
   * Router hooks for the breaker-state metric (`createRouter({ instrumentation, hooks })`). Breaker changes
   * reach hooks, not the instrumentation. With hooks of your own, call {@link onCircuitStateChange} from
   * your `onCircuitStateChange` instead.
   */
  readonly hooks: RouterHooks;
  /**
   * Records a breaker state change. Also usable as `circuitBreaker({ onStateChange })`; wiring both counts
   * each change once.
   */
  readonly onCircuitStateChange: (event: CircuitStateChangeEvent) => void;
}

const defaultMaxContentChars = 16_384;
const scope = 'llmrouter';

/**
 * OpenTelemetry tracing and metrics for a router, by the GenAI semantic conventions. Needs
 * `@opentelemetry/api` only: without an SDK every span and metric is a no-op.
 *
 * Each logical call gets a `router.complete` / `router.stream` / `router.embed` span with `llmrouter.*`
 * attributes (attempts, retries, fallback used, served-by provider and model, requested model, cost).
 * Each attempt gets a CLIENT span `chat {model}` under it with the GenAI attributes (operation, provider,
 * request and response model, finish reasons, request settings, usage with cache and reasoning tokens,
 * time to first chunk, `error.type` = the llmrouter error kind) and its ordinal and reason; an
 * embedding attempt's is `embeddings {model}` (operation `embeddings`, requested dimensions, input
 * tokens). A target skipped because its
 * breaker is open is an event on the call span. Metrics: `gen_ai.client.operation.duration`,
 * `gen_ai.client.token.usage`, time to first chunk and per output chunk (the conventions' buckets), and
 * `llmrouter.*` call duration, attempts, retries, fallbacks, cost and breaker state.
 *
 * @example
 * import { openTelemetry } from 'llmrouter/telemetry';
 *
 * const telemetry = openTelemetry();
 * const router = createRouter({
 *   providers,
 *   pricer: priceTable(),
 *   instrumentation: telemetry,
 *   hooks: telemetry.hooks,
 * });
 */
export function openTelemetry(options: OpenTelemetryOptions = {}): OpenTelemetryInstrumentation {
  const conventions = options.conventions ?? conventionsFromEnvironment();
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(scope);
  const genAiProviders = new Map<string, string>();
  const servers = new Map<string, ServerEndpoint>();
  for (const [provider, baseURL] of Object.entries(options.servers ?? {})) {
    const endpoint = endpointOf(baseURL);
    if (endpoint) servers.set(provider, endpoint);
  }
  let settings: TelemetrySettings | undefined;
  let circuits: CircuitStateMetric | undefined;

  // Built on first use so a meter provider registered after the router is created is still honoured.
  function ready(): { settings: TelemetrySettings; circuits: CircuitStateMetric } {
    if (!settings || !circuits) {
      const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(scope);
      settings = {
        tracer,
        instruments: new TelemetryInstruments(meter),
        conventions,
        providerAttribute: GEN_AI_PROVIDER_ATTRIBUTE[conventions],
        genAiProvider(provider) {
          let name = genAiProviders.get(provider);
          if (name === undefined) {
            name = genAiProviderName({ provider, conventions, overrides: options.providerNames });
            genAiProviders.set(provider, name);
          }
          return name;
        },
        server: (provider) => servers.get(provider),
        captureContent: options.captureContent ?? false,
        maxContentChars: options.maxContentChars ?? defaultMaxContentChars,
      };
      circuits = new CircuitStateMetric(meter);
    }
    return { settings, circuits };
  }

  const onCircuitStateChange = (event: CircuitStateChangeEvent) => ready().circuits.changed(event);
  return {
    startCall: (call) => CallTelemetry.start(ready().settings, call),
    startEmbedding: ({ request }) => CallTelemetry.start(ready().settings, { operation: 'embed', request }),
    hooks: { onCircuitStateChange },
    onCircuitStateChange,
  };
}
