/**
 * Per-call overhead of llmrouter's OpenTelemetry instrumentation when no SDK is installed (the API's
 * no-op tracer and meter), against no instrumentation at all. Not a test: run it with
 *
 *   npx tsx bench/telemetry-overhead.ts
 *
 * Whole `router.complete()` calls against an in-process mock provider, the variants interleaved round by
 * round so JIT warm-up and GC land on all of them alike; the best round counts. For scale, the same with
 * a real SDK recording into memory. And the instrumentation's entry point timed alone, which is all it
 * runs without an SDK: it sees a no-op span and steps aside for the rest of the call. Target: without an SDK the instrumentation adds at most 1 µs to a
 * call (a real provider call takes hundreds of milliseconds).
 */
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { createRouter } from '../src/router/create-router.js';
import { openTelemetry } from '../src/telemetry/open-telemetry.js';
import { MockProvider } from '../src/testing/index.js';
import type { Instrumentation } from '../src/types/instrumentation.js';
import type { CompletionRequest } from '../src/types/request.js';

const targetMicroseconds = 1;
const rounds = 20;
const callsPerRound = 5_000;
const request: CompletionRequest = {
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'Classify this document.' }],
  temperature: 0.2,
  maxTokens: 256,
};

const exporter = new InMemorySpanExporter();
const withSdk = openTelemetry({
  tracerProvider: new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
  meterProvider: new MeterProvider(),
});
const variants: [string, Instrumentation | undefined][] = [
  ['no instrumentation', undefined],
  ['openTelemetry(), no SDK installed', openTelemetry()],
  ['openTelemetry(), in-memory SDK (for scale)', withSdk],
];

async function main(): Promise<void> {
  const routers = variants.map(([label, instrumentation]) => ({
    label,
    router: createRouter({
      providers: { openai: new MockProvider({ name: 'openai', models: ['gpt-4o-mini'] }) },
      instrumentation,
    }),
    best: Number.POSITIVE_INFINITY,
  }));
  for (let round = 0; round < rounds; round++) {
    for (const variant of routers) {
      const started = performance.now();
      for (let call = 0; call < callsPerRound; call++) await variant.router.complete(request);
      const microseconds = ((performance.now() - started) * 1000) / callsPerRound;
      // The first rounds only warm the JIT up.
      if (round >= 3) variant.best = Math.min(variant.best, microseconds);
      exporter.reset();
    }
  }
  // The router cannot resolve sub-microsecond differences through its own noise; time the hook alone.
  const alone = openTelemetry();
  const call = { operation: 'complete' as const, request };
  let fastest = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    for (let index = 0; index < 100_000; index++) alone.startCall(call)?.ended?.({ trail: [] });
    fastest = Math.min(fastest, ((performance.now() - started) * 1e6) / 100_000);
  }
  console.log(
    `${'startCall() alone, no SDK installed'.padEnd(46)} ${fastest.toFixed(0).padStart(7)} ns/call`,
  );
  const baseline = routers[0]!.best;
  for (const variant of routers) {
    const added = variant.best - baseline;
    console.log(
      `${variant.label.padEnd(46)} ${variant.best.toFixed(2).padStart(7)} µs/call  (${added >= 0 ? '+' : ''}${added.toFixed(2)})`,
    );
  }
  const overheadMicroseconds = fastest / 1000;
  console.log(
    overheadMicroseconds <= targetMicroseconds
      ? `without an SDK: ${overheadMicroseconds.toFixed(2)} µs per call, within the ${targetMicroseconds} µs target`
      : `without an SDK: ${overheadMicroseconds.toFixed(2)} µs per call, OVER the ${targetMicroseconds} µs target`,
  );
}

await main();
