import { describe, expect, it } from 'vitest';
import { createRouter } from '../../src/index.js';
import { GatewayMetrics } from '../../src/server/core/gateway-metrics.js';
import { MockProvider, mockStep } from '../../src/testing/index.js';

describe('gateway metrics of a group', () => {
  it('labels each attempt with the member it went to', async () => {
    const metrics = new GatewayMetrics();
    const key1 = new MockProvider({
      name: 'openai',
      models: ['m'],
      script: [mockStep.error({ status: 503 })],
    });
    const key2 = new MockProvider({ name: 'openai', models: ['m'] });
    const router = createRouter({
      providers: { openai: key1 },
      groups: {
        chat: {
          members: [
            { provider: 'openai', adapter: key1 },
            { provider: 'openai', adapter: key2 },
          ],
        },
      },
      hooks: metrics.hooks,
    });
    await router.complete({ model: 'chat', messages: [{ role: 'user', content: 'Hi' }] });
    const text = await metrics.text();
    expect(text).toContain(
      'llmrouter_attempts_total{provider="openai",model="m",member="openai#1",outcome="error",error_kind="overloaded"} 1',
    );
    expect(text).toContain(
      'llmrouter_attempts_total{provider="openai",model="m",member="openai#2",outcome="success",error_kind=""} 1',
    );
  });
});
