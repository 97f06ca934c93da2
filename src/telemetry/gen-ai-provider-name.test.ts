import { describe, expect, it } from 'vitest';
import { genAiProviderName } from './gen-ai-provider-name.js';

describe('genAiProviderName', () => {
  it('maps built-in router names to the well-known values', () => {
    const latest = (provider: string) => genAiProviderName({ provider, conventions: 'latest' });
    expect(latest('openai')).toBe('openai');
    expect(latest('anthropic')).toBe('anthropic');
    expect(latest('gemini')).toBe('gcp.gemini');
    expect(latest('azure')).toBe('azure.ai.openai');
    expect(latest('mistral')).toBe('mistral_ai');
    expect(latest('Groq')).toBe('groq');
    expect(latest('xai')).toBe('x_ai');
  });

  it('spells xAI as the v1.36 conventions did', () => {
    expect(genAiProviderName({ provider: 'xai', conventions: 'v1.36' })).toBe('xai');
    expect(genAiProviderName({ provider: 'gemini', conventions: 'v1.36' })).toBe('gcp.gemini');
  });

  it('uses the user mapping first and keeps unknown names as custom values', () => {
    const overrides = { primary: 'openai', openai: 'azure.ai.openai' };
    expect(genAiProviderName({ provider: 'primary', conventions: 'latest', overrides })).toBe('openai');
    expect(genAiProviderName({ provider: 'openai', conventions: 'latest', overrides })).toBe(
      'azure.ai.openai',
    );
    expect(genAiProviderName({ provider: 'together', conventions: 'latest' })).toBe('together');
  });
});
