import type { MeasureText } from './estimate-tokens.js';

/** The byte-pair encodings of OpenAI's chat models. */
export type OpenAIEncoding = 'o200k_base' | 'cl100k_base';

// Longest prefix first. GPT-4o and later (and the o-series) use o200k; GPT-4 and GPT-3.5 use cl100k.
const encodings: ReadonlyArray<readonly [prefix: string, encoding: OpenAIEncoding]> = [
  ['gpt-4o', 'o200k_base'],
  ['chatgpt-4o', 'o200k_base'],
  ['gpt-4.1', 'o200k_base'],
  ['gpt-4.5', 'o200k_base'],
  ['gpt-5', 'o200k_base'],
  ['gpt-oss', 'o200k_base'],
  ['o1', 'o200k_base'],
  ['o3', 'o200k_base'],
  ['o4', 'o200k_base'],
  ['gpt-4', 'cl100k_base'],
  ['gpt-3.5', 'cl100k_base'],
];

/** The encoding of an OpenAI model, or `undefined` for a model that is not one of OpenAI's. */
export function openAIEncodingOf(model: string): OpenAIEncoding | undefined {
  for (const [prefix, encoding] of encodings) if (model.startsWith(prefix)) return encoding;
  return undefined;
}

const loading = new Map<OpenAIEncoding, Promise<MeasureText>>();
// Text that spells a special token (`<|endoftext|>`) is counted as the plain text the API sends it as,
// instead of the tokenizer's default of throwing.
const asPlainText = { disallowedSpecial: new Set<string>() };

/**
 * The real token count of text in one encoding (`gpt-tokenizer`). Loaded on first use only: its rank
 * tables are megabytes of JavaScript that take about a second to parse, so nothing pays for them until
 * a prompt is long enough that the character bound cannot show it fits.
 */
export function loadOpenAITokenizer(encoding: OpenAIEncoding): Promise<MeasureText> {
  let promise = loading.get(encoding);
  if (!promise) {
    promise = (
      encoding === 'o200k_base'
        ? import('gpt-tokenizer/encoding/o200k_base')
        : import('gpt-tokenizer/encoding/cl100k_base')
    ).then((module) => (text: string) => module.countTokens(text, asPlainText));
    // A failed load (a bundle that left the package out) is tried again by the next call, not cached.
    promise.catch(() => loading.delete(encoding));
    loading.set(encoding, promise);
  }
  return promise;
}
