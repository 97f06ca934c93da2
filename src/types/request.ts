import type { Message } from './message.js';
import type { JsonSchema, ToolChoice, ToolDefinition } from './tool.js';

/** The shape the answer must take. */
export type ResponseFormat =
  | { type: 'text' }
  /** Any valid JSON object. */
  | { type: 'json' }
  /** JSON matching `schema`, in the provider's native structured-output form where it has one. */
  | { type: 'json_schema'; schema: JsonSchema; name?: string; description?: string; strict?: boolean };

/** How hard a reasoning model should think. */
export interface ReasoningOptions {
  /** OpenAI-style effort; mapped to a budget for providers that take one. */
  effort?: 'minimal' | 'low' | 'medium' | 'high';
  /** Token budget for thinking (Anthropic `budget_tokens`, Gemini `thinkingBudget`). */
  budgetTokens?: number;
}

/**
 * A chat completion request, provider-neutral. `model` is what the application asks for; the router
 * resolves it to a provider and sends each target its own model name.
 */
export interface CompletionRequest {
  model: string;
  messages: Message[];
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  /** Allow several tool calls in one turn (default: provider's default). */
  parallelToolCalls?: boolean;
  responseFormat?: ResponseFormat;
  /** Upper bound on generated tokens. Anthropic requires one; its adapter supplies a default. */
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stop?: string[];
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  reasoning?: ReasoningOptions;
  /** End-user id for the provider's abuse monitoring. */
  user?: string;
  /**
   * Extra fields merged into the provider's request body as they are, keyed by provider type or
   * provider name (`{ openai: { logprobs: true }, anthropic: { metadata: {...} } }`).
   */
  providerOptions?: Record<string, Record<string, unknown>>;
}
