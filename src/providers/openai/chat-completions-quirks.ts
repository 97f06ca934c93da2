/**
 * How a Chat Completions service departs from OpenAI's own API. OpenAI's values are
 * {@link openAIQuirks}; each OpenAI-compatible preset states its own.
 */
export interface ChatCompletionsQuirks {
  /**
   * Field that carries `maxTokens`. OpenAI wants `max_completion_tokens` (reasoning models reject
   * `max_tokens`); most compatible services only know `max_tokens`.
   */
  maxTokensField: 'max_completion_tokens' | 'max_tokens';
  /** Send `stream_options: { include_usage: true }` so the stream ends with a usage chunk. */
  streamUsage: boolean;
  /** Accepts `response_format: { type: 'json_schema' }`; otherwise a schema request is sent as `json_object`. */
  jsonSchema: boolean;
  /**
   * Model names follow OpenAI's (o1, o3, o4-mini, gpt-5...), so OpenAI's reasoning-model rules apply to
   * them: instructions go in a `developer` message, and the sampling parameters those models reject
   * (`temperature`, `top_p`, penalties) are left out; `reasoning_effort` is sent to them only.
   */
  openaiReasoningModels: boolean;
  /** Body fields the service rejects (Mistral answers 422 to unknown ones); removed before sending. */
  unsupportedParameters?: readonly string[];
  /** Body fields the service names differently, `{ ourName: theirName }` (Mistral `seed` -> `random_seed`). */
  renamedParameters?: Readonly<Record<string, string>>;
}

/** OpenAI's own API. */
export const openAIQuirks: Readonly<ChatCompletionsQuirks> = Object.freeze({
  maxTokensField: 'max_completion_tokens',
  streamUsage: true,
  jsonSchema: true,
  openaiReasoningModels: true,
});
