import { describe, expect, it } from 'vitest';
import { readOpenAIContentParts } from './read-openai-content-parts.js';

describe('readOpenAIContentParts', () => {
  it('splits Mistral thinking parts from text parts, keeping their order', () => {
    expect(
      readOpenAIContentParts([
        {
          type: 'thinking',
          thinking: [
            { type: 'text', text: 'Two plus two.' },
            { type: 'text', text: ' Four.' },
          ],
        },
        { type: 'text', text: '2 + 2 = 4' },
      ]),
    ).toEqual([
      { type: 'reasoning-delta', text: 'Two plus two.' },
      { type: 'reasoning-delta', text: ' Four.' },
      { type: 'text-delta', text: '2 + 2 = 4' },
    ]);
  });

  it('accepts thinking given as a plain string', () => {
    expect(readOpenAIContentParts([{ type: 'thinking', thinking: 'hmm' }])).toEqual([
      { type: 'reasoning-delta', text: 'hmm' },
    ]);
  });

  it('skips empty pieces and part types it does not know', () => {
    expect(
      readOpenAIContentParts([
        { type: 'text', text: '' },
        { type: 'image_url' },
        { type: 'thinking', thinking: [{ type: 'text', text: '' }] },
      ]),
    ).toEqual([]);
  });
});
