import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCommand } from '../../src/cli/check-command.js';
import { captureIO } from './capture-io.js';
import { spawnCli } from './run-cli.js';

async function check(file: string, options: { env?: Record<string, string>; requireEnv?: boolean } = {}) {
  const io = captureIO(options.env);
  const code = await checkCommand({ configPath: file, requireEnv: options.requireEnv }, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

describe('llmrouter check with a redis section', () => {
  it('validates and describes the shared state without contacting Redis', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'llmrouter-check-redis-'));
    const file = join(dir, 'llmrouter.yaml');
    try {
      await writeFile(
        file,
        `providers:
  openai: { type: openai, apiKey: '\${OPENAI_API_KEY}', models: [gpt-4o-mini] }
circuitBreaker: { failureThreshold: 3 }
rateLimits: [{ requestsPerMinute: 6000, onLimit: fallback, leaseMs: 1000 }]
redis: { url: 'redis://127.0.0.1:1', prefix: 'team-a:', replicas: 4 }
`,
      );
      const result = await check(file, { env: { OPENAI_API_KEY: 'set-in-this-test' } });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(
        'shared state     the breaker, rate limits and cache share through Redis (redis.url, keys under team-a:, 4 replicas); not contacted by check',
      );
      expect(result.stdout).toContain(
        'rate limit       per provider: 6000 requests/min, at the limit fallback, taken in leases of 1000 ms',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('llmrouter check on the example', () => {
  it('prints where every model lands and its fallback plan, and which variables are unset', async () => {
    const result = await check('examples/llmrouter.yaml', { env: { ANTHROPIC_API_KEY: 'set-in-this-test' } });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('✔ examples/llmrouter.yaml: valid (2 providers, 3 requestable models)');
    expect(lines).toEqual(
      expect.arrayContaining([
        '  gpt-4o-mini       model map   openai/gpt-4o-mini → anthropic/claude-haiku-4-5',
        '  gpt-4o            model list  openai/gpt-4o → anthropic/claude-haiku-4-5',
        '  claude-haiku-4-5  model list  anthropic/claude-haiku-4-5',
        '  retry            3 attempts per target, backoff from 1000 ms (full jitter, capped at 30000 ms), Retry-After honoured up to 30000 ms',
        '  circuit breaker  per provider: opens after 5 consecutive failures, cooldown 30000 ms, 1 half-open probe',
        '  timeout          per attempt: 30000 ms total',
        '  ! OPENAI_API_KEY           unset  providers.openai.apiKey',
        '  ✔ ANTHROPIC_API_KEY        set    providers.anthropic.apiKey',
        'warning: 1 referenced environment variable is unset (OPENAI_API_KEY): `serve` will not start without it',
      ]),
    );
  });

  it('fails on unset variables with --require-env, and passes once they are set', async () => {
    const strict = await check('examples/llmrouter.yaml', { requireEnv: true });
    expect(strict.code).toBe(1);
    expect(strict.stderr).toBe(
      '\nerror: 2 referenced environment variables are unset (OPENAI_API_KEY, ANTHROPIC_API_KEY): `serve` will not start without them\n',
    );
    const complete = await check('examples/llmrouter.yaml', {
      env: { OPENAI_API_KEY: 'a', ANTHROPIC_API_KEY: 'b' },
      requireEnv: true,
    });
    expect(complete.code).toBe(0);
    expect(complete.stdout).not.toContain('warning:');
  });
});

describe('llmrouter check on broken files prints every error with its path', () => {
  it('typos, each with a suggestion', async () => {
    const result = await check('examples/broken-configs/typos.yaml');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatchInlineSnapshot(`
      "✖ examples/broken-configs/typos.yaml: 8 errors
        providers.openai.modles (line 6): unknown setting; did you mean "models"?
        providers.anthropic.type (line 8): "antropic" is not a provider type; did you mean "anthropic"? (one of: openai, anthropic, gemini, azure, openai-compatible)
        providers.groq.preset (line 11): "grok" is not a known preset; did you mean "groq"? (known: deepseek, groq, together, ollama, sarvam, mistral, fireworks, openrouter, xai, cerebras, perplexity, lmstudio, vllm)
        modelMap.gpt-4o-mini (line 13): "opneai" is not a configured provider; did you mean "openai"?
        modelMap.fast.provider (line 14): "grq" is not a configured provider; did you mean "groq"?
        fallbacks.gpt-4o-mini[1].provider (line 16): "antropic" is not a configured provider; did you mean "anthropic"?
        retyr (line 17): unknown setting; did you mean "retry"?
        circuitBreaker.failureTreshold (line 19): unknown setting; did you mean "failureThreshold"?
      "
    `);
  });

  it('values of the wrong type or out of range', async () => {
    const result = await check('examples/broken-configs/wrong-values.yaml');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatchInlineSnapshot(`
      "✖ examples/broken-configs/wrong-values.yaml: 12 errors
        providers.openai.apiKey (line 5): "\${" at position 0 is never closed with "}"
        providers.openai.baseURL (line 6): must be a string, not the number 42
        providers.local (line 7): needs a preset or a baseURL
        providers.azure (line 9): needs a resourceName or a baseURL
        providers.nameless.type (line 12): is required (one of: openai, anthropic, gemini, azure, openai-compatible)
        fallbacks[1] (line 15): must be a string or a mapping, not the number 7
        retry.attempts (line 16): must be at least 1
        retry.baseDelayMs (line 16): must be a whole number, not the number 1.5
        timeout.totalMs (line 17): must be a number, not the text "30s"
        server.port (line 19): must be at most 65535
        server.bodyLimit (line 20): must be a byte count such as 1048576, "512kb" or "4mb"
        server.keys (line 21): must be a list, not the text "secret"
      "
    `);
  });

  it('YAML that does not parse, with a hint for unquoted references', async () => {
    // Written at run time: a file that does not parse would also stop the repository's YAML linting.
    const folder = await mkdtemp(join(tmpdir(), 'llmrouter-check-'));
    const file = join(folder, 'yaml-syntax.yaml');
    await writeFile(
      file,
      `providers:\n  openai: { type: openai }\nserver:\n  keys: [\${LLMROUTER_GATEWAY_KEY}]\n`,
    );
    try {
      const result = await check(file);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `✖ ${file}: 1 error\n  line 4: missing , or : between flow sequence items; inside [ ] or { }, quote environment references: ["\${NAME}"]\n`,
      );
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('a valid file whose fallback cannot be routed', async () => {
    const result = await check('examples/broken-configs/unroutable.yaml', { env: { OPENAI_API_KEY: 'x' } });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      '  ✖ gpt-4o-mini  Provider "local" lists no models, so it has no default model to receive',
    );
    expect(result.stderr).toBe(
      '\nerror: model "gpt-4o-mini" cannot be routed: Provider "local" lists no models, so it has no default model to receive\n',
    );
  });

  it('a file that does not exist', async () => {
    const result = await check('examples/no-such-file.yaml');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      '✖ examples/no-such-file.yaml: 1 error\n  cannot read the file: no such file\n',
    );
  });

  it('exits non-zero from the real command line too', async () => {
    const { finished } = spawnCli(['check', '--config', 'examples/broken-configs/typos.yaml']);
    const run = await finished;
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('retyr (line 17): unknown setting; did you mean "retry"?');
  });
});

describe('llmrouter check on a file with groups', () => {
  it('prints each group with its strategy and members, a provider with three keys as three members', async () => {
    const result = await check('examples/llmrouter-groups.yaml');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        '  gpt-4o  strategy weighted',
        '    openai#1         openai/gpt-4o  weight 3',
        '    openai#2         openai/gpt-4o  weight 3',
        '    openai#3         openai/gpt-4o  weight 3',
        '    azure-eu         azure-eu/gpt-4o  weight 1  region=eu',
        '  fast-chat  strategy latency',
        '    openai#1         openai/gpt-4o-mini  weight 1',
        '    openai#3         openai/gpt-4o-mini  weight 1',
        '    anthropic        anthropic/claude-haiku-4-5  weight 1',
      ]),
    );
    expect(result.stdout).toContain(
      'openai#1/gpt-4o → openai#2/gpt-4o → openai#3/gpt-4o → azure-eu/gpt-4o → anthropic/claude-sonnet-4-5',
    );
  });
});
