import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, suggestion } from './did-you-mean.js';

describe('editDistance', () => {
  it.each([
    ['anthropic', 'anthropic', 0],
    ['antropic', 'anthropic', 1],
    ['opneai', 'openai', 1],
    ['retyr', 'retry', 1],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
  ])('%s → %s is %i', (left, right, distance) => {
    expect(editDistance(left, right)).toBe(distance);
  });
});

describe('didYouMean', () => {
  const providers = ['openai', 'anthropic', 'gemini', 'groq'];

  it('suggests the closest name for a likely typo', () => {
    expect(didYouMean('antropic', providers)).toBe('anthropic');
    expect(didYouMean('grq', providers)).toBe('groq');
    expect(didYouMean('OpenAI', providers)).toBe('openai');
  });

  it('suggests nothing when no name is close', () => {
    expect(didYouMean('mistral', providers)).toBeUndefined();
    expect(didYouMean('x', providers)).toBeUndefined();
  });

  it('words the suggestion for a message', () => {
    expect(suggestion('retyr', ['retry', 'timeout'])).toBe('; did you mean "retry"?');
    expect(suggestion('zzz', ['retry'])).toBe('');
  });
});
