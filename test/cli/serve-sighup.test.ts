import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faults } from '../../src/testing/fake-server/index.js';
import { spawnCli } from './run-cli.js';
import { until, useServeFixture } from './serve-fixture.js';

const fixture = useServeFixture('llmrouter-sighup-');

function yaml(route: string): string {
  return [
    'providers:',
    ...['one', 'two'].flatMap((name) => [
      `  ${name}:`,
      '    type: openai',
      `    apiKey: \${UPSTREAM_KEY}`,
      `    baseURL: ${fixture.fake.upstream(`sighup-${name}`).baseURL('openai')}`,
      '    models: [gpt-4o-mini]',
    ]),
    `modelMap: { gpt-4o-mini: ${route} }`,
    'server: { port: 0 }',
  ].join('\n');
}

async function providerOf(url: string): Promise<string | null> {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }),
  });
  await response.text();
  return response.headers.get('x-llmrouter-provider');
}

describe('llmrouter serve and SIGHUP', () => {
  it('reloads a valid file, refuses an invalid one and keeps serving, then exits 0 on SIGTERM', async () => {
    fixture.fake.upstream('sighup-one').setDefault(faults.reply({ text: 'one' }));
    fixture.fake.upstream('sighup-two').setDefault(faults.reply({ text: 'two' }));
    const configPath = join(fixture.folder, 'llmrouter.yaml');
    await writeFile(configPath, yaml('one'));
    const cli = spawnCli(['serve', '--config', configPath], { UPSTREAM_KEY: 'upstream-test-key' });
    await until(() => cli.stdout().includes('listening on'), 'the gateway to listen');
    const url = /listening on (http:\/\/[\d.:]+)/.exec(cli.stdout())![1]!;
    expect(await providerOf(url)).toBe('one');

    await writeFile(configPath, yaml('two'));
    cli.child.kill('SIGHUP');
    await until(() => cli.stdout().includes('configuration reloaded'), 'the reload');
    expect(await providerOf(url)).toBe('two');

    await writeFile(configPath, yaml('three'));
    cli.child.kill('SIGHUP');
    await until(() => cli.stdout().includes('configuration not reloaded'), 'the refusal');
    expect(await providerOf(url)).toBe('two');
    const ready = (await (await fetch(`${url}/readyz`)).json()) as { config: { version: number } };
    expect(ready.config.version).toBe(2);

    cli.child.kill('SIGTERM');
    const run = await cli.finished;
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.find((line) => line.level === 'error')).toMatchObject({
      errors: ['modelMap.gpt-4o-mini (line 12): "three" is not a configured provider (configured: one, two)'],
    });
  }, 30_000);
});
