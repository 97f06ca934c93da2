import { describe, expect, it } from 'vitest';
import { reaskFeedback, reaskMessages } from './reask-feedback.js';

describe('reaskFeedback', () => {
  it('lists at most twenty issues and says how many more there were', () => {
    const issues = Array.from({ length: 22 }, (_, index) => ({
      path: `/${index}`,
      message: 'must be string',
    }));
    const feedback = reaskFeedback({ problem: 'schema', issues });
    expect(feedback.split('\n')).toHaveLength(23);
    expect(feedback).toContain('- at /19: must be string\n- and 2 more\n');
  });
});

describe('reaskMessages', () => {
  it('appends the rejected answer and the feedback; a blank answer is shown as such', () => {
    expect(
      reaskMessages({ messages: [{ role: 'user', content: 'Q' }], answer: ' ', feedback: 'Fix it.' }),
    ).toEqual([
      { role: 'user', content: 'Q' },
      { role: 'assistant', content: '(empty answer)' },
      { role: 'user', content: 'Fix it.' },
    ]);
  });
});
