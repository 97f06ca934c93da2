/**
 * Runnable example: the seed's router configuration against scripted mock providers, with no keys and no
 * network. The primary goes down (503s), the breaker opens after five counted failures, traffic flows to
 * the fallback, and after the cooldown a probe finds the primary healthy again.
 *
 *   npm run example
 */
import { circuitBreaker, createRouter, retry, timeout } from '../src/index.js';
import { MockProvider, mockStep } from '../src/testing/index.js';

const outage = { until: 12 };
let primaryCalls = 0;
const openai = new MockProvider({
  name: 'openai',
  models: ['gpt-4o-mini'],
  fallback: () => {
    primaryCalls++;
    return primaryCalls <= outage.until
      ? mockStep.error({ status: 503, message: 'Service Unavailable' }, { delayMs: 5 })
      : mockStep.reply('Invoice (from openai)', { delayMs: 20 });
  },
});
const anthropic = new MockProvider({
  name: 'anthropic',
  models: ['claude-haiku-4-5'],
  fallback: mockStep.reply('Invoice (from anthropic)', { delayMs: 40 }),
});

const breaker = circuitBreaker({
  failureThreshold: 5,
  cooldownMs: 300,
  onStateChange: (event) => console.log(`  breaker ${event.target.provider}: ${event.from} -> ${event.to}`),
});
const router = createRouter({
  providers: { openai, anthropic },
  modelMap: { 'gpt-4o-mini': 'openai' },
  fallbacks: ['anthropic'],
  middleware: [retry({ attempts: 3, baseDelayMs: 10 }), breaker, timeout({ totalMs: 1_000 })],
});

console.log('plan:', JSON.stringify(router.explain('gpt-4o-mini')));
for (let index = 1; index <= 12; index++) {
  const response = await router.complete({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: `Classify document ${index}` }],
  });
  const trail = response.trail
    .map(
      (attempt) =>
        `${attempt.provider}:${attempt.outcome}${attempt.errorKind ? `(${attempt.errorKind})` : ''}`,
    )
    .join(' ');
  console.log(`#${String(index).padStart(2)} served by ${response.provider.padEnd(9)} ${trail}`);
  if (index === 8) {
    console.log('  ...waiting out the breaker cooldown; the primary has recovered');
    outage.until = 0;
    await new Promise((resolve) => setTimeout(resolve, 350));
  }
}
console.log(`breaker state: ${breaker.state({ provider: 'openai' })}`);
