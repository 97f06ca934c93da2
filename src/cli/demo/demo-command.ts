import { createLogUpdate } from 'log-update';
import type { CompletionRequest } from '../../types/request.js';
import { RouterError } from '../../types/router-error.js';
import { type CliIO, colorsFor } from '../cli-io.js';
import { demoTimeline, formatMs, startDemoWorld } from './demo-scenario.js';
import { DemoStats } from './demo-stats.js';
import {
  type DemoViewInput,
  interestingRecords,
  progressLine,
  renderLive,
  renderSummary,
  renderTrail,
} from './demo-view.js';

/** Options of {@link demoCommand}. */
export interface DemoOptions {
  /** Requests to send. Default 300. */
  requests?: number;
  /** Length of the run; default about 60 ms per request (18 s for 300). */
  durationMs?: number;
}

const providers = ['openai', 'anthropic', 'gemini'] as const;

/**
 * `llmrouter demo`: three scripted providers on an in-process fake provider server (no keys, no
 * network), a router configured like the seed's example with its timings scaled to the run, and a few
 * hundred requests, a third of them streamed, sent at a steady rate. On a terminal a live view redraws
 * the breakers and counters; otherwise plain lines report progress and every breaker change. Ends with
 * a summary and the trails of a few requests that show the router at work. Returns the exit status.
 */
export async function demoCommand(options: DemoOptions, io: CliIO): Promise<number> {
  const timeline = demoTimeline(options.requests ?? 300, options.durationMs);
  const stats = new DemoStats(providers);
  const world = await startDemoWorld(timeline, stats.hooks);
  const color = colorsFor(io.stdout, io.env);
  const out = (text = '') => io.stdout.write(`${text}\n`);
  const router = world.built.router;
  const view: DemoViewInput = {
    stats,
    timeline,
    breaker: world.built.breaker,
    describe: (provider) => world.describe(provider as (typeof providers)[number]),
    color,
  };

  const plan = router.explain('gpt-4o-mini').plan.map((target) => `${target.provider}/${target.model}`);
  out(color.bold('llmrouter demo') + color.dim('  (fake providers on 127.0.0.1: no keys, no network)'));
  out(`gpt-4o-mini routes to ${plan.join(' → ')}`);
  out(
    color.dim(
      `retry 3× from ${formatMs(timeline.retryBaseDelayMs)}, breaker opens after 5 failures for ${formatMs(timeline.breakerCooldownMs)}, timeout ${formatMs(timeline.timeoutMs)} per attempt (the seed's 1 s / 30 s / 30 s, scaled to a ${formatMs(timeline.durationMs)} run)`,
    ),
  );
  out(
    color.dim(
      `${timeline.requests} requests, one in three streamed; openai will fail with 503s, then hang, then recover`,
    ),
  );
  out();

  // A terminal that reports no rows (a pseudo-terminal with no size) would show nothing: use plain lines.
  const live =
    io.stdout.isTTY && (io.stdout.rows ?? 24) > 0
      ? createLogUpdate(io.stdout as NodeJS.WriteStream)
      : undefined;
  let printedEvents = 0;
  let reportedTenth = 0;
  let phase = world.describe('openai');
  const tick = () => {
    const current = world.describe('openai');
    if (current !== phase) {
      phase = current;
      stats.event({ kind: 'script', text: `openai is now ${current}` });
    }
    if (live) {
      live(renderLive(view));
      return;
    }
    for (; printedEvents < stats.events.length; printedEvents++) {
      const event = stats.events[printedEvents]!;
      out(`${formatMs(event.atMs).padStart(7)}  ${event.text}`);
    }
    const tenth = Math.floor((stats.records.length / timeline.requests) * 10);
    if (tenth > reportedTenth) {
      reportedTenth = tenth;
      out(progressLine(view));
    }
  };

  world.start();
  stats.start();
  const timer = setInterval(tick, live ? 100 : 25);
  const interval = timeline.durationMs / timeline.requests;
  const pending: Promise<void>[] = [];
  try {
    for (let index = 1; index <= timeline.requests; index++) {
      const wait = index * interval - stats.elapsedMs();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      stats.sent = index;
      pending.push(send(index));
    }
    await Promise.all(pending);
  } finally {
    clearInterval(timer);
    tick();
    live?.done();
    await world.close();
  }

  out();
  out(renderSummary(view));
  const picks = interestingRecords(stats.records);
  if (picks.length > 0) {
    out();
    out(color.bold('What the router did, in a few requests'));
    for (const pick of picks) {
      out();
      out(color.dim(`${pick.title}:`));
      out(renderTrail(pick.record, color));
    }
  }
  out();
  out(
    color.dim(
      'The same router serves OpenAI clients over HTTP: llmrouter serve --config examples/llmrouter.yaml',
    ),
  );
  return 0;

  async function send(index: number): Promise<void> {
    const stream = index % 3 === 0;
    const request: CompletionRequest = {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: `Classify document #${index}` }],
      maxTokens: 64,
    };
    const sentAt = stats.elapsedMs();
    const started = performance.now();
    try {
      if (stream) {
        const routed = router.stream(request);
        let firstPartAt: number | undefined;
        for await (const _part of routed) firstPartAt ??= performance.now();
        const response = await routed.response;
        stats.record({
          index,
          stream,
          sentAt,
          latencyMs: performance.now() - started,
          timeToFirstPartMs: firstPartAt === undefined ? undefined : firstPartAt - started,
          provider: response.provider,
          trail: response.trail,
        });
      } else {
        const response = await router.complete(request);
        stats.record({
          index,
          stream,
          sentAt,
          latencyMs: performance.now() - started,
          provider: response.provider,
          trail: response.trail,
        });
      }
    } catch (error) {
      const routerError = RouterError.isInstance(error) ? error : undefined;
      if (!routerError) throw error;
      stats.record({
        index,
        stream,
        sentAt,
        latencyMs: performance.now() - started,
        trail: routerError.trail ?? [],
        error: routerError,
      });
    }
  }
}
