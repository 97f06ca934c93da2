import type { FakeReplyContent } from '../../src/testing/index.js';

/** The model every contender asks for. */
export const benchModel = 'gpt-4o-mini';

/** The API key every contender sends; the fake upstream accepts any. */
export const benchApiKey = 'sk-bench-not-a-real-key';

/** A short classification prompt: the kind of call a service makes on every request it serves. */
export const benchMessages = [
  { role: 'system', content: 'You classify support tickets. Answer with one category and a confidence.' },
  {
    role: 'user',
    content:
      'Ticket #4821: "Since this morning every invoice PDF I download is blank. I tried two browsers and ' +
      'cleared the cache. We need these for the audit on Friday." Classify this ticket.',
  },
] as const;

/** What the upstream answers, and what every contender must read back for a call to count. */
export const benchReplyText =
  'Category: billing / document rendering. Confidence: high. The customer reports blank invoice PDFs ' +
  'across browsers after clearing the cache, with an audit deadline on Friday.';

/** The fake upstream's scripted answer for the non-streaming contenders. */
export const benchReply: FakeReplyContent = {
  text: benchReplyText,
  usage: { inputTokens: 64, outputTokens: 38 },
};

/** The OpenAI Chat Completions body the raw floor sends (the adapters build theirs from `benchMessages`). */
export function rawChatBody(stream: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = { model: benchModel, messages: benchMessages };
  if (stream) {
    body.stream = true;
    body.stream_options = { include_usage: true };
  }
  return body;
}
