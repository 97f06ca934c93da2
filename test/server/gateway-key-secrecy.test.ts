import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faults } from '../../src/testing/fake-server/index.js';
import { type GatewayHarness, providerKey, startGatewayHarness } from './gateway-harness.js';

describe('keys never reach the log or the metrics', () => {
  let harness: GatewayHarness;
  beforeAll(async () => {
    harness = await startGatewayHarness({ server: '  logContent: true\n  redact: [account_number]' });
  });
  afterAll(() => harness.close());

  it('masks the gateway key and the provider key in content, errors and paths; a wrong key is not echoed', async () => {
    const content = `gateway key ${harness.key}, provider key ${providerKey}`;
    await harness.client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content }],
    });
    const echoed = faults.status(400, {
      body: { error: { message: `bad request with key ${providerKey}` } },
    });
    harness.primary.enqueue(echoed, echoed);
    harness.fallback.enqueue(faults.status(400), faults.status(400));
    await harness.client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'again' }] })
      .catch(() => undefined);
    const wrong = 'gateway-guess-that-must-not-be-logged';
    const refused = await fetch(`${harness.url}/v1/chat/completions?key=${harness.key}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${wrong}` },
      body: '{}',
    });
    expect(refused.status).toBe(401);
    const metrics = await (await fetch(`${harness.url}/metrics`)).text();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const logged = JSON.stringify(harness.logs);
    for (const text of [logged, metrics, await refused.text()]) {
      expect(text).not.toContain(harness.key);
      expect(text).not.toContain(providerKey);
      expect(text).not.toContain(wrong);
    }
    expect(logged).toContain('gateway key [redacted], provider key [redacted]');
  });

  it("masks a group member's own key too", async () => {
    const memberKey = 'sk-member-secret-abcdef0123456789';
    const grouped = await startGatewayHarness({
      server: '  logContent: true',
      extra: `groups:\n  grouped:\n    members:\n      - { provider: openai, model: gpt-4o, apiKey: ${memberKey} }`,
    });
    try {
      await grouped.client.chat.completions.create({
        model: 'grouped',
        messages: [{ role: 'user', content: `member key ${memberKey}` }],
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const logged = JSON.stringify(grouped.logs);
      expect(logged).not.toContain(memberKey);
      expect(logged).toContain('member key [redacted]');
    } finally {
      await grouped.close();
    }
  });
});
