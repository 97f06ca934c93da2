import { GEN_AI_LATEST_OPT_IN, type GenAiConventions } from './gen-ai-names.js';

let cached: GenAiConventions | undefined;

/**
 * The GenAI conventions edition `OTEL_SEMCONV_STABILITY_OPT_IN` selects: `latest` when the comma-separated
 * list contains `gen_ai_latest_experimental`, else `v1.36`. Read once per process, on first use, as the
 * OpenTelemetry instrumentations do: flipping the variable mid-run would split one service's telemetry
 * across two naming schemes.
 */
export function conventionsFromEnvironment(): GenAiConventions {
  cached ??= parseOptIn(
    typeof process === 'undefined' ? undefined : process.env.OTEL_SEMCONV_STABILITY_OPT_IN,
  );
  return cached;
}

/** The edition a value of `OTEL_SEMCONV_STABILITY_OPT_IN` selects. */
export function parseOptIn(value: string | undefined): GenAiConventions {
  if (!value) return 'v1.36';
  for (const entry of value.split(',')) {
    if (entry.trim() === GEN_AI_LATEST_OPT_IN) return 'latest';
  }
  return 'v1.36';
}
