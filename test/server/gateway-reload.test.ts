import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.js';
import { type RunningGateway, startGateway } from '../../src/server/start-gateway.js';
import {
  type FakeProviderServer,
  faults,
  startFakeProviderServer,
} from '../../src/testing/fake-server/index.js';

let fake: FakeProviderServer;
let folder: string;
let running: RunningGateway | undefined;
const logs: Array<Record<string, unknown>> = [];
beforeAll(async () => {
  fake = await startFakeProviderServer();
  folder = await mkdtemp(join(tmpdir(), 'llmrouter-reload-'));
});
afterEach(async () => {
  await running?.shutdown(0);
  running = undefined;
  logs.length = 0;
});
afterAll(async () => {
  await fake.close();
  await rm(folder, { recursive: true, force: true });
});

const question = [{ role: 'user' as const, content: 'Hi' }];

/** Two providers on two fake upstreams; `route` says which one serves gpt-4o-mini. */
function yaml(options: { route: string; extra?: string; prefix: string }): string {
  return [
    'providers:',
    '  first:',
    '    type: openai',
    `    baseURL: ${fake.upstream(`${options.prefix}-first`).baseURL('openai')}`,
    '    models: [gpt-4o-mini]',
    '  second:',
    '    type: openai',
    `    baseURL: ${fake.upstream(`${options.prefix}-second`).baseURL('openai')}`,
    '    models: [gpt-4o-mini]',
    'modelMap:',
    `  gpt-4o-mini: ${options.route}`,
    options.extra ?? '',
  ].join('\n');
}

async function serve(file: string, text: string) {
  const configFile = join(folder, file);
  await writeFile(configFile, text);
  running = await startGateway({
    config: parseConfig(text, { file: configFile }),
    configFile,
    configText: text,
    env: { OPENAI_API_KEY: 'sk-upstream' },
    host: '127.0.0.1',
    port: 0,
    output: {
      write(chunk: string) {
        for (const line of chunk.split('\n')) if (line !== '') logs.push(JSON.parse(line));
      },
    },
  });
  const client = new OpenAI({ apiKey: 'unused', baseURL: `${running.url}/v1`, maxRetries: 0 });
  return { configFile, client, url: running.url, gateway: running };
}

async function servedBy(client: OpenAI): Promise<{ provider: string | null; text: string }> {
  const { data, response } = await client.chat.completions
    .create({ model: 'gpt-4o-mini', messages: question })
    .withResponse();
  return {
    provider: response.headers.get('x-llmrouter-provider'),
    text: data.choices[0]!.message.content ?? '',
  };
}

