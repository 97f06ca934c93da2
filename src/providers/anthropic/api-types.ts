/**
 * The subset of Anthropic's Messages API wire format that the adapter reads and writes
 * (`POST /v1/messages`, `anthropic-version: 2023-06-01`). Field names are the provider's own.
 */

/** Where an image or document's bytes come from. */
export type AnthropicSource =
  | { type: 'base64'; media_type: string; data: string }
  | { type: 'url'; url: string }
  /** Plain-text documents only. */
  | { type: 'text'; media_type: 'text/plain'; data: string };

/** A piece of text in a user, assistant or system turn. */
export interface AnthropicTextBlock {
  type: 'text';
  text: string;
}

/** An image in a user turn. */
export interface AnthropicImageBlock {
  type: 'image';
  source: AnthropicSource;
}

/** A PDF or plain-text document in a user turn. */
export interface AnthropicDocumentBlock {
  type: 'document';
  source: AnthropicSource;
  title?: string;
}

/** A tool invocation the model made; `input` is always a JSON object. */
export interface AnthropicToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: Record<string, unknown>;
}

/** The answer to one `tool_use`, sent in the next user turn. */
export interface AnthropicToolResultBlock {
  type: 'tool_result';
  tool_use_id: string;
  content: string;
  is_error?: boolean;
}

/** Extended-thinking text with the signature Anthropic needs to accept it back. */
export interface AnthropicThinkingBlock {
  type: 'thinking';
  thinking: string;
  signature: string;
}

/** Thinking the safety system encrypted; sent back verbatim. */
export interface AnthropicRedactedThinkingBlock {
  type: 'redacted_thinking';
  data: string;
}

/** Content the adapter sends in a request. */
export type AnthropicRequestBlock =
  | AnthropicTextBlock
  | AnthropicImageBlock
  | AnthropicDocumentBlock
  | AnthropicToolUseBlock
  | AnthropicToolResultBlock
  | AnthropicThinkingBlock
  | AnthropicRedactedThinkingBlock;

/** One turn of the `messages` array. Anthropic has only these two roles; system is top-level. */
export interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: AnthropicRequestBlock[];
}

/** A tool the model may call. */
export interface AnthropicTool {
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
}

/** How the model must use tools. `disable_parallel_tool_use` asks for at most one call. */
export type AnthropicToolChoice =
  | { type: 'auto' | 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' };

/** The request body of `POST /messages`. */
export interface AnthropicRequestBody {
  model: string;
  max_tokens: number;
  messages: AnthropicMessage[];
  system?: string | AnthropicTextBlock[];
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  stop_sequences?: string[];
  temperature?: number;
  top_p?: number;
  top_k?: number;
  thinking?: { type: 'enabled'; budget_tokens: number };
  /** Native structured outputs (GA on recent models). */
  output_config?: { format: { type: 'json_schema'; schema: Record<string, unknown> } };
  metadata?: { user_id: string };
  stream?: boolean;
  [passThrough: string]: unknown;
}

/** Token counts as Anthropic reports them. `input_tokens` excludes cache reads and writes. */
export interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}

/** A content block in a response (other block types, such as `fallback`, are skipped). */
export type AnthropicResponseBlock =
  | AnthropicTextBlock
  | AnthropicToolUseBlock
  | AnthropicThinkingBlock
  | AnthropicRedactedThinkingBlock
  | { type: string; [field: string]: unknown };

/** A whole non-streaming response. */
export interface AnthropicResponse {
  id: string;
  model: string;
  content: AnthropicResponseBlock[];
  stop_reason: string | null;
  usage?: AnthropicUsage;
}

/** A content block as `content_block_start` announces it. */
export interface AnthropicStreamBlockStart {
  type: string;
  text?: string;
  thinking?: string;
  signature?: string;
  data?: string;
  id?: string;
  name?: string;
  input?: Record<string, unknown>;
}

/** The `delta` of a `content_block_delta` event. */
export interface AnthropicStreamBlockDelta {
  type: string;
  text?: string;
  partial_json?: string;
  thinking?: string;
  signature?: string;
}

/** One server-sent event payload of a streaming response. */
export type AnthropicStreamEvent =
  | { type: 'message_start'; message: { id: string; model: string; usage?: AnthropicUsage } }
  | { type: 'content_block_start'; index: number; content_block: AnthropicStreamBlockStart }
  | { type: 'content_block_delta'; index: number; delta: AnthropicStreamBlockDelta }
  | { type: 'content_block_stop'; index: number }
  | { type: 'message_delta'; delta: { stop_reason?: string | null }; usage?: AnthropicUsage }
  | { type: 'message_stop' }
  | { type: 'ping' }
  | { type: 'error'; error: AnthropicErrorDetail };

/** The `error` object of an error body or in-stream error event. */
export interface AnthropicErrorDetail {
  type?: string;
  message?: string;
}
