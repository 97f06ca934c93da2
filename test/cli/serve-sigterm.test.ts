import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { faults } from '../../src/testing/fake-server/index.js';
import { spawnCli } from './run-cli.js';
import { until, useServeFixture, writeServeConfig } from './serve-fixture.js';

const fixture = useServeFixture('llmrouter-serve-');

/** `llmrouter serve` in a child process over one fake upstream, and an openai client pointed at it. */
async function startServe(options: { upstream: string; gracePeriodMs: number; file: string }) {
  const configPath = await writeServeConfig(fixture, options);
  const cli = spawnCli(['serve', '--config', configPath], { UPSTREAM_KEY: 'upstream-test-key' });
  await until(() => cli.stdout().includes('listening on'), 'the gateway to listen');
  const url = /listening on (http:\/\/[\d.:]+)/.exec(cli.stdout())![1]!;
  return { cli, url, client: new OpenAI({ apiKey: 'unused', baseURL: `${url}/v1`, maxRetries: 0 }) };
}

describe('llmrouter serve', () => {
  it('on SIGTERM stops accepting, lets in-flight streams finish, and exits 0', async () => {
    const upstream = fixture.fake.upstream('slow');
    // Eight words, 150 ms apart: each stream is still running when the signal arrives.
    upstream.setDefault(faults.reply({ text: 'one two three four five six seven eight', partDelayMs: 150 }));
    const { cli, url, client } = await startServe({
      upstream: 'slow',
      gracePeriodMs: 10_000,
      file: 'llmrouter.yaml',
    });

    const firstChunks: string[] = [];
    const streams = [1, 2].map(async () => {
      const stream = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Count to eight' }],
        stream: true,
      });
      let text = '';
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta.content ?? '';
        if (delta !== '' && text === '') firstChunks.push(delta);
        text += delta;
      }
      return text;
    });
    await until(() => firstChunks.length === 2, 'both streams to start');

    cli.child.kill('SIGTERM');
    await until(() => cli.stdout().includes('shutting down'), 'the shutdown to begin');
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();

    expect(await Promise.all(streams)).toEqual([
      'one two three four five six seven eight',
      'one two three four five six seven eight',
    ]);
    const run = await cli.finished;
    expect(run.code).toBe(0);
    expect(run.signal).toBeNull();
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.filter((line) => line.msg === 'request').map((line) => [line.status, line.stream])).toEqual([
      [200, true],
      [200, true],
    ]);
    expect(lines.at(-1)).toMatchObject({ level: 'info', msg: 'drained; stopped', cutOff: 0 });
  }, 30_000);

  it('on SIGTERM past the grace period cuts off the stream still running, logs it, and exits 0', async () => {
    const upstream = fixture.fake.upstream('endless');
    // One word every 2 s: the stream cannot finish within the 300 ms grace period.
    upstream.setDefault(faults.reply({ text: 'one two three four five six', partDelayMs: 2_000 }));
    const { cli, client } = await startServe({
      upstream: 'endless',
      gracePeriodMs: 300,
      file: 'short-grace.yaml',
    });
    let received = '';
    const stream = (async () => {
      const chunks = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Count slowly' }],
        stream: true,
      });
      for await (const chunk of chunks) received += chunk.choices[0]?.delta.content ?? '';
    })().then(
      () => 'ended',
      () => 'failed',
    );
    await until(() => upstream.requests.length === 1, 'the request to reach the upstream');

    cli.child.kill('SIGTERM');
    const run = await cli.finished;
    expect(run.code).toBe(0);
    expect(run.signal).toBeNull();
    // The client saw at most the first words, never the whole answer.
    await stream;
    expect(received).not.toBe('one two three four five six');
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.at(-1)).toMatchObject({
      level: 'warn',
      msg: 'grace period over; cut off in-flight requests',
      cutOff: 1,
    });
    expect(lines.filter((line) => line.msg === 'request')).toHaveLength(1);
  }, 30_000);

  it('refuses to start when a referenced variable is unset, naming it', async () => {
    const configPath = join(fixture.folder, 'unset.yaml');
    await writeFile(configPath, 'providers:\n  openai: { type: openai }\n');
    const run = await spawnCli(['serve', '--config', configPath]).finished;
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `✖ ${configPath}: cannot serve\n  providers.openai.apiKey: environment variable OPENAI_API_KEY is not set\n`,
    );
  });
});
