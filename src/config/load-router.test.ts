import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallLogTarget } from '../telemetry/call-logger.js';
import { type FakeProviderServer, faults, startFakeProviderServer } from '../testing/fake-server/index.js';
import { ConfigFileError } from './config-issue.js';
import { loadRouter } from './load-router.js';
import { parseConfig } from './parse-config.js';

let fake: FakeProviderServer;
let folder: string;
beforeAll(async () => {
  fake = await startFakeProviderServer();
  folder = await mkdtemp(join(tmpdir(), 'llmrouter-config-'));
});
afterAll(async () => {
  await fake.close();
  await rm(folder, { recursive: true, force: true });
});

const env = { OPENAI_API_KEY: 'sk-test-openai' };
const hello = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Hello' }] };

function configFor(upstream: string, extra: string) {
  return parseConfig(`
providers:
  openai: { type: openai, baseURL: '${fake.upstream(upstream).baseURL('openai')}', models: [gpt-4o-mini] }
${extra}
`);
}

function issuesOf(run: () => unknown): Array<{ path: string; message: string }> {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigFileError) return error.issues.map(({ path, message }) => ({ path, message }));
    throw error;
  }
  throw new Error('no ConfigFileError');
}

describe('the configuration sections beyond routing', () => {
  it('are validated with paths and suggestions', () => {
    const issues = issuesOf(() =>
      configFor(
        'unused',
        `
budgets: [{ limitUsd: 5 }]
rateLimits: [{ onLimit: fallback }]
callLog: { levle: info }
cache: { ttlMs: -1 }
plugins: [{ modul: ./x.mjs }]
`,
      ),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'budgets[0]', message: 'needs exactly one of period (hour, day, week) or periodMs' },
        { path: 'rateLimits[0]', message: 'needs requestsPerMinute, tokensPerMinute or both' },
        { path: 'callLog.levle', message: 'unknown setting; did you mean "level"?' },
        expect.objectContaining({ path: 'cache.ttlMs' }),
      ]),
    );
  });

  it('prices every call from the table with overrides, and a budget refuses once it is spent', async () => {
    fake.upstream('priced').setDefault(faults.reply({ usage: { inputTokens: 1_000_000, outputTokens: 0 } }));
    const config = configFor(
      'priced',
      `
pricing: { overrides: { gpt-4o-mini: { input: 2, output: 8 } } }
budgets: [{ limitUsd: 3, period: day }]
`,
    );
    const { router, budgets } = await loadRouter(config, { env });
    expect((await router.complete(hello)).cost?.usd).toBe(2);
    expect((await router.complete(hello)).cost?.usd).toBe(2);
    expect(budgets[0]!.spentUsd()).toBe(4);
    const refused = await router.complete(hello).catch((error: unknown) => error);
    expect(JSON.stringify(refused, ['name', 'kind', 'errors'])).toContain('quota_exhausted');
    expect(String(refused)).toContain('Budget reached for all providers');
    expect(fake.upstream('priced').requests).toHaveLength(2);
  });

  it('embeddingReplicas: an embedding call falls back to the same model on another key, never to another model', async () => {
    const primary = fake.upstream('embed-primary').reset();
    const replica = fake.upstream('embed-replica').reset();
    const other = fake.upstream('embed-other').reset();
    primary.setDefault(faults.unavailable({ shouldRetry: false }));
    const config = parseConfig(`
providers:
  openai: { type: openai, baseURL: '${primary.baseURL('openai')}', models: [text-embedding-3-small, gpt-4o-mini] }
  openai-eu: { type: openai, baseURL: '${replica.baseURL('openai')}', models: [text-embedding-3-small] }
  other: { type: openai, baseURL: '${other.baseURL('openai')}', models: [text-embedding-3-large] }
fallbacks: [other]
embeddingReplicas:
  text-embedding-3-small: [openai-eu]
`);
    const { router } = await loadRouter(config, { env });
    expect(router.explainEmbedding('text-embedding-3-small').plan).toEqual([
      { provider: 'openai', model: 'text-embedding-3-small' },
      { provider: 'openai-eu', model: 'text-embedding-3-small' },
    ]);
    const response = await router.embed({ model: 'text-embedding-3-small', input: 'hello' });
    expect(response).toMatchObject({ provider: 'openai-eu', model: 'text-embedding-3-small' });
    expect(response.trail.map((attempt) => [attempt.provider, attempt.outcome])).toEqual([
      ['openai', 'error'],
      ['openai-eu', 'success'],
    ]);
    // Both down: the call fails rather than reach a model whose vectors are not comparable.
    replica.setDefault(faults.unavailable({ shouldRetry: false }));
    await expect(router.embed({ model: 'text-embedding-3-small', input: 'hello' })).rejects.toMatchObject({
      kind: 'overloaded',
    });
    expect(other.requests).toHaveLength(0);
  });

  it('embeddingReplicas name configured providers, with a path and a suggestion', () => {
    const issues = issuesOf(() =>
      configFor('unused', 'embeddingReplicas: { text-embedding-3-small: [opnai] }'),
    );
    expect(issues).toEqual([
      {
        path: 'embeddingReplicas.text-embedding-3-small[0]',
        message: expect.stringContaining('"opnai" is not a configured provider'),
      },
    ]);
  });

  it('writes one call-log line per call at the configured level, with content only when asked', async () => {
    fake.upstream('logged').setDefault(faults.reply({ text: 'Hi there' }));
    const lines: Array<{ level: string; line: Record<string, unknown> }> = [];
    const callLogTarget: CallLogTarget = {
      info: (line) => lines.push({ level: 'info', line: line as Record<string, unknown> }),
      error: (line) => lines.push({ level: 'error', line: line as Record<string, unknown> }),
    };
    const config = configFor('logged', 'callLog: { level: info, content: true }');
    const { router } = await loadRouter(config, { env, callLogTarget });
    await router.complete(hello);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.line).toMatchObject({
      event: 'llmrouter.call',
      provider: 'openai',
      output: 'Hi there',
      messages: hello.messages,
    });

    const quiet = await loadRouter(configFor('logged', 'callLog: { level: error }'), { env, callLogTarget });
    await quiet.router.complete(hello);
    expect(lines).toHaveLength(1);
  });
});

