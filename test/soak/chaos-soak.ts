import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseConfig } from '../../src/config/parse-config.js';
import { readSse } from '../../src/http/sse.js';
import {
  circuitBreaker,
  createRouter,
  type RouterError,
  retry,
  type StreamInterruptedError,
  timeout,
} from '../../src/index.js';
import { anthropic, gemini, openai } from '../../src/providers/index.js';
import { type RunningGateway, startGateway } from '../../src/server/start-gateway.js';
import {
  type FakeBehaviour,
  type FakeProviderServer,
  faults,
  startFakeProviderServer,
} from '../../src/testing/index.js';

/** Options of one soak run. */
export interface SoakOptions {
  durationMs: number;
  /** Concurrent callers through the router, and through the gateway. */
  routerCallers?: number;
  gatewayCallers?: number;
  seed?: number;
}

/** What went wrong with one call, as a counted reason. */
export type FailureTally = Record<string, number>;

/** The soak's findings. `violations` must be empty for a pass. */
export interface SoakReport {
  durationMs: number;
  calls: number;
  router: PathTally;
  gateway: PathTally;
  faultsInjected: Record<string, number>;
  /** Calls that did not settle by the end of the drain, or settled twice. */
  neverSettled: number;
  settledTwice: number;
  memory: { heapStartMB: number; heapEndMB: number; rssStartMB: number; rssEndMB: number };
  handles: { start: number; end: number };
  timers: { start: number; end: number };
  violations: string[];
}

/** Outcomes through one path (the router in process, or the gateway over HTTP). */
export interface PathTally {
  calls: number;
  whole: number;
  interrupted: number;
  failed: number;
  failures: FailureTally;
}

const IDLE_MS = 6_000;
const WARM_UP_MS = 4_000;
const expectedText = 'Hello from the fake provider.';
const messages = [{ role: 'user' as const, content: 'hi' }];

/** A small seeded generator (mulberry32), so a soak's fault sequence can be replayed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every fault the fake server knows, with its share of the faulty upstreams' answers (the rest are replies). */
const faultMix: ReadonlyArray<[string, number, () => FakeBehaviour]> = [
  ['429 retry-after', 0.06, () => faults.rateLimited({ retryAfterSeconds: 1 })],
  ['529', 0.05, () => faults.status(529, { reason: 'overloaded' })],
  ['503', 0.05, () => faults.unavailable()],
  [
    '500 html',
    0.05,
    () =>
      faults.status(500, {
        body: '<html><body><h1>500 Internal Server Error</h1></body></html>',
        headers: { 'content-type': 'text/html' },
      }),
  ],
  ['hang', 0.03, () => faults.hang()],
  ['hang mid-stream', 0.03, () => faults.hang({ afterParts: 3 })],
  ['reset before content', 0.05, () => faults.reset()],
  ['reset after content', 0.05, () => faults.resetAfter(3)],
  ['in-stream error', 0.05, () => faults.streamError({ afterParts: 3 })],
  ['malformed json', 0.05, () => faults.malformed({ afterParts: 2 })],
  ['missing terminator', 0.05, () => faults.truncate()],
  ['slow trickle', 0.05, () => faults.reply({ partDelayMs: 40, chunkSize: 2, keepAliveComments: 1 })],
];

function heapMB(): { heap: number; rss: number } {
  collectGarbage();
  const usage = process.memoryUsage();
  return { heap: usage.heapUsed / 1_048_576, rss: usage.rss / 1_048_576 };
}

let gc: (() => void) | undefined;
function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
  gc();
}

interface HandleLike {
  constructor: { name: string };
  localPort?: number;
  remotePort?: number;
}

function activeHandles(): HandleLike[] {
  return (process as unknown as { _getActiveHandles(): HandleLike[] })._getActiveHandles();
}

function handleCount(): number {
  return activeHandles().length;
}

