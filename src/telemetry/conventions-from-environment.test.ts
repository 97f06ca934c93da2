import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseOptIn } from './conventions-from-environment.js';

describe('parseOptIn', () => {
  it('selects the latest conventions only when the list names gen_ai_latest_experimental', () => {
    expect(parseOptIn(undefined)).toBe('v1.36');
    expect(parseOptIn('')).toBe('v1.36');
    expect(parseOptIn('http')).toBe('v1.36');
    expect(parseOptIn('gen_ai_latest_experimental')).toBe('latest');
    expect(parseOptIn('http/dup, gen_ai_latest_experimental ,database')).toBe('latest');
    expect(parseOptIn('gen_ai_latest_experimental_v2')).toBe('v1.36');
  });
});

describe('conventionsFromEnvironment', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('reads OTEL_SEMCONV_STABILITY_OPT_IN once and keeps that answer for the process', async () => {
    vi.resetModules();
    vi.stubEnv('OTEL_SEMCONV_STABILITY_OPT_IN', 'http,gen_ai_latest_experimental');
    const { conventionsFromEnvironment } = await import('./conventions-from-environment.js');
    expect(conventionsFromEnvironment()).toBe('latest');
    vi.stubEnv('OTEL_SEMCONV_STABILITY_OPT_IN', '');
    expect(conventionsFromEnvironment()).toBe('latest');
  });

  it('defaults to the v1.36 names without the opt-in', async () => {
    vi.resetModules();
    vi.stubEnv('OTEL_SEMCONV_STABILITY_OPT_IN', '');
    const { conventionsFromEnvironment } = await import('./conventions-from-environment.js');
    expect(conventionsFromEnvironment()).toBe('v1.36');
  });
});
