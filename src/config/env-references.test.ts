import { describe, expect, it } from 'vitest';
import { referencedVariables, referenceSyntaxIssues, resolveEnv } from './env-references.js';

const config = {
  providers: {
    openai: { apiKey: `\${OPENAI_API_KEY}`, baseURL: `\${OPENAI_BASE:-https://api.openai.com/v1}` },
    groq: { apiKey: `\${GROQ_API_KEY}`, headers: { 'x-team': `team-\${TEAM}-\${REGION:-eu}` } },
  },
  server: { keys: [`\${GATEWAY_KEY}`, `literal-$\${NOT_A_REFERENCE}`], port: 8080 },
};

describe('resolveEnv', () => {
  it('substitutes references, applies defaults, and lists what is missing with its path', () => {
    const { config: resolved, missing } = resolveEnv(config, {
      OPENAI_API_KEY: ' sk-openai ',
      TEAM: 'red',
      GATEWAY_KEY: 'gw',
      GROQ_API_KEY: '   ',
    });
    expect(resolved).toEqual({
      providers: {
        openai: { apiKey: 'sk-openai', baseURL: 'https://api.openai.com/v1' },
        groq: { apiKey: '', headers: { 'x-team': 'team-red-eu' } },
      },
      server: { keys: ['gw', `literal-\${NOT_A_REFERENCE}`], port: 8080 },
    });
    // A blank value counts as unset: an API key of spaces is no key.
    expect(missing).toEqual([{ name: 'GROQ_API_KEY', path: 'providers.groq.apiKey' }]);
  });

  it('leaves the input untouched', () => {
    resolveEnv(config, {});
    expect(config.providers.openai.apiKey).toBe(`\${OPENAI_API_KEY}`);
  });
});

describe('referencedVariables', () => {
  it('lists each variable once, in order, with every path and whether a default covers it', () => {
    expect(referencedVariables(config)).toEqual([
      { name: 'OPENAI_API_KEY', paths: ['providers.openai.apiKey'], optional: false },
      { name: 'OPENAI_BASE', paths: ['providers.openai.baseURL'], optional: true },
      { name: 'GROQ_API_KEY', paths: ['providers.groq.apiKey'], optional: false },
      { name: 'TEAM', paths: ['providers.groq.headers.x-team'], optional: false },
      { name: 'REGION', paths: ['providers.groq.headers.x-team'], optional: true },
      { name: 'GATEWAY_KEY', paths: ['server.keys[0]'], optional: false },
    ]);
  });
});

describe('referenceSyntaxIssues', () => {
  it('reports unclosed and malformed references by path', () => {
    expect(
      referenceSyntaxIssues({ a: { b: `\${UNCLOSED` }, list: ['ok', `\${not a name}`], fine: `\${FINE}` }),
    ).toEqual([
      { path: ['a', 'b'], message: `"\${" at position 0 is never closed with "}"` },
      {
        path: ['list', 1],
        message: `"\${not a name}" is not an environment reference; write \${NAME} or \${NAME:-default}`,
      },
    ]);
  });
});
