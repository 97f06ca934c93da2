import { describe, expect, it } from 'vitest';
import { logLineFor, useGatewayHarness } from './gateway-harness.js';

const header = 'x-llmrouter-safe-to-duplicate';
const messages = [{ role: 'user' as const, content: 'Hi' }];

describe('hedging through the gateway', () => {
  const harness = useGatewayHarness({ extra: 'hedge: { afterMs: 30 }' });

  it('hedges a request marked safe to duplicate: a silent primary is passed by the fallback', async () => {
    harness.primary.enqueue({ type: 'hang' });
    harness.fallback.enqueue({ type: 'reply', text: 'from the hedge' });
    const started = performance.now();
    const { data, response } = await harness.client.chat.completions
      .create({ model: 'gpt-4o-mini', messages }, { headers: { [header]: 'true' } })
      .withResponse();
    expect(data.choices[0]!.message.content).toBe('from the hedge');
    expect(performance.now() - started).toBeLessThan(1_000);
    const line = await logLineFor(harness, response.headers.get('x-request-id')!);
    expect(line).toMatchObject({ provider: 'anthropic', attempts: 2 });
    expect(harness.primary.requests).toHaveLength(1);
  });

  it('hedges a marked stream the same way', async () => {
    harness.primary.enqueue({ type: 'hang' });
    harness.fallback.enqueue({ type: 'reply', text: 'streamed by the hedge' });
    const stream = await harness.client.chat.completions.create(
      { model: 'gpt-4o-mini', messages, stream: true },
      { headers: { [header]: 'true' } },
    );
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('streamed by the hedge');
  });

  it('never duplicates an unmarked request: the fallback is called only after the primary failed', async () => {
    // Both attempts of the primary's retry fail, the first after 150 ms.
    harness.primary.enqueue({ type: 'status', status: 503, delayMs: 150 }, { type: 'status', status: 503 });
    harness.fallback.enqueue({ type: 'reply', text: 'after the failure' });
    const started = performance.now();
    const answer = await harness.client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect(answer.choices[0]!.message.content).toBe('after the failure');
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(harness.primary.requests).toHaveLength(2);
    expect(harness.fallback.requests).toHaveLength(1);
  });

  it('refuses a header that is neither true nor false, naming it', async () => {
    const refused = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${harness.key}`,
        'content-type': 'application/json',
        [header]: 'yes',
      },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages }),
    });
    expect(refused.status).toBe(400);
    const body = (await refused.json()) as { error: { message: string; param: string } };
    expect(body.error.param).toBe(header);
    expect(body.error.message).toMatch(/must be true or false; got "yes"/);
  });
});

describe('server.safeToDuplicate: true', () => {
  const harness = useGatewayHarness({ extra: 'hedge: { afterMs: 30 }', server: '  safeToDuplicate: true' });

  it('hedges every request, except one whose header says false', async () => {
    harness.primary.enqueue({ type: 'hang' });
    harness.fallback.enqueue({ type: 'reply', text: 'hedged by default' });
    const hedged = await harness.client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    expect(hedged.choices[0]!.message.content).toBe('hedged by default');

    harness.primary.enqueue({ type: 'reply', text: 'primary, late', delayMs: 120 });
    const started = performance.now();
    const unhedged = await harness.client.chat.completions.create(
      { model: 'gpt-4o-mini', messages },
      { headers: { [header]: 'false' } },
    );
    expect(unhedged.choices[0]!.message.content).toBe('primary, late');
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    expect(harness.fallback.requests).toHaveLength(1);
  });
});
