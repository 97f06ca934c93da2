import picocolors from 'picocolors';
import { describe, expect, it } from 'vitest';
import type { Attempt } from '../../types/attempt.js';
import { demoTimeline } from './demo-scenario.js';
import { type DemoRecord, DemoStats } from './demo-stats.js';
import {
  type DemoViewInput,
  interestingRecords,
  progressLine,
  renderLive,
  renderSummary,
  renderTrail,
} from './demo-view.js';

const plain = picocolors.createColors(false);

/** An attempt record; `fields` says what the test cares about. */
function attempt(
  fields: Pick<Attempt, 'ordinal' | 'provider' | 'reason' | 'outcome'> & Partial<Attempt>,
): Attempt {
  return { model: `${fields.provider}-model`, startedAt: 0, latencyMs: 12, ...fields };
}

const fellBack: DemoRecord = {
  index: 7,
  stream: false,
  sentAt: 100,
  latencyMs: 48,
  provider: 'anthropic',
  trail: [
    attempt({
      ordinal: 1,
      provider: 'openai',
      reason: 'primary',
      outcome: 'error',
      errorKind: 'overloaded',
      status: 503,
    }),
    attempt({
      ordinal: 2,
      provider: 'openai',
      reason: 'retry',
      outcome: 'error',
      errorKind: 'overloaded',
      status: 503,
    }),
    attempt({ ordinal: 3, provider: 'anthropic', reason: 'fallback', outcome: 'success' }),
  ],
};
const skipped: DemoRecord = {
  index: 9,
  stream: true,
  sentAt: 140,
  latencyMs: 20,
  timeToFirstPartMs: 9,
  provider: 'anthropic',
  trail: [
    attempt({
      ordinal: 1,
      provider: 'openai',
      reason: 'primary',
      outcome: 'skipped',
      errorKind: 'circuit_open',
    }),
    attempt({ ordinal: 2, provider: 'anthropic', reason: 'fallback', outcome: 'success' }),
  ],
};

function view(): DemoViewInput {
  const stats = new DemoStats(['openai', 'anthropic', 'gemini']);
  stats.record(fellBack);
  stats.record(skipped);
  return {
    stats,
    timeline: demoTimeline(10),
    breaker: undefined,
    describe: (provider) => `${provider} script`,
    color: plain,
  };
}

describe('demo views', () => {
  it('renders a request’s trail, one attempt a line', () => {
    expect(renderTrail(fellBack, plain)).toBe(
      [
        '#7 complete  48 ms  served by anthropic/anthropic-model',
        '    1. openai/openai-model          primary  overloaded 503             12 ms',
        '    2. openai/openai-model          retry    overloaded 503             12 ms',
        '    3. anthropic/anthropic-model    fallback success                    12 ms',
      ].join('\n'),
    );
  });

  it('picks the first request of each interesting kind', () => {
    expect(interestingRecords([skipped, fellBack]).map((pick) => [pick.title, pick.record.index])).toEqual([
      ['the primary failing: retried, then served by the fallback', 7],
      ['breaker open: the primary skipped at once, no time lost on it', 9],
    ]);
  });

  it('shows progress, the providers and the totals', () => {
    const input = view();
    expect(progressLine(input)).toMatch(
      /^\[ 20%\] 2\/10 done {2}served 2 failed 0 retries 0 fallbacks 0 openings 0 {2}p50 20 ms p90 48 ms p99 48 ms {2}breakers: openai=closed anthropic=closed gemini=closed$/,
    );
    const live = renderLive(input).split('\n');
    expect(live[0]).toMatch(/^llmrouter demo {2}█{6}░{22} {2}2\/10 requests/);
    expect(live).toContain(
      '  openai     primary     openai script     closed   0       2         1        overloaded 2',
    );
    const summary = renderSummary(input).split('\n');
    expect(summary).toContain('requests 2: 2 succeeded, 0 failed');
    expect(summary).toContain('stream 1st part p50 9 ms   p90 9 ms   p99 9 ms');
  });
});
