import type { ReasoningBlock, ToolCall } from './message.js';
import type { FinishReason, Usage } from './usage.js';
import type { SettingWarning } from './warning.js';

/** A piece of answer text. */
export interface TextDeltaPart {
  type: 'text-delta';
  text: string;
}

/** A piece of reasoning text, separate from the answer. */
export interface ReasoningDeltaPart {
  type: 'reasoning-delta';
  text: string;
}

/** A finished reasoning block with its signature, when the provider sends one. */
export interface ReasoningEndPart {
  type: 'reasoning-end';
  block: ReasoningBlock;
}

/** A fragment of a tool call's arguments as they stream in. */
export interface ToolCallDeltaPart {
  type: 'tool-call-delta';
  /** Position of the call in this turn, from 0. */
  index: number;
  id: string;
  name: string;
  argumentsDelta: string;
}

/** A tool call whose arguments are complete. */
export interface ToolCallPart {
  type: 'tool-call';
  index: number;
  toolCall: ToolCall;
}

/** The last part of every successful stream. A stream that ends without one has failed. */
export interface FinishPart {
  type: 'finish';
  finishReason: FinishReason;
  usage: Usage;
  /** Provider-issued response id, when the stream carried one. */
  id?: string;
  /** Model that served, as the provider reported it. */
  model?: string;
  /**
   * Settings the adapter dropped or changed when it converted the request; the stream's final response
   * and its attempt take them from here. Absent when every setting went out as asked.
   */
  warnings?: readonly SettingWarning[];
  /** Replayed from a response cache (`responseCache()`) rather than streamed by the provider. */
  cached?: true;
}

/** One typed piece of a streamed completion. */
export type StreamPart =
  | TextDeltaPart
  | ReasoningDeltaPart
  | ReasoningEndPart
  | ToolCallDeltaPart
  | ToolCallPart
  | FinishPart;

/** True for parts that carry model output, the ones that make a stream no longer replayable. */
export function isContentPart(part: StreamPart): boolean {
  return part.type !== 'finish';
}
