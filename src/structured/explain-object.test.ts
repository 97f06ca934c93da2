import { describe, expect, it } from 'vitest';
import { createRouter } from '../router/create-router.js';
import { MockProvider } from '../testing/mock-provider.js';
import { explainObject } from './explain-object.js';

describe('explainObject', () => {
  const providers = {
    native: new MockProvider({ name: 'native', models: ['a'] }),
    jsonish: new MockProvider({ name: 'jsonish', models: ['b'], capabilities: { jsonSchemaOutput: false } }),
    plain: new MockProvider({
      name: 'plain',
      models: ['c'],
      capabilities: { jsonSchemaOutput: false, jsonOutput: false },
    }),
  };
  const router = createRouter({ providers, fallbacks: ['jsonish', 'plain'] });

  it('shows each target of the plan with the mode its capabilities allow', () => {
    const withCapabilities = {
      ...router,
      capabilities: (name: string) => providers[name as keyof typeof providers]?.capabilities,
    };
    expect(explainObject(withCapabilities, 'a')).toEqual({
      requestedModel: 'a',
      step: 'model-scan',
      plan: [
        { provider: 'native', model: 'a', mode: 'json_schema' },
        { provider: 'jsonish', model: 'b', mode: 'json_mode' },
        { provider: 'plain', model: 'c', mode: 'prompt' },
      ],
    });
  });

  it('says unknown where the router cannot report capabilities', () => {
    const withoutCapabilities = { complete: router.complete, stream: router.stream, explain: router.explain };
    expect(explainObject(withoutCapabilities, 'a').plan.map((entry) => entry.mode)).toEqual([
      'unknown',
      'unknown',
      'unknown',
    ]);
  });
});
