/**
 * The subset of the Chat Completions wire format llmrouter reads and writes. Response types are loose on
 * purpose: OpenAI-compatible services add, omit and re-type fields (Mistral's content arrays, Groq's
 * `x_groq`, DeepSeek's `reasoning_content`), so everything read from the wire is optional.
 */

/** One content part of a user message. */
export type OpenAIContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string; detail?: 'auto' | 'low' | 'high' } }
  | { type: 'file'; file: { filename: string; file_data: string } };

/** A tool call inside an assistant message sent back as history. */
export interface OpenAIMessageToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** One message of the `messages` array. */
export type OpenAIMessage =
  | { role: 'system' | 'developer'; content: string }
  | { role: 'user'; content: string | OpenAIContentPart[] }
  | { role: 'assistant'; content: string | null; tool_calls?: OpenAIMessageToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

/** A function tool definition. */
export interface OpenAITool {
  type: 'function';
  function: { name: string; description?: string; parameters: Record<string, unknown>; strict?: boolean };
}

/** `tool_choice` as the API takes it. */
export type OpenAIToolChoice =
  | 'auto'
  | 'none'
  | 'required'
  | { type: 'function'; function: { name: string } };

/** `response_format` as the API takes it. */
export type OpenAIResponseFormat =
  | { type: 'json_object' }
  | {
      type: 'json_schema';
      json_schema: { name: string; description?: string; schema: Record<string, unknown>; strict?: boolean };
    };

/** A request body. Extra pass-through fields are merged in as they are. */
export interface OpenAIChatRequest {
  model: string;
  messages: OpenAIMessage[];
  [field: string]: unknown;
}

/** `usage` of a response or of a stream's usage chunk. */
export interface OpenAIUsage {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  total_tokens?: number | null;
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
  /** DeepSeek's name for cache reads. */
  prompt_cache_hit_tokens?: number | null;
}

/** Mistral's content parts (magistral models put reasoning in `thinking` parts). */
export interface OpenAIResponseContentPart {
  type?: string;
  text?: string;
  thinking?: OpenAIResponseContentPart[] | string;
}

/** Message content as services send it: a string, or (Mistral) an array of parts. */
export type OpenAIResponseContent = string | OpenAIResponseContentPart[] | null | undefined;

/** A tool call in a response or a stream delta. */
export interface OpenAIResponseToolCall {
  /** Absent on Mistral; starts at 1 on some proxies. */
  index?: number;
  id?: string | null;
  type?: string;
  function?: { name?: string | null; arguments?: string | Record<string, unknown> | null } | null;
}

/** `choices[0].message` of a response, or `choices[0].delta` of a chunk. */
export interface OpenAIResponseMessage {
  role?: string;
  content?: OpenAIResponseContent;
  refusal?: string | null;
  /** DeepSeek, xAI, vLLM, LM Studio. */
  reasoning_content?: string | null;
  /** Groq, OpenRouter, Ollama. */
  reasoning?: string | null;
  tool_calls?: OpenAIResponseToolCall[] | null;
}

/** A non-streaming response body. */
export interface OpenAIChatResponse {
  id?: string;
  model?: string;
  choices?: Array<{ index?: number; message?: OpenAIResponseMessage; finish_reason?: string | null }>;
  usage?: OpenAIUsage | null;
  /** Some services answer an error with status 200. */
  error?: unknown;
}

/** One streamed chunk. */
export interface OpenAIChatChunk {
  id?: string;
  model?: string;
  choices?: Array<{ index?: number; delta?: OpenAIResponseMessage | null; finish_reason?: string | null }>;
  usage?: OpenAIUsage | null;
  /** Groq reports usage here (and, lately, in `usage` too). */
  x_groq?: { usage?: OpenAIUsage | null } | null;
  /** An in-band error event. */
  error?: unknown;
}

/** `GET /models`. */
export interface OpenAIModelList {
  data?: Array<{ id?: string }>;
}
