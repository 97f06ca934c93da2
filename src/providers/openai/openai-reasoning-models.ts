// o1, o3, o4-mini, gpt-5, gpt-5.1-mini... but not gpt-5-chat, which is a non-reasoning chat model.
const reasoningModelPattern = /^(?:o\d|gpt-5(?!-chat))/;

/**
 * Whether an OpenAI model name is a reasoning model: one that takes `developer` instructions and
 * `reasoning_effort`, and rejects `temperature`, `top_p` and the penalties.
 */
export function isOpenAIReasoningModel(model: string): boolean {
  return reasoningModelPattern.test(model);
}
