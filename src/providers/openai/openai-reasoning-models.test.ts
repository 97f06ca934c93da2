import { describe, expect, it } from 'vitest';
import { isOpenAIReasoningModel } from './openai-reasoning-models.js';

describe('isOpenAIReasoningModel', () => {
  it.each([
    'o1',
    'o1-2024-12-17',
    'o3',
    'o3-mini',
    'o4-mini',
    'gpt-5',
    'gpt-5-mini',
    'gpt-5.1',
    'gpt-5-nano-2025-08-07',
  ])('%s is a reasoning model', (model) => {
    expect(isOpenAIReasoningModel(model)).toBe(true);
  });

  it.each([
    'gpt-4o',
    'gpt-4o-mini',
    'gpt-4.1-nano',
    'gpt-5-chat-latest',
    'omni-moderation-latest',
    'chatgpt-4o-latest',
  ])('%s is not', (model) => {
    expect(isOpenAIReasoningModel(model)).toBe(false);
  });
});
