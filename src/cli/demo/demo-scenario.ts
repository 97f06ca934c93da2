import { type BuiltRouter, buildRouter } from '../../config/build-router.js';
import type { GatewayConfig } from '../../config/config-schema.js';
import type { FakeBehaviour } from '../../testing/fake-server/fake-behaviour.js';
import {
  type FakeProviderServer,
  startFakeProviderServer,
} from '../../testing/fake-server/fake-provider-server.js';
import { faults } from '../../testing/fake-server/faults.js';
import type { RouterHooks } from '../../types/events.js';

/** How the demo's time is laid out. The seed's timings, scaled so the whole run fits its duration. */
export interface DemoTimeline {
  requests: number;
  durationMs: number;
  /** 1 for the default run of 300 requests over 18 s; smaller runs shrink every delay alike. */
  scale: number;
  retryBaseDelayMs: number;
  breakerCooldownMs: number;
  timeoutMs: number;
  /** The rate-limited provider's allowance: `limit` requests per `windowMs`. */
  rateLimit: { limit: number; windowMs: number };
  primaryDelayMs: number;
  fallbackDelayMs: number;
  slowDelayMs: number;
  slowPartDelayMs: number;
}

/** The primary's script, by the fraction of the run elapsed. */
export type PrimaryPhase = 'healthy' | 'failing with 503s' | 'hanging' | 'recovered';

const phaseStarts: ReadonlyArray<[number, PrimaryPhase]> = [
  [0, 'healthy'],
  [0.2, 'failing with 503s'],
  [0.4, 'hanging'],
  [0.55, 'recovered'],
];

/** The timeline for a run of `requests` (about 60 ms of run per request unless `durationMs` is given). */
export function demoTimeline(requests: number, durationMs?: number): DemoTimeline {
  const duration = durationMs ?? Math.min(45_000, Math.max(3_000, requests * 60));
  const scale = duration / 18_000;
  const scaled = (milliseconds: number) => Math.max(1, Math.round(milliseconds * scale));
  return {
    requests,
    durationMs: duration,
    scale,
    retryBaseDelayMs: scaled(100),
    breakerCooldownMs: scaled(2_200),
    timeoutMs: scaled(1_000),
    // Short windows letting through about 75% of the run's request rate: the outage's surplus gets 429s a
    // few at a time, which a wait cures, rather than in runs long enough to trip the breaker.
    rateLimit: { limit: Math.max(1, Math.round((requests / 72) * 0.75)), windowMs: scaled(250) },
    primaryDelayMs: scaled(40),
    fallbackDelayMs: scaled(60),
    slowDelayMs: scaled(220),
    slowPartDelayMs: scaled(25),
  };
}

/** The primary's phase at a fraction of the run. */
export function primaryPhase(fraction: number): PrimaryPhase {
  let phase: PrimaryPhase = 'healthy';
  for (const [start, name] of phaseStarts) if (fraction >= start) phase = name;
  return phase;
}

/** The three scripted upstreams and the router in front of them. */
export interface DemoWorld {
  server: FakeProviderServer;
  built: BuiltRouter;
  config: GatewayConfig;
  /** What each provider is scripted to do right now, for the live view. */
  describe(provider: 'openai' | 'anthropic' | 'gemini'): string;
  /** Starts the clock the scripts follow. */
  start(): void;
  close(): Promise<void>;
}

/**
 * Starts the fake provider server with three upstreams speaking three wire formats: `openai` (the
 * primary: healthy with an occasional 503 a retry cures, then 503s, then hanging, then recovered),
 * `anthropic` (the first fallback: allows a fixed number of requests per window and answers the rest
 * 429 with `Retry-After`), `gemini` (the second fallback: healthy but slower). The router is built from a
 * configuration shaped like the seed's, with its timings scaled.
 */
