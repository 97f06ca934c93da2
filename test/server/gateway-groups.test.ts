import { describe, expect, it } from 'vitest';
import type { FakeRequest } from '../../src/testing/fake-server/index.js';
import { useGatewayHarness } from './gateway-harness.js';

const groups = `
groups:
  chat:
    strategy: weighted
    members:
      - { provider: openai, model: gpt-4o, name: key-a, apiKey: sk-member-a, weight: 3 }
      - { provider: openai, model: gpt-4o, name: key-b, apiKey: sk-member-b, weight: 1 }
`;
const messages = [{ role: 'user' as const, content: 'Hi' }];
const keyOf = (request: FakeRequest) => String(request.headers.authorization).replace('Bearer ', '');

describe('a deployment group behind the gateway', () => {
  const harness = useGatewayHarness({ extra: groups });
  const call = () => harness.client.chat.completions.create({ model: 'chat', messages });
  const metricLines = async (member: string) =>
    (await (await fetch(`${harness.url}/metrics`)).text())
      .split('\n')
      .filter((line) => line.startsWith('llmrouter_attempts_total') && line.includes(`member="${member}"`));

  it('spreads calls 3:1 over two keys, each sent with its own key', async () => {
    for (let index = 0; index < 8; index++) await call();
    const keys = harness.primary.requests.map(keyOf);
    expect(keys.filter((key) => key === 'sk-member-a')).toHaveLength(6);
    expect(keys.filter((key) => key === 'sk-member-b')).toHaveLength(2);
    expect(harness.primary.requests.every((request) => request.model === 'gpt-4o')).toBe(true);
  });

  it('moves a 429 to the other key within the same request, benches the key for its Retry-After, and labels /metrics with the member', async () => {
    harness.primary.setHandler((request) =>
      keyOf(request) === 'sk-member-a'
        ? { type: 'status', status: 429, headers: { 'retry-after': '120' } }
        : undefined,
    );
    const answer = await call();
    expect(answer.choices[0]!.message.content).toBeTruthy();
    const served = harness.primary.requests.map(keyOf);
    expect(served.at(-1)).toBe('sk-member-b');
    const before = harness.primary.requests.length;
    for (let index = 0; index < 4; index++) await call();
    // Benched for 120 s: every call goes straight to key-b.
    expect(harness.primary.requests.slice(before).map(keyOf)).toEqual(Array(4).fill('sk-member-b'));
    expect((await metricLines('key-a')).some((line) => line.includes('error_kind="rate_limited"'))).toBe(
      true,
    );
    expect((await metricLines('key-b')).some((line) => line.includes('outcome="success"'))).toBe(true);
  });
});

describe('a rejected key behind the gateway', () => {
  const harness = useGatewayHarness({ extra: groups.replace('strategy: weighted', 'strategy: ordered') });

  it("opens that key's breaker only: later calls go to the other key, and nothing of the key reaches the client", async () => {
    harness.primary.setHandler((request) =>
      keyOf(request) === 'sk-member-a' ? { type: 'status', status: 401 } : undefined,
    );
    const { data, response } = await harness.client.chat.completions
      .create({ model: 'chat', messages })
      .withResponse();
    expect(data.choices[0]!.message.content).toBeTruthy();
    expect(response.status).toBe(200);
    for (let index = 0; index < 3; index++)
      await harness.client.chat.completions.create({ model: 'chat', messages });
    expect(harness.primary.requests.map(keyOf)).toEqual([
      'sk-member-a',
      'sk-member-b',
      'sk-member-b',
      'sk-member-b',
      'sk-member-b',
    ]);
    const metrics = await (await fetch(`${harness.url}/metrics`)).text();
    expect(metrics).toContain('llmrouter_circuit_state{provider="openai",model="*",member="key-a"} 2');
    expect(metrics).toContain('llmrouter_circuit_state{provider="openai",model="*",member="key-b"} 0');
    expect(metrics).not.toContain('sk-member-a');
    const ready = (await (await fetch(`${harness.url}/readyz`)).json()) as {
      targets: Array<{ member?: string; state: string }>;
    };
    expect(
      ready.targets.filter((target) => target.member).map((target) => [target.member, target.state]),
    ).toEqual([
      ['key-a', 'open'],
      ['key-b', 'closed'],
    ]);
  });
});
