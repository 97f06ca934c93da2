import type OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { faults } from '../../src/testing/fake-server/index.js';
import { type GatewayHarness, logLineFor, startGatewayHarness } from './gateway-harness.js';

const question = [{ role: 'user' as const, content: 'Classify this document' }];
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

// Each attempt may take 10 s and there are 2 attempts on each of 2 targets: without the 300 ms
// `server.deadlineMs` a hanging request would run 40 s. Anything well under one attempt's 10 s (allowing
// for a loaded machine) can only be the deadline.
const attemptTimeoutMs = 10_000;
const deadlineMs = 300;

async function hangingHarness(): Promise<GatewayHarness> {
  const harness = await startGatewayHarness({
    timeoutMs: attemptTimeoutMs,
    server: `  deadlineMs: ${deadlineMs}`,
  });
  cleanups.push(() => harness.close());
  harness.primary.setDefault(faults.hang());
  harness.fallback.setDefault(faults.hang());
  return harness;
}

describe('server.deadlineMs', () => {
  it('ends a request whose upstreams hang with a 504 at the deadline, logs it, and leaves nothing running', async () => {
    const harness = await hangingHarness();
    const startedAt = performance.now();
    const error = (await harness.client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: question })
      .catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
    const elapsedMs = performance.now() - startedAt;

    expect(error.status).toBe(504);
    expect(error.error).toMatchObject({ type: 'server_error', code: 'upstream_timeout' });
    expect(error.message).toContain(`${deadlineMs} ms`);
    expect(elapsedMs).toBeGreaterThanOrEqual(deadlineMs - 5);
    expect(elapsedMs).toBeLessThan(attemptTimeoutMs / 2);
    // The deadline cut the first attempt: no retry and no fallback was started after it.
    expect(error.headers?.get('x-llmrouter-attempts')).toBe('1');
    expect(harness.primary.requests).toHaveLength(1);
    expect(harness.fallback.requests).toHaveLength(0);

    const requestId = error.headers?.get('x-request-id');
    expect(requestId).toBeTruthy();
    expect(await logLineFor(harness, requestId!)).toMatchObject({ status: 504 });
    // The log line is written once the request has settled, so the gateway holds nothing in flight by now.
    expect(harness.gateway.gateway.inFlight).toBe(0);
  });

  it('a stream that has sent nothing yet also ends with a 504 at the deadline', async () => {
    const harness = await hangingHarness();
    const startedAt = performance.now();
    const response = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: question, stream: true }),
    });
    const body = await response.text();
    const elapsedMs = performance.now() - startedAt;
    expect(elapsedMs).toBeGreaterThanOrEqual(deadlineMs - 5);
    expect(elapsedMs).toBeLessThan(attemptTimeoutMs / 2);
    expect(response.status).toBe(504);
    expect(JSON.parse(body)).toMatchObject({ error: { type: 'server_error', code: 'upstream_timeout' } });
    expect(harness.primary.requests).toHaveLength(1);
    expect(harness.fallback.requests).toHaveLength(0);
  });
});