describe('plugins', () => {
  it('loads modules relative to the file; their hooks, instrumentation and middleware see every call', async () => {
    fake.upstream('plugged').setDefault(faults.reply({ text: 'ok' }));
    await writeFile(
      join(folder, 'audit.mjs'),
      `const seen = (globalThis.auditSeen = []);
export default ({ options }) => ({
  name: options.name,
  hooks: { onAttempt: (attempt) => seen.push(['attempt', attempt.provider, attempt.outcome]) },
  instrumentation: { startCall: ({ request }) => { seen.push(['call', request.model]); return undefined; } },
  middleware: [(next) => ({ ...next, complete: (request, callOptions) => { seen.push(['middleware', request.model]); return next.complete(request, callOptions); } })],
});
`,
    );
    const config = configFor('plugged', 'plugins: [{ module: ./audit.mjs, options: { name: audit } }]');
    const { router } = await loadRouter(config, { env, configFile: join(folder, 'llmrouter.yaml') });
    await router.complete(hello);
    await router.complete(hello);
    const call = [
      ['call', 'gpt-4o-mini'],
      ['middleware', 'gpt-4o-mini'],
      ['attempt', 'openai', 'success'],
    ];
    expect((globalThis as { auditSeen?: unknown }).auditSeen).toEqual([...call, ...call]);
  });

  it('reports each module that cannot be used, with its entry’s path', async () => {
    await writeFile(join(folder, 'broken.mjs'), 'export default {;\n');
    await writeFile(join(folder, 'not-a-plugin.mjs'), 'export default 42;\n');
    await writeFile(join(folder, 'bad-hook.mjs'), 'export default { hooks: { onAttempts() {} } };\n');
    const config = configFor(
      'unused',
      'plugins: [./missing.mjs, ./broken.mjs, ./not-a-plugin.mjs, ./bad-hook.mjs, no-such-package-xyz]',
    );
    const error = await loadRouter(config, { env, configFile: join(folder, 'llmrouter.yaml') }).catch(
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ConfigFileError);
    const issues = (error as ConfigFileError).issues;
    expect(issues.map((issue) => issue.path)).toEqual([
      'plugins[0]',
      'plugins[1]',
      'plugins[2]',
      'plugins[3]',
      'plugins[4]',
    ]);
    expect(issues[0]!.message).toBe(
      `./missing.mjs: no such file (looked for ${join(folder, 'missing.mjs')})`,
    );
    expect(issues[2]!.message).toContain('must export a plugin object');
    expect(issues[3]!.message).toContain('hooks.onAttempts is not a router hook');
    expect(issues[4]!.message).toContain('cannot find the package');
    expect((error as ConfigFileError).file).toBe(join(folder, 'llmrouter.yaml'));
  });
});

describe('a rebuild from a changed file', () => {
  it('keeps the breaker state of unchanged providers and resets the changed ones', async () => {
    fake.upstream('down').setDefault(faults.unavailable());
    fake.upstream('down-too').setDefault(faults.unavailable());
    const file = (header: string) =>
      parseConfig(`
providers:
  openai: { type: openai, baseURL: '${fake.upstream('down').baseURL('openai')}', models: [gpt-4o-mini] }
  second: { type: openai, baseURL: '${fake.upstream('down-too').baseURL('openai')}', models: [gpt-4o], headers: { x-team: ${header} } }
circuitBreaker: { failureThreshold: 1, cooldownMs: 60000 }
`);
    const first = await loadRouter(file('a'), { env });
    await first.router.complete(hello).catch(() => undefined);
    await first.router.complete({ ...hello, model: 'gpt-4o' }).catch(() => undefined);
    expect(first.breaker!.state({ provider: 'openai' })).toBe('open');
    expect(first.breaker!.state({ provider: 'second' })).toBe('open');

    const same = await loadRouter(file('a'), { env, previous: first });
    expect(same.breaker).toBe(first.breaker);
    expect(same.breaker!.state({ provider: 'openai' })).toBe('open');
    expect(same.breaker!.state({ provider: 'second' })).toBe('open');
    await expect(same.router.complete(hello)).rejects.toMatchObject({ kind: 'circuit_open' });
    expect(fake.upstream('down').requests).toHaveLength(1);

    const changed = await loadRouter(file('b'), { env, previous: same });
    expect(changed.breaker!.state({ provider: 'openai' })).toBe('open');
    expect(changed.breaker!.state({ provider: 'second' })).toBe('closed');
  });

  it('builds fresh breakers when the breaker settings change', async () => {
    const config = (threshold: number) =>
      configFor('unused', `circuitBreaker: { failureThreshold: ${threshold}, cooldownMs: 60000 }`);
    const first = await loadRouter(config(1), { env });
    expect((await loadRouter(config(2), { env, previous: first })).breaker).not.toBe(first.breaker);
  });
});
