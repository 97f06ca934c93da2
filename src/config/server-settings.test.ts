import { describe, expect, it } from 'vitest';
import { ConfigFileError } from './config-issue.js';
import { parseConfig } from './parse-config.js';
import { byteCount, resolveServerSettings } from './server-settings.js';

const providers = 'providers:\n  openai: { type: openai }\n';

describe('resolveServerSettings', () => {
  it('applies defaults, and without keys listens on loopback only', () => {
    expect(resolveServerSettings(parseConfig(providers), { env: {} })).toEqual({
      host: '127.0.0.1',
      port: 8080,
      keys: [],
      keyGrants: [],
      bodyLimitBytes: 10 * 1024 * 1024,
      gracePeriodMs: 10_000,
      deadlineMs: undefined,
      safeToDuplicate: false,
      requestLog: true,
      logContent: false,
      hostNote:
        'no gateway keys are configured, so the server listens on 127.0.0.1 only and accepts requests without a key',
      limits: {},
      redact: [],
    });
  });

  it('passes on the limits server.limits sets, the header limit as bytes', () => {
    const config = parseConfig(
      `${providers}server:\n  limits: { headersTimeoutMs: 5000, bodyTimeoutMs: 20000, headerLimit: 8kb, maxConnectionsPerAddress: 0 }\n`,
    );
    expect(resolveServerSettings(config, { env: {} }).limits).toEqual({
      headersTimeoutMs: 5_000,
      bodyTimeoutMs: 20_000,
      maxHeaderBytes: 8 * 1024,
      maxConnectionsPerAddress: 0,
    });
  });

  it('refuses limits that make no sense, with their path', () => {
    const parse = (limits: string) => () => parseConfig(`${providers}server:\n  limits: ${limits}\n`);
    expect(parse('{ headersTimeoutMs: 5000, requestTimeoutMs: 1000 }')).toThrow(
      /server\.limits\.requestTimeoutMs \(line 4\): must not be less than headersTimeoutMs/,
    );
    expect(parse('{ maxConnections: -1 }')).toThrow(/server\.limits\.maxConnections/);
    expect(parse('{ headerTimeoutMs: 5000 }')).toThrow(/did you mean "headersTimeoutMs"/);
  });

  it('refuses a public host without keys, and says why', () => {
    const settings = resolveServerSettings(parseConfig(`${providers}server: { host: 0.0.0.0 }\n`), {
      env: {},
    });
    expect(settings.host).toBe('127.0.0.1');
    expect(settings.hostNote).toBe(
      'no gateway keys are configured, so the server listens on 127.0.0.1 only (not 0.0.0.0); set server.keys to accept other hosts',
    );
  });

  it('with keys, listens on every interface by default, and resolves the keys from the environment', () => {
    const config = parseConfig(
      `${providers}server:\n  keys: ['\${KEY_A}', '\${KEY_B}']\n  bodyLimit: 512kb\n  port: 9000\n`,
    );
    const settings = resolveServerSettings(config, { env: { KEY_A: 'alpha', KEY_B: 'beta' }, port: 0 });
    expect(settings).toMatchObject({
      host: '0.0.0.0',
      port: 0,
      keys: ['alpha', 'beta'],
      bodyLimitBytes: 524_288,
    });
    expect(settings.hostNote).toBeUndefined();
  });

  it('refuses to run open when a key variable is unset', () => {
    const config = parseConfig(`${providers}server:\n  keys: ['\${GATEWAY_KEY}']\n`);
    expect(() => resolveServerSettings(config, { env: {} })).toThrow(ConfigFileError);
    expect(() => resolveServerSettings(config, { env: {} })).toThrow(
      'server.keys[0]: environment variable GATEWAY_KEY is not set',
    );
  });
});

describe('byteCount', () => {
  it.each([
    [1024, 1024],
    ['512kb', 524_288],
    ['4MB', 4_194_304],
    ['1.5 mb', 1_572_864],
    ['100', 100],
  ])('%s → %i', (size, bytes) => {
    expect(byteCount(size)).toBe(bytes);
  });
});
