import { describe, expect, it } from 'vitest';
import { startFakeProviderServer } from './fake-provider-server.js';
import { faults } from './faults.js';
import { call, streamText } from './test-client.js';

// In the `load` project (vitest.config.ts): it runs after the other tests, one load file at a time.
describe('load', () => {
  it('serves 1,000 concurrent paced streams', async () => {
    const server = await startFakeProviderServer({ recordRequests: false });
    const upstream = server
      .upstream('load')
      .setDefault(faults.reply({ text: 'one two three four', partDelayMs: 2 }));
    const formats = ['openai', 'anthropic', 'gemini'] as const;
    const outcomes = await Promise.all(
      Array.from({ length: 1_000 }, (_, index) => {
        const format = formats[index % 3]!;
        return call(upstream, { format, stream: true }).then((outcome) => ({ format, outcome }));
      }),
    );
    for (const { format, outcome } of outcomes) {
      expect(outcome.error).toBeUndefined();
      expect(streamText(format, outcome)).toBe('one two three four');
    }
    await server.close();
  });
});
