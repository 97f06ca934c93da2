import { describe, expect, it } from 'vitest';
import { faults } from '../../src/testing/fake-server/index.js';
import { spawnCli } from './run-cli.js';
import { until, useServeFixture, writeServeConfig } from './serve-fixture.js';

const fixture = useServeFixture('llmrouter-watch-');
const upstream = 'watch';

/** The config with `fast` mapped to `target` (a model of the `openai` provider, or a provider name). */
function write(target: string) {
  return writeServeConfig(fixture, {
    upstream,
    file: 'llmrouter.yaml',
    gracePeriodMs: 1_000,
    extra: [`modelMap: { fast: ${target} }`],
  });
}

/** Sends `fast` through the gateway: the model that served it, as the trail header and the upstream saw it. */
async function servedModel(url: string): Promise<{ header: string | null; upstream: unknown }> {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'fast', messages: [{ role: 'user', content: 'Hi' }] }),
  });
  await response.text();
  expect(response.status).toBe(200);
  const sent = fixture.fake.upstream(upstream).requests.at(-1)!;
  return {
    header: response.headers.get('x-llmrouter-model'),
    upstream: (sent.body as { model: unknown }).model,
  };
}

async function configOf(url: string): Promise<{ version: number; hash: string }> {
  return ((await (await fetch(`${url}/readyz`)).json()) as { config: { version: number; hash: string } })
    .config;
}

function count(text: string, phrase: string): number {
  return text.split(phrase).length - 1;
}

describe('llmrouter serve --watch', () => {
  it('applies an edit of the model map without a signal, refuses an invalid edit and keeps serving', async () => {
    fixture.fake.upstream(upstream).setDefault(faults.reply({ text: 'ok' }));
    const configPath = await write('{ provider: openai, model: gpt-4o-mini }');
    const cli = spawnCli(['serve', '--config', configPath, '--watch'], { UPSTREAM_KEY: 'upstream-test-key' });
    await until(() => cli.stdout().includes('listening on'), 'the gateway to listen');
    const url = /listening on (http:\/\/[\d.:]+)/.exec(cli.stdout())![1]!;
    expect(await servedModel(url)).toEqual({ header: 'gpt-4o-mini', upstream: 'gpt-4o-mini' });
    const first = await configOf(url);
    expect(first.version).toBe(1);

    await write('{ provider: openai, model: gpt-4o }');
    await until(() => count(cli.stdout(), 'configuration reloaded') === 1, 'the reload the edit causes');
    expect(await servedModel(url)).toEqual({ header: 'gpt-4o', upstream: 'gpt-4o' });
    const second = await configOf(url);
    expect(second.version).toBe(2);
    expect(second.hash).not.toBe(first.hash);

    await write('nowhere');
    await until(
      () => count(cli.stdout(), 'configuration not reloaded') === 1,
      'the refusal of the invalid edit',
    );
    expect(await servedModel(url)).toEqual({ header: 'gpt-4o', upstream: 'gpt-4o' });
    expect(await configOf(url)).toEqual(second);

    // A file that is not YAML at all (a save halfway through an edit) is refused the same way.
    await write('[gpt-4o');
    await until(() => count(cli.stdout(), 'configuration not reloaded') === 2, 'the refusal of broken YAML');
    expect(await servedModel(url)).toEqual({ header: 'gpt-4o', upstream: 'gpt-4o' });
    expect(await configOf(url)).toEqual(second);

    // A fixed file is picked up again: the watcher outlives a refused edit.
    await write('{ provider: openai, model: gpt-4o-mini }');
    await until(() => count(cli.stdout(), 'configuration reloaded') === 2, 'the reload of the fixed file');
    expect(await servedModel(url)).toEqual({ header: 'gpt-4o-mini', upstream: 'gpt-4o-mini' });

    cli.child.kill('SIGTERM');
    const run = await cli.finished;
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const refusals = lines.filter((line) => line.level === 'error');
    expect(refusals).toHaveLength(2);
    expect(refusals[0]).toMatchObject({
      msg: 'configuration not reloaded: the file is invalid; the previous configuration keeps serving',
      version: 2,
      errors: ['modelMap.fast (line 10): "nowhere" is not a configured provider (configured: openai)'],
    });
    expect(refusals[1]).toMatchObject({
      version: 2,
      errors: [
        'line 10: flow sequence in block collection must be sufficiently indented and end with a ]',
        'line 10: flow map in block collection must be sufficiently indented and end with a }',
      ],
    });
    expect(run.stdout + run.stderr).not.toContain('upstream-test-key');
  }, 30_000);
});