describe('reloading the configuration', () => {
  it('takes a valid change at once without dropping a stream in flight', async () => {
    fake
      .upstream('swap-first')
      .setDefault(faults.reply({ text: 'one two three four five six', partDelayMs: 60 }));
    fake.upstream('swap-second').setDefault(faults.reply({ text: 'from second' }));
    const { configFile, client, url, gateway } = await serve(
      'swap.yaml',
      yaml({ route: 'first', prefix: 'swap' }),
    );

    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: question,
      stream: true,
    });
    const iterator = stream[Symbol.asyncIterator]();
    let text = '';
    while (text === '') text += (await iterator.next()).value?.choices[0]?.delta.content ?? '';

    await writeFile(configFile, yaml({ route: 'second', prefix: 'swap' }));
    const outcome = await gateway.reload();
    expect(outcome).toMatchObject({ applied: true, version: { version: 2 } });
    expect(await servedBy(client)).toEqual({ provider: 'second', text: 'from second' });

    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      text += next.value.choices[0]?.delta.content ?? '';
    }
    expect(text).toBe('one two three four five six');
    expect(fake.upstream('swap-first').requests).toHaveLength(1);
    const ready = (await (await fetch(`${url}/readyz`)).json()) as {
      config: { version: number; hash: string };
    };
    expect(ready.config.version).toBe(2);
    expect(ready.config.hash).toBe(gateway.configVersion.hash);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toContain(`llmrouter_config_info{hash="${gateway.configVersion.hash}"} 2`);
    expect(logs.find((line) => line.msg === 'configuration reloaded')).toMatchObject({ version: 2 });
  });

  it('refuses an invalid change, logs every problem, and keeps serving the old configuration', async () => {
    fake.upstream('bad-first').setDefault(faults.reply({ text: 'still first' }));
    const { configFile, client, url, gateway } = await serve(
      'invalid.yaml',
      yaml({ route: 'first', prefix: 'bad' }),
    );
    const before = gateway.configVersion;
    await writeFile(configFile, `${yaml({ route: 'nowhere', prefix: 'bad' })}\nretry: { attempts: 0 }\n`);
    const outcome = await gateway.reload();
    expect(outcome.applied).toBe(false);
    const paths = outcome.applied ? [] : outcome.issues.map((issue) => issue.path);
    expect(paths).toEqual(['modelMap.gpt-4o-mini', 'retry.attempts']);
    expect(logs.find((line) => line.level === 'error')).toMatchObject({
      msg: 'configuration not reloaded: the file is invalid; the previous configuration keeps serving',
      file: configFile,
      version: 1,
    });
    expect(await servedBy(client)).toEqual({ provider: 'first', text: 'still first' });
    expect(gateway.configVersion).toEqual(before);
    expect(((await (await fetch(`${url}/readyz`)).json()) as { config: unknown }).config).toEqual(before);
    // A plugin that fails to load is refused the same way.
    await writeFile(configFile, `${yaml({ route: 'first', prefix: 'bad' })}\nplugins: [./missing.mjs]\n`);
    expect(await gateway.reload()).toMatchObject({ applied: false, issues: [{ path: 'plugins[0]' }] });
    expect(await readFile(configFile, 'utf8')).toContain('missing.mjs');
  });

  it('gives a plugin’s hooks every call through the gateway, before and after a reload', async () => {
    fake.upstream('hooked-first').setDefault(faults.reply({ text: 'ok' }));
    fake.upstream('hooked-second').setDefault(faults.reply({ text: 'ok' }));
    await writeFile(
      join(folder, 'count-calls.mjs'),
      `export default () => ({
  hooks: { onAttempt: (attempt) => (globalThis.reloadSeen ??= []).push(attempt.provider) },
});
`,
    );
    const extra = 'plugins: [./count-calls.mjs]';
    const { configFile, client, gateway } = await serve(
      'hooked.yaml',
      yaml({ route: 'first', prefix: 'hooked', extra }),
    );
    await servedBy(client);
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: question,
      stream: true,
    });
    for await (const _chunk of stream) {
      // drained
    }
    await writeFile(configFile, yaml({ route: 'second', prefix: 'hooked', extra }));
    expect((await gateway.reload()).applied).toBe(true);
    await servedBy(client);
    expect((globalThis as { reloadSeen?: string[] }).reloadSeen).toEqual(['first', 'first', 'second']);
  });

  it('keeps the breaker state of a provider whose entry did not change', async () => {
    fake.upstream('breaker-first').setDefault(faults.unavailable());
    fake.upstream('breaker-second').setDefault(faults.reply({ text: 'second' }));
    const extra = 'fallbacks: [second]\ncircuitBreaker: { failureThreshold: 1, cooldownMs: 60000 }';
    const { configFile, client, url, gateway } = await serve(
      'breaker.yaml',
      yaml({ route: 'first', prefix: 'breaker', extra }),
    );
    expect(await servedBy(client)).toEqual({ provider: 'second', text: 'second' });
    expect(fake.upstream('breaker-first').requests).toHaveLength(1);

    await writeFile(
      configFile,
      yaml({ route: 'first', prefix: 'breaker', extra: `${extra}\nretry: { attempts: 1 }` }),
    );
    expect((await gateway.reload()).applied).toBe(true);
    const ready = (await (await fetch(`${url}/readyz`)).json()) as { targets: unknown[] };
    expect(ready.targets).toContainEqual({ provider: 'first', model: '*', state: 'open' });
    // Still open: the request goes straight to the fallback without touching the failing upstream.
    expect(await servedBy(client)).toEqual({ provider: 'second', text: 'second' });
    expect(fake.upstream('breaker-first').requests).toHaveLength(1);
  });
});
