import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { DeferredCounter } from './deferred-counter.js';

describe('DeferredCounter', () => {
  it('shows every increment made before a scrape, and keeps counting across scrapes', async () => {
    const registry = new Registry();
    const counter = new DeferredCounter({
      name: 'calls_total',
      help: 'calls',
      labelNames: ['provider', 'outcome'],
      registers: [registry],
    });
    counter.inc(['openai', 'success']);
    counter.inc(['openai', 'success'], 2);
    counter.inc(['groq', 'rate_limit']);
    const first = await registry.metrics();
    expect(first).toContain('calls_total{provider="openai",outcome="success"} 3');
    expect(first).toContain('calls_total{provider="groq",outcome="rate_limit"} 1');
    counter.inc(['openai', 'success']);
    const second = await registry.metrics();
    expect(second).toContain('calls_total{provider="openai",outcome="success"} 4');
    expect(second).toContain('calls_total{provider="groq",outcome="rate_limit"} 1');
  });
});
