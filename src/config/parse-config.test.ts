import { describe, expect, it } from 'vitest';
import { ConfigFileError, formatPath } from './config-issue.js';
import { parseConfig } from './parse-config.js';

function issuesOf(text: string): string[] {
  try {
    parseConfig(text);
  } catch (error) {
    if (error instanceof ConfigFileError)
      return error.issues.map((issue) => `${issue.line}: ${issue.path}: ${issue.message}`);
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('parseConfig', () => {
  it('reads a valid file and gives providers without a key their usual variable', () => {
    const config = parseConfig(`
providers:
  openai: { type: openai }
  claude: { type: anthropic, apiKey: '\${MY_CLAUDE_KEY}' }
  gemini: { type: gemini }
  azure: { type: azure, resourceName: acme }
  groq: { type: openai-compatible, preset: groq }
  local: { type: openai-compatible, baseURL: 'http://127.0.0.1:11434/v1', models: [llama3.2] }
fallbacks: [claude]
`);
    expect(
      Object.fromEntries(Object.entries(config.providers).map(([name, provider]) => [name, provider.apiKey])),
    ).toEqual({
      openai: `\${OPENAI_API_KEY}`,
      claude: `\${MY_CLAUDE_KEY}`,
      gemini: `\${GEMINI_API_KEY}`,
      azure: `\${AZURE_OPENAI_API_KEY}`,
      groq: `\${GROQ_API_KEY}`,
      local: undefined,
    });
    expect(config.fallbacks).toEqual(['claude']);
  });

  it('accepts JSON', () => {
    const config = parseConfig(
      '{"providers": {"openai": {"type": "openai", "models": ["gpt-4o-mini"]}}, "modelMap": {"fast": "openai"}}',
    );
    expect(config.modelMap).toEqual({ fast: 'openai' });
  });

  it('reports every problem at once, in file order, with its line', () => {
    expect(
      issuesOf(`
providers:
  openai:
    type: openai
    organisation: acme
  backup: { type: gemeni }
modelMap:
  gpt-4o-mini: { provider: opnai, modle: gpt-4o }
fallbacks:
  '*': [backup, bakup]
timeout: { totalMs: -1 }
`),
    ).toEqual([
      '5: providers.openai.organisation: unknown setting; did you mean "organization"?',
      '6: providers.backup.type: "gemeni" is not a provider type; did you mean "gemini"? (one of: openai, anthropic, gemini, azure, openai-compatible)',
      '8: modelMap.gpt-4o-mini.modle: unknown setting; did you mean "model"?',
      '8: modelMap.gpt-4o-mini.provider: "opnai" is not a configured provider; did you mean "openai"?',
      '10: fallbacks["*"][1]: "bakup" is not a configured provider; did you mean "backup"?',
      '11: timeout.totalMs: must be more than 0',
    ]);
  });

  it('lists the allowed keys when an unknown one resembles none', () => {
    expect(issuesOf('providers:\n  openai: { type: openai }\nretry: { tries: 3 }\n')).toEqual([
      '3: retry.tries: unknown setting (expected one of: attempts, baseDelayMs, maxDelayMs, maxRetryAfterMs)',
    ]);
  });

  it('requires at least one provider, and says so for an empty file', () => {
    expect(issuesOf('providers: {}\n')).toEqual(['1: providers: must configure at least one provider']);
    expect(issuesOf('')).toEqual(['undefined: : the file is empty; it needs at least a providers section']);
  });
});

describe('formatPath', () => {
  it('writes paths as the file reads, quoting keys that would be ambiguous', () => {
    expect(formatPath(['fallbacks', 'gpt-4o-mini', 1, 'provider'])).toBe('fallbacks.gpt-4o-mini[1].provider');
    expect(formatPath(['fallbacks', 'gpt-4.1', 0])).toBe('fallbacks["gpt-4.1"][0]');
    expect(formatPath([])).toBe('');
  });
});
