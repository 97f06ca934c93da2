import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startFakeProviderServer } from './fake-provider-server.js';
import { faults } from './faults.js';
import { call, completionBody } from './test-client.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');

/**
 * Polls for a condition that follows from socket events the test cannot await directly. Bounded well
 * below the test timeout so a failure names what never happened instead of timing out the test.
 */
async function until(condition: () => boolean, what: string, limitMs = 5_000): Promise<void> {
  const deadline = performance.now() + limitMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`still waiting after ${limitMs} ms for ${what}`);
    await new Promise((settle) => setTimeout(settle, 2));
  }
}

function timeoutCount(): number {
  return process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;
}

describe('close', () => {
  it('resolves at once with hanging, delayed and paced responses in flight, failing their clients', async () => {
    const server = await startFakeProviderServer();
    const upstream = server.upstream('p');
    upstream.enqueue(
      faults.hang(),
      faults.hang({ afterParts: 1 }),
      faults.reply({ delayMs: 60_000 }),
      faults.reply({ partDelayMs: 60_000 }),
    );
    const calls = [
      call(upstream, { format: 'openai' }),
      call(upstream, { format: 'anthropic', stream: true }),
      call(upstream, { format: 'gemini' }),
      call(upstream, { format: 'openai', stream: true }),
    ];
    await until(() => upstream.requests.length === 4, 'the four requests to arrive');
    const started = performance.now();
    await server.close();
    const outcomes = await Promise.all(calls);
    // The responses in flight would take 60 s; closing must not wait for any of them. The bound leaves
    // a loaded machine seconds of slack while staying far below 60 s.
    expect(performance.now() - started).toBeLessThan(5_000);
    for (const outcome of outcomes) expect(outcome.error).toBeDefined();
    expect(outcomes.map((outcome) => outcome.status)).toEqual([undefined, 200, undefined, 200]);
  });

  it('is safe to call twice, and refuses connections once closed', async () => {
    const server = await startFakeProviderServer();
    const upstream = server.upstream('p');
    expect((await call(upstream, { format: 'openai' })).status).toBe(200);
    await expect(Promise.all([server.close(), server.close()])).resolves.toBeDefined();
    await expect(server.close()).resolves.toBeUndefined();
    const after = await call(upstream, { format: 'openai' });
    expect(after.status).toBeUndefined();
    expect(after.error).toBeDefined();
  });

  it('leaves nothing behind: a process that starts, uses and closes a server exits on its own', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'fake-server-exit-'));
    const script = join(folder, 'exit-check.mts');
    writeFileSync(
      script,
      `import { faults, startFakeProviderServer } from ${JSON.stringify(pathToFileURL(join(here, 'index.ts')).href)};
const server = await startFakeProviderServer();
const upstream = server.upstream('p');
upstream.enqueue(faults.hang(), faults.hang({ afterParts: 1 }), faults.reply({ delayMs: 60_000 }), faults.reply({ partDelayMs: 60_000 }));
const body = JSON.stringify({ model: 'm', messages: [], stream: true });
const calls = [0, 1, 2, 3].map(() =>
  fetch(upstream.baseURL('openai') + '/chat/completions', { method: 'POST', body }).then((response) => response.text()).catch(() => 'failed'),
);
while (upstream.requests.length < 4) await new Promise((settle) => setTimeout(settle, 5));
await server.close();
await Promise.all(calls);
console.log('closed');
`,
    );
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: repoRoot, stdio: 'pipe' });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.stderr.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      const code = await new Promise<number | null>((settle) => {
        const guard = setTimeout(() => {
          child.kill();
          settle(null);
        }, 15_000);
        child.on('exit', (exitCode) => {
          clearTimeout(guard);
          settle(exitCode);
        });
      });
      expect(output.trim()).toBe('closed');
      expect(code).toBe(0);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 20_000);
});

describe('timers', () => {
  it('paces a stream with one timer at a time and clears it when the client goes away', async () => {
    const server = await startFakeProviderServer();
    const upstream = server.upstream('p');
    // Warm the client up so its own timers exist before counting.
    await call(upstream, { format: 'openai', stream: true });
    const baseline = timeoutCount();
    upstream.enqueue(faults.reply({ text: 'one two three four five six seven eight', partDelayMs: 20 }));
    const controller = new AbortController();
    const response = await fetch(`${upstream.baseURL('openai')}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify(completionBody('openai', { stream: true })),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await reader.read();
    expect(timeoutCount()).toBeLessThanOrEqual(baseline + 1);
    controller.abort();
    await reader.read().catch(() => undefined);
    await until(
      () => timeoutCount() <= baseline,
      `the pacing timer to be cleared (${timeoutCount()} > ${baseline})`,
    );
    await server.close();
  });
});
