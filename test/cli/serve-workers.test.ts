import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { faults } from '../../src/testing/fake-server/index.js';
import { spawnCli } from './run-cli.js';
import { until, useServeFixture, writeServeConfig } from './serve-fixture.js';

const fixture = useServeFixture('llmrouter-workers-');

type Line = Record<string, unknown>;

function linesOf(stdout: string): Line[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Line);
}

/** `llmrouter serve --workers 2` over one fake upstream, once both workers listen. */
async function startWorkers(options: { upstream: string; file: string; gracePeriodMs?: number }) {
  const upstream = fixture.fake.upstream(options.upstream);
  const configPath = await writeServeConfig(fixture, {
    ...options,
    gracePeriodMs: options.gracePeriodMs ?? 10_000,
  });
  const cli = spawnCli(['serve', '--config', configPath, '--workers', '2'], {
    UPSTREAM_KEY: 'upstream-test-key',
  });
  await until(() => cli.stdout().includes('2 workers listening'), 'both workers to listen', 30_000);
  const url = /workers listening on (http:\/\/[\d.:]+)/.exec(cli.stdout())![1]!;
  const client = new OpenAI({ apiKey: 'unused', baseURL: `${url}/v1`, maxRetries: 0 });
  return { cli, url, upstream, client };
}

async function complete(url: string): Promise<number> {
  // A connection per request (no keep-alive), so the primary's round-robin hands them to both workers.
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', connection: 'close' },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }),
  });
  await response.text();
  return response.status;
}

function requestsTotal(metrics: string): number {
  let total = 0;
  for (const line of metrics.split('\n')) {
    if (line.startsWith('llmrouter_requests_total{')) total += Number(line.split(' ').at(-1));
  }
  return total;
}

describe('llmrouter serve --workers', () => {
  it('serves from both workers, and /metrics from either counts the requests of both', async () => {
    const { cli, url, upstream } = await startWorkers({ upstream: 'workers-both', file: 'both.yaml' });
    upstream.setDefault(faults.reply({ text: 'hello' }));
    const statuses: number[] = [];
    for (let index = 0; index < 10; index++) statuses.push(await complete(url));
    expect(statuses).toEqual(Array(10).fill(200));
    await until(
      () => linesOf(cli.stdout()).filter((line) => line.msg === 'request').length === 10,
      'the ten request lines',
    );
    const servedBy = new Set(
      linesOf(cli.stdout())
        .filter((line) => line.msg === 'request')
        .map((line) => line.worker),
    );
    expect(servedBy.size).toBe(2);
    const started = linesOf(cli.stdout()).filter((line) => line.msg === 'worker started');
    expect(new Set(started.map((line) => line.pid)).size).toBe(2);

    // Two scrapes on fresh connections: whichever worker answers, it counts all ten.
    for (let scrape = 0; scrape < 2; scrape++) {
      const response = await fetch(`${url}/metrics`, { headers: { connection: 'close' } });
      expect(response.status).toBe(200);
      expect(requestsTotal(await response.text())).toBe(10);
    }

    cli.child.kill('SIGTERM');
    const run = await cli.finished;
    expect(run.code).toBe(0);
    expect(linesOf(run.stdout).at(-1)).toMatchObject({ msg: 'every worker drained; stopped' });
  }, 60_000);

  it('on SIGTERM lets an in-flight stream finish on its worker, then exits 0', async () => {
    const { cli, url, upstream, client } = await startWorkers({
      upstream: 'workers-drain',
      file: 'drain.yaml',
    });
    upstream.setDefault(faults.reply({ text: 'one two three four five six', partDelayMs: 150 }));
    let first = false;
    const stream = (async () => {
      const chunks = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Count to six' }],
        stream: true,
      });
      let text = '';
      for await (const chunk of chunks) {
        text += chunk.choices[0]?.delta.content ?? '';
        if (text !== '') first = true;
      }
      return text;
    })();
    await until(() => first, 'the stream to start');

    cli.child.kill('SIGTERM');
    await until(() => cli.stdout().includes('every worker drains'), 'the shutdown to begin');
    expect(await stream).toBe('one two three four five six');
    const run = await cli.finished;
    expect(run.code).toBe(0);
    expect(run.signal).toBeNull();
    const lines = linesOf(run.stdout);
    expect(lines.filter((line) => line.msg === 'drained; stopped')).toHaveLength(2);
    expect(lines.filter((line) => line.msg === 'request').map((line) => line.status)).toEqual([200]);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  }, 60_000);

  it('replaces a worker that was killed', async () => {
    const { cli, url, upstream } = await startWorkers({ upstream: 'workers-kill', file: 'kill.yaml' });
    upstream.setDefault(faults.reply({ text: 'hello' }));
    const first = linesOf(cli.stdout()).find((line) => line.msg === 'worker started')!;
    process.kill(first.pid as number, 'SIGKILL');
    await until(
      () => linesOf(cli.stdout()).filter((line) => line.msg === 'worker started').length === 3,
      'a third worker to start',
    );
    expect(linesOf(cli.stdout()).find((line) => line.msg === 'worker exited; replacing it')).toMatchObject({
      worker: first.worker,
      signal: 'SIGKILL',
      level: 'warn',
    });
    const third = linesOf(cli.stdout()).filter((line) => line.msg === 'worker started')[2]!;
    await until(
      () => linesOf(cli.stdout()).some((line) => line.worker === third.worker && line.url !== undefined),
      'the new worker to listen',
    );
    const statuses: number[] = [];
    for (let index = 0; index < 6; index++) statuses.push(await complete(url));
    expect(statuses).toEqual(Array(6).fill(200));

    cli.child.kill('SIGTERM');
    expect((await cli.finished).code).toBe(0);
  }, 60_000);
});

