import type { EmbeddingRequest } from '../types/embedding.js';
import type { CompletionRequest } from '../types/request.js';

/** Tokens reserved for the answer when a request sets no `maxTokens`. */
export const defaultOutputReservation = 1_024;

// Tokenizers average about four characters of English or code per token; three keeps the estimate above
// the real count for nearly all text, so a reservation is returned after the call far more often than
// it is overrun. Each message also costs a few tokens of framing.
const charactersPerToken = 3;
const tokensPerMessage = 4;
// An image or document counts as this many characters: providers bill them by size, which the request
// does not say without decoding them.
const charactersPerAttachment = 3_000;

/** Tokens of one piece of prompt text: by character count here, by a real tokenizer where one fits. */
export type MeasureText = (text: string) => number;

const byCharacters: MeasureText = (text) => text.length / charactersPerToken;

/**
 * The prompt's tokens (messages, tool calls, tools, response schema, message framing), each piece of
 * text measured by `measure`: by default a character-based bound that stays above the real count for
 * nearly all text. An attachment counts as a fixed bound either way.
 */
export function estimatePromptTokens(
  request: CompletionRequest,
  measure: MeasureText = byCharacters,
): number {
  let tokens = 0;
  let attachments = 0;
  for (const message of request.messages) {
    const content = message.content;
    if (typeof content === 'string') tokens += measure(content);
    else if (Array.isArray(content)) {
      for (const part of content) {
        if (part.type === 'text') tokens += measure(part.text);
        else attachments++;
      }
    }
    if (message.role === 'assistant' && message.toolCalls) {
      for (const call of message.toolCalls) tokens += measure(call.name) + measure(call.arguments);
    }
  }
  if (request.tools) tokens += measure(JSON.stringify(request.tools));
  if (request.responseFormat) tokens += measure(JSON.stringify(request.responseFormat));
  return (
    Math.ceil(tokens + (attachments * charactersPerAttachment) / charactersPerToken) +
    tokensPerMessage * request.messages.length
  );
}

/**
 * A deliberately high estimate of the tokens a request will use: its prompt (messages, tools, response
 * schema) by character count, plus its `maxTokens` (or {@link defaultOutputReservation}). The rate
 * limiter reserves this before the call and corrects it with the provider's real usage after. Kept on its
 * own so a real tokenizer can replace it (`rateLimit({ estimateTokens })`).
 *
 * @example
 * estimateTokens({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], maxTokens: 100 }); // 105
 */
export function estimateTokens(request: CompletionRequest): number {
  return estimatePromptTokens(request) + (request.maxTokens ?? defaultOutputReservation);
}

/**
 * A deliberately high estimate of the tokens an embedding request will use: its input by character
 * count (an embedding generates no output tokens). The rate limiter reserves this before the call.
 *
 * @example
 * estimateEmbeddingTokens({ model: 'text-embedding-3-small', input: ['hello', 'world'] }); // 4
 */
export function estimateEmbeddingTokens(request: EmbeddingRequest): number {
  const input = request.input;
  if (typeof input === 'string') return Math.ceil(input.length / charactersPerToken);
  let tokens = 0;
  for (const text of input) tokens += Math.ceil(text.length / charactersPerToken);
  return tokens;
}
