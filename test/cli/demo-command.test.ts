import { describe, expect, it } from 'vitest';
import { spawnCli } from './run-cli.js';

describe('llmrouter demo', () => {
  it('runs to completion with plain output, and its summary shows fallbacks and breaker openings', async () => {
    const started = Date.now();
    const run = await spawnCli(['demo', '--requests', '60']).finished;
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(Date.now() - started).toBeLessThan(30_000);

    const output = run.stdout;
    // Not a terminal: no escape codes, no redrawn frames; progress comes as plain lines.
    expect(output).not.toContain('\u001b[');
    expect(output).toContain(
      'gpt-4o-mini routes to openai/gpt-4o-mini → anthropic/claude-haiku-4-5 → gemini/gemini-2.5-flash',
    );
    expect(output).toMatch(/^\[100%\] 60\/60 done/m);
    expect(output).toMatch(/breaker openai: closed → open/);
    expect(output).toMatch(/breaker openai: half-open → closed/);

    const requests = /^requests 60: (\d+) succeeded, (\d+) failed$/m.exec(output);
    expect(requests).not.toBeNull();
    expect(Number(requests![1]) + Number(requests![2])).toBe(60);
    const totals = /^retries (\d+) {3}fallbacks (\d+) {3}breaker openings (\d+)$/m.exec(output);
    expect(totals).not.toBeNull();
    const [, retries, fallbacks, openings] = totals!.map(Number);
    expect(retries).toBeGreaterThan(0);
    expect(fallbacks).toBeGreaterThan(0);
    expect(openings).toBeGreaterThanOrEqual(1);

    // The trails of a few requests show the router at work.
    expect(output).toContain('the primary failing: retried, then served by the fallback:');
    expect(output).toContain('breaker open: the primary skipped at once, no time lost on it:');
    expect(output).toMatch(/openai\/gpt-4o-mini +primary +skipped \(circuit_open\)/);
  }, 40_000);
});