export async function startDemoWorld(timeline: DemoTimeline, hooks: RouterHooks): Promise<DemoWorld> {
  const server = await startFakeProviderServer({ recordRequests: false });
  let startedAt = Number.POSITIVE_INFINITY;
  const fraction = () => Math.max(0, (Date.now() - startedAt) / timeline.durationMs);

  // Reply behaviours are built once: the fake server caches each reply's rendering per object.
  const primaryReply = faults.reply({
    text: 'Invoice. (served by openai)',
    delayMs: timeline.primaryDelayMs,
  });
  const fallbackReply = faults.reply({
    text: 'Invoice. (served by anthropic)',
    delayMs: timeline.fallbackDelayMs,
  });
  const slowReply = faults.reply({
    text: 'Invoice. (served by gemini, which takes its time)',
    delayMs: timeline.slowDelayMs,
    partDelayMs: timeline.slowPartDelayMs,
  });
  const unavailable = faults.unavailable({ message: 'The server is overloaded (scripted outage).' });
  const hang = faults.hang();

  let primaryCount = 0;
  server.upstream('openai').setHandler((): FakeBehaviour => {
    primaryCount++;
    switch (primaryPhase(fraction())) {
      case 'healthy':
        return primaryCount % 9 === 0 ? unavailable : primaryReply;
      case 'failing with 503s':
        return unavailable;
      case 'hanging':
        return hang;
      case 'recovered':
        return primaryReply;
    }
  });

  let windowStart = 0;
  let windowCount = 0;
  server.upstream('anthropic').setHandler((): FakeBehaviour => {
    const now = Date.now();
    if (now - windowStart >= timeline.rateLimit.windowMs) {
      windowStart = now;
      windowCount = 0;
    }
    windowCount++;
    if (windowCount <= timeline.rateLimit.limit) return fallbackReply;
    const waitMs = Math.max(1, timeline.rateLimit.windowMs - (now - windowStart));
    return faults.rateLimited({ retryAfterMs: waitMs, retryAfterSeconds: Math.ceil(waitMs / 1000) });
  });
  server.upstream('gemini').setDefault(slowReply);

  const config: GatewayConfig = {
    providers: {
      openai: {
        type: 'openai',
        apiKey: 'demo-key',
        baseURL: server.upstream('openai').baseURL('openai'),
        models: ['gpt-4o-mini'],
      },
      anthropic: {
        type: 'anthropic',
        apiKey: 'demo-key',
        baseURL: server.upstream('anthropic').baseURL('anthropic'),
        models: ['claude-haiku-4-5'],
      },
      gemini: {
        type: 'gemini',
        apiKey: 'demo-key',
        baseURL: server.upstream('gemini').baseURL('gemini'),
        models: ['gemini-2.5-flash'],
      },
    },
    modelMap: { 'gpt-4o-mini': 'openai' },
    fallbacks: ['anthropic', 'gemini'],
    retry: { attempts: 3, baseDelayMs: timeline.retryBaseDelayMs },
    circuitBreaker: { failureThreshold: 5, cooldownMs: timeline.breakerCooldownMs },
    timeout: { totalMs: timeline.timeoutMs },
  };
  const built = buildRouter(config, { env: {}, hooks });
  const rateLimit = `allows ${timeline.rateLimit.limit} per ${formatMs(timeline.rateLimit.windowMs)}, then 429 + Retry-After`;

  return {
    server,
    built,
    config,
    describe(provider) {
      if (provider === 'openai') return primaryPhase(fraction());
      if (provider === 'anthropic') return rateLimit;
      return `healthy, slower (${formatMs(timeline.slowDelayMs)} + streaming)`;
    },
    start() {
      startedAt = Date.now();
    },
    close: () => server.close(),
  };
}

/** `850 ms` or `1.2 s`. */
export function formatMs(milliseconds: number): string {
  if (milliseconds < 1_000) return `${Math.round(milliseconds)} ms`;
  return `${(milliseconds / 1_000).toFixed(milliseconds < 10_000 ? 1 : 0)} s`;
}