/** The handles open now, named by kind and ports, for a report that says what grew. */
function describeHandles(): string[] {
  return activeHandles().map((h) => `${h.constructor.name} ${h.localPort ?? ''}->${h.remotePort ?? ''}`);
}

function timerCount(): number {
  return process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
}

function newTally(): PathTally {
  return { calls: 0, whole: 0, interrupted: 0, failed: 0, failures: {} };
}

/**
 * Runs mixed streaming and non-streaming calls through a router and through a gateway, against two
 * faulty upstreams (OpenAI and Anthropic formats) and a healthy fallback (Gemini format), for
 * `durationMs`, then drains and reports. Every outcome is checked as it happens: a whole answer is the
 * whole reply, an interrupted stream carries exactly what it delivered, and a failure is justified only
 * when no healthy target remained (a deadline spent, or every target tried and failed).
 */
export async function runChaosSoak(options: SoakOptions): Promise<SoakReport> {
  const random = seeded(options.seed ?? 1);
  const fake: FakeProviderServer = await startFakeProviderServer({ recordRequests: false });
  const injected: Record<string, number> = {};
  const pick = (): FakeBehaviour => {
    let roll = random();
    for (const [name, share, build] of faultMix) {
      if (roll < share) {
        injected[name] = (injected[name] ?? 0) + 1;
        return build();
      }
      roll -= share;
    }
    injected.reply = (injected.reply ?? 0) + 1;
    return faults.reply();
  };
  fake.upstream('flaky-openai').setHandler(pick);
  fake.upstream('flaky-anthropic').setHandler(pick);
  const healthy = fake.upstream('healthy');

  const middleware = [
    retry({ attempts: 2, baseDelayMs: 5, maxDelayMs: 1_000 }),
    circuitBreaker({ failureThreshold: 8, cooldownMs: 2_000 }),
    timeout({ totalMs: 4_000, firstContentMs: 1_500, idleMs: 1_000 }),
  ];
  const router = createRouter({
    providers: {
      a: openai({ apiKey: 'k', baseURL: fake.upstream('flaky-openai').baseURL('openai') }),
      b: anthropic({ apiKey: 'k', baseURL: fake.upstream('flaky-anthropic').baseURL('anthropic') }),
      h: gemini({ apiKey: 'k', baseURL: healthy.baseURL('gemini') }),
    },
    modelMap: { m: { provider: 'a', model: 'gpt-soak' } },
    fallbacks: [
      { provider: 'b', model: 'claude-soak' },
      { provider: 'h', model: 'gemini-soak' },
    ],
    middleware,
  });
  const gateway: RunningGateway = await startGateway({
    config: parseConfig(`
providers:
  a: { type: openai, apiKey: k, baseURL: "${fake.upstream('flaky-openai').baseURL('openai')}", models: [gpt-soak] }
  b: { type: anthropic, apiKey: k, baseURL: "${fake.upstream('flaky-anthropic').baseURL('anthropic')}", models: [claude-soak] }
  h: { type: gemini, apiKey: k, baseURL: "${healthy.baseURL('gemini')}", models: [gemini-soak] }
modelMap:
  gpt-soak: a
fallbacks: [b, h]
retry: { attempts: 2, baseDelayMs: 5 }
circuitBreaker: { failureThreshold: 8, cooldownMs: 2000 }
timeout: { totalMs: 4000, firstContentMs: 1500, idleMs: 1000 }
server:
  keys: [soak-key]
`),
    env: {},
    host: '127.0.0.1',
    port: 0,
    output: { write() {} },
  });

  const violations: string[] = [];
  const routerTally = newTally();
  const gatewayTally = newTally();
  let started = 0;
  let settled = 0;
  let settledTwice = 0;
  const fail = (tally: PathTally, reason: string) => {
    tally.failed++;
    tally.failures[reason] = (tally.failures[reason] ?? 0) + 1;
  };
  const violation = (text: string) => {
    if (violations.length < 50) violations.push(text);
  };

  // Justified failure through the router: the call's deadline was spent, or every target was tried.
  const judgeRouterFailure = (error: RouterError, tally: PathTally) => {
    fail(tally, error.kind);
    const trail = (error as RouterError & { trail?: Array<{ provider: string; outcome: string }> }).trail;
    // Sent to the healthy target, not skipped past it (an open breaker there is itself a finding).
    const healthyTried =
      trail?.some((attempt) => attempt.provider === 'h' && attempt.outcome !== 'skipped') ?? false;
    if (error.kind !== 'timeout' && !healthyTried) {
      violation(
        `router failure ${error.name}/${error.kind} before the healthy target was tried: ${error.message}`,
      );
    }
  };

  const settleOnce = () => {
    let done = false;
    return () => {
      if (done) settledTwice++;
      else settled++;
      done = true;
    };
  };

  const routerComplete = async () => {
    const settle = settleOnce();
    routerTally.calls++;
    try {
      const response = await router.complete({ model: 'm', messages }, { deadlineMs: 8_000 });
      settle();
      if (response.text === expectedText) routerTally.whole++;
      else violation(`router complete answered ${JSON.stringify(response.text)}`);
    } catch (error) {
      settle();
      judgeRouterFailure(error as RouterError, routerTally);
    }
  };

  const routerStream = async () => {
    const settle = settleOnce();
    routerTally.calls++;
    const stream = router.stream({ model: 'm', messages }, { deadlineMs: 8_000 });
    let delivered = '';
    try {
      for await (const part of stream) if (part.type === 'text-delta') delivered += part.text;
      const response = await stream.response;
      settle();
      if (delivered !== expectedText || response.text !== expectedText) {
        violation(`router stream ended short: ${JSON.stringify(delivered)}`);
      } else routerTally.whole++;
    } catch (thrown) {
      settle();
      const error = thrown as RouterError;
      if (error.name === 'StreamInterruptedError') {
        routerTally.interrupted++;
        const partial = (error as StreamInterruptedError).partial;
        if (partial.text !== delivered) {
          violation(
            `interrupted stream carried ${JSON.stringify(partial.text)}, delivered ${JSON.stringify(delivered)}`,
          );
        }
        if (delivered === '') violation('an interrupted stream delivered nothing (should have fallen back)');
      } else if (delivered !== '') {
        violation(`stream failed with ${error.name} after delivering content, not as interrupted`);
      } else judgeRouterFailure(error, routerTally);
    }
  };

  const gatewayCall = async (stream: boolean) => {
    const settle = settleOnce();
    gatewayTally.calls++;
    try {
      const response = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: 'Bearer soak-key', 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-soak', messages, stream }),
        signal: AbortSignal.timeout(15_000),
      });
      if (!stream || response.status !== 200) {
        const body = (await response.json()) as {
          choices?: Array<{ message: { content: string } }>;
          error?: { type: string; message: string };
        };
        settle();
        if (response.status === 200) {
          const text = body.choices?.[0]?.message.content;
          if (text === expectedText) gatewayTally.whole++;
          else violation(`gateway complete answered ${JSON.stringify(text)}`);
        } else {
          fail(gatewayTally, `${response.status} ${body.error?.type ?? 'no error body'}`);
          if (response.status !== 504) violation(`gateway ${response.status}: ${body.error?.message}`);
        }
        return;
      }
      let delivered = '';
      let ended = false;
      let errored = false;
      for await (const event of readSse(response.body as unknown as AsyncIterable<Uint8Array>)) {
        if (event.data === '[DONE]') {
          ended = true;
          continue;
        }
        const chunk = JSON.parse(event.data) as {
          error?: unknown;
          choices?: Array<{ delta?: { content?: string } }>;
        };
        if (chunk.error) errored = true;
        delivered += chunk.choices?.[0]?.delta?.content ?? '';
      }
      settle();
      if (errored) {
        gatewayTally.interrupted++;
        if (ended) violation('gateway stream sent an error and then [DONE]');
      } else if (!ended) {
        violation(`gateway stream ended with neither [DONE] nor an error after ${JSON.stringify(delivered)}`);
      } else if (delivered !== expectedText) {
        violation(`gateway stream ended short: ${JSON.stringify(delivered)}`);
      } else gatewayTally.whole++;
    } catch (error) {
      settle();
      fail(gatewayTally, `client error ${(error as Error).name}`);
      violation(`gateway call failed at the client: ${(error as Error).message}`);
    }
  };

  const runCallers = async (ms: number) => {
    const endAt = Date.now() + ms;
    const loop = async (call: () => Promise<void>) => {
      while (Date.now() < endAt) {
        started++;
        await call();
        // A caller does other work between calls: a call refused at once (every breaker open) must not
        // turn the loop into a microtask spin that starves the timers, the gateway and the breakers' probes.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    };
    const loops: Promise<void>[] = [];
    for (let i = 0; i < (options.routerCallers ?? 12); i++) {
      loops.push(loop(i % 2 === 0 ? routerStream : routerComplete));
    }
    for (let i = 0; i < (options.gatewayCallers ?? 8); i++) {
      loops.push(loop(() => gatewayCall(i % 2 === 0)));
    }
    let guard: NodeJS.Timeout | undefined;
    const drained = await Promise.race([
      Promise.all(loops).then(() => true),
      new Promise<boolean>((resolve) => {
        guard = setTimeout(resolve, ms + 30_000, false);
      }),
    ]);
    clearTimeout(guard);
    return drained;
  };

  // Warm up with the same callers (pools at their working size, JIT, lazy modules), then the baseline.
  await runCallers(WARM_UP_MS);
  Object.assign(routerTally, newTally());
  Object.assign(gatewayTally, newTally());
  for (const key of Object.keys(injected)) delete injected[key];
  violations.length = 0;
  started = 0;
  const [settledBase, twiceBase] = [settled, settledTwice];
  // Keep-alive sockets idle out after the servers' 5 s, so both measurements see a pool at rest.
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  const memoryStart = heapMB();
  const handlesStart = handleCount();
  const timersStart = timerCount();

  const startedAt = Date.now();
  const drained = await runCallers(options.durationMs);
  const durationMs = Date.now() - startedAt;
  const settledCount = settled - settledBase;
  const neverSettled = started - settledCount;
  if (!drained || neverSettled !== 0) violation(`${neverSettled} call(s) never settled`);
  if (settledTwice - twiceBase > 0) violation(`${settledTwice - twiceBase} call(s) settled twice`);

  // Let closing sockets close and the keep-alive pool idle down to what the warm-up held.
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
  const memoryEnd = heapMB();
  const report: SoakReport = {
    durationMs,
    calls: routerTally.calls + gatewayTally.calls,
    router: routerTally,
    gateway: gatewayTally,
    faultsInjected: { ...injected },
    neverSettled,
    settledTwice: settledTwice - twiceBase,
    memory: {
      heapStartMB: round(memoryStart.heap),
      heapEndMB: round(memoryEnd.heap),
      rssStartMB: round(memoryStart.rss),
      rssEndMB: round(memoryEnd.rss),
    },
    handles: { start: handlesStart, end: handleCount() },
    timers: { start: timersStart, end: timerCount() },
    violations,
  };
  if (report.handles.end > report.handles.start + 4) {
    violation(
      `open handles grew from ${report.handles.start} to ${report.handles.end}: ${describeHandles().join(', ')}`,
    );
  }
  if (report.timers.end > report.timers.start + 2) {
    violation(`timers grew from ${report.timers.start} to ${report.timers.end}`);
  }
  await gateway.shutdown(1_000);
  await fake.close();
  return report;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