describe('llmrouter serve --workers and SIGHUP', () => {
  it('reloads every worker on a valid file and refuses an invalid one on every worker', async () => {
    const { cli, url, upstream } = await startWorkers({ upstream: 'workers-hup', file: 'hup.yaml' });
    upstream.setDefault(faults.reply({ text: 'hello' }));
    const configPath = join(fixture.folder, 'hup.yaml');
    const valid = readFile(configPath, 'utf8');
    await writeFile(configPath, `${await valid}\n# reloaded\n`);
    cli.child.kill('SIGHUP');
    await until(() => cli.stdout().includes('configuration reloaded on every worker'), 'the reload');
    await writeFile(configPath, 'providers:\n  openai: { type: nope }\n');
    cli.child.kill('SIGHUP');
    await until(() => cli.stdout().includes('configuration refused by every worker'), 'the refusal');
    const lines = linesOf(cli.stdout());
    expect(lines.filter((line) => line.msg === 'configuration reloaded')).toHaveLength(2);
    expect(
      new Set(
        lines
          .filter((line) => String(line.msg).startsWith('configuration not reloaded'))
          .map((line) => line.worker),
      ).size,
    ).toBe(2);
    // Both workers still serve the valid configuration, version 2.
    for (let index = 0; index < 4; index++) expect(await complete(url)).toBe(200);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/^llmrouter_config_info\{hash="[0-9a-f]{12}"\} 2$/m);

    cli.child.kill('SIGTERM');
    expect((await cli.finished).code).toBe(0);
  }, 60_000);
});

describe('llmrouter serve --workers at start', () => {
  it('exits 1, saying why, when the workers cannot listen on the port', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const configPath = join(fixture.folder, 'taken.yaml');
      await writeFile(
        configPath,
        ['providers:', '  openai:', '    type: openai', '    apiKey: test', '    models: [gpt-4o-mini]'].join(
          '\n',
        ),
      );
      const run = await spawnCli(['serve', '--config', configPath, '--workers', '2', '--port', String(port)])
        .finished;
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('cannot listen');
      expect(run.stdout).toContain('a worker could not start; stopping');
    } finally {
      taken.close();
    }
  }, 60_000);
});
