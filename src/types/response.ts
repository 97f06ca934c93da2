import type { Attempt } from './attempt.js';
import type { Cost } from './cost.js';
import type { ReasoningBlock, ToolCall } from './message.js';
import type { FinishReason, Usage } from './usage.js';
import type { SettingWarning } from './warning.js';

/** The assistant turn a completion produced, shaped like OpenAI's `choices[i].message`. */
export interface ResponseMessage {
  role: 'assistant';
  /** The answer text; `null` when the model only called tools. */
  content: string | null;
  toolCalls?: ToolCall[];
  /** Reasoning text, kept apart from the answer. */
  reasoning?: ReasoningBlock[];
}

/** One candidate answer. llmrouter always asks for one, so there is exactly one choice. */
export interface Choice {
  index: number;
  message: ResponseMessage;
  finishReason: FinishReason;
}

/**
 * A completed call. Keeps the shape of OpenAI's response (`choices[0].message.content`) so code written
 * against it ports line by line, and adds conveniences.
 */
export interface CompletionResponse {
  /** Provider-issued response id. */
  id: string;
  /** Name of the provider that served the call. */
  provider: string;
  /** Model that served it, as the provider reported it. */
  model: string;
  choices: [Choice];
  /** `choices[0].message.content`, or `''` when there is none. */
  text: string;
  /** `choices[0].message.toolCalls`, or `[]`. */
  toolCalls: ToolCall[];
  /** All reasoning text joined, or `undefined` when the model gave none. */
  reasoningText: string | undefined;
  finishReason: FinishReason;
  usage: Usage;
  /**
   * What the whole call cost, fallback attempts included, when the router has a pricer. `undefined` when
   * the serving model's price is unknown (never a made-up zero).
   */
  cost?: Cost;
  /** Every attempt the router made for this call, in order. Empty when a provider is called directly. */
  trail: Attempt[];
  /**
   * Settings the serving provider's adapter dropped or changed rather than fail the call (the same list
   * as the serving attempt's `Attempt.warnings`). Absent when every setting went out as asked.
   */
  warnings?: readonly SettingWarning[];
  /**
   * `true` when the response cache answered the call without calling the provider (the trail then holds
   * no attempt). Absent on a fresh answer.
   */
  cached?: true;
}
