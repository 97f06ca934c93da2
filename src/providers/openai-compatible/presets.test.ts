import { describe, expect, it } from 'vitest';
import { isPresetName, presets } from './presets.js';

const local = ['ollama', 'lmstudio', 'vllm'];

describe('presets', () => {
  it('covers the thirteen services', () => {
    expect(Object.keys(presets).sort()).toEqual(
      [
        'cerebras',
        'deepseek',
        'fireworks',
        'groq',
        'lmstudio',
        'mistral',
        'ollama',
        'openrouter',
        'perplexity',
        'sarvam',
        'together',
        'vllm',
        'xai',
      ].sort(),
    );
  });

  it.each(Object.entries(presets).filter(([name]) => !local.includes(name)))(
    '%s is hosted: an https base URL, a key variable and default models',
    (name, preset) => {
      expect(preset.name).toBe(name);
      expect(preset.baseURL).toMatch(/^https:\/\/[a-z0-9.-]+\.[a-z]+(\/[\w/.-]*)?$/);
      expect(preset.baseURL.endsWith('/')).toBe(false);
      expect(preset.apiKeyVariable).toMatch(/^[A-Z]+_API_KEY$/);
      expect(preset.models.length).toBeGreaterThan(0);
      expect(preset.capabilities.streaming).toBe(true);
    },
  );

  it.each(local)('%s is local: its usual localhost port, no key, models discovered or given', (name) => {
    const preset = presets[name as keyof typeof presets];
    expect(preset.baseURL).toMatch(/^http:\/\/localhost:\d+\/v1$/);
    expect(preset.apiKeyVariable).toBeUndefined();
    expect(preset.models).toEqual([]);
  });

  it('uses the usual local ports', () => {
    expect([presets.ollama.baseURL, presets.lmstudio.baseURL, presets.vllm.baseURL]).toEqual([
      'http://localhost:11434/v1',
      'http://localhost:1234/v1',
      'http://localhost:8000/v1',
    ]);
  });

  it('states the quirks that differ from OpenAI', () => {
    expect(presets.sarvam.authHeader).toBe('api-subscription-key');
    expect(presets.groq.authHeader).toBe('authorization');
    expect(presets.deepseek.quirks.jsonSchema).toBe(false);
    expect(presets.deepseek.capabilities.jsonSchemaOutput).toBe(false);
    expect(presets.deepseek.capabilities.jsonOutput).toBe(true);
    expect(presets.mistral.quirks).toMatchObject({
      streamUsage: false,
      unsupportedParameters: ['user', 'reasoning_effort'],
      renamedParameters: { seed: 'random_seed' },
    });
    expect(presets.cerebras.quirks.unsupportedParameters).toEqual([
      'presence_penalty',
      'frequency_penalty',
      'parallel_tool_calls',
    ]);
    expect(presets.perplexity.capabilities.tools).toBe(false);
    // LM Studio answers 400 to json_object but takes json_schema.
    expect(presets.lmstudio.capabilities).toMatchObject({ jsonOutput: false, jsonSchemaOutput: true });
    expect(presets.groq.quirks.maxTokensField).toBe('max_completion_tokens');
    expect(presets.deepseek.quirks.maxTokensField).toBe('max_tokens');
    for (const preset of Object.values(presets)) expect(preset.quirks.openaiReasoningModels).toBe(false);
  });

  it('is frozen, so one provider cannot change another', () => {
    expect(Object.isFrozen(presets.groq)).toBe(true);
    expect(Object.isFrozen(presets.groq.models)).toBe(true);
    expect(Object.isFrozen(presets.groq.quirks)).toBe(true);
  });

  it('recognises preset names, not inherited keys', () => {
    expect(isPresetName('groq')).toBe(true);
    expect(isPresetName('toString')).toBe(false);
    expect(isPresetName('openai')).toBe(false);
  });
});
