/** Where the bytes of an image or document come from. */
export type MediaSource =
  | {
      /** Fetched by the provider from this address (`https:` or `data:` URL). */
      type: 'url';
      url: string;
    }
  | {
      /** Sent inline. `data` is base64 without a `data:` prefix. */
      type: 'base64';
      data: string;
      /** IANA media type, e.g. `image/png` or `application/pdf`. */
      mediaType: string;
    };

/** Plain text inside a message. */
export interface TextPart {
  type: 'text';
  text: string;
}

/** An image the model should look at. Needs a provider with the `imageInput` capability. */
export interface ImagePart {
  type: 'image';
  source: MediaSource;
  /** OpenAI's fidelity hint; ignored by providers that have none. */
  detail?: 'auto' | 'low' | 'high';
}

/** A document (PDF) the model should read. Needs a provider with the `documentInput` capability. */
export interface FilePart {
  type: 'file';
  source: MediaSource;
  filename?: string;
}

/** What a user message may contain. */
export type UserContentPart = TextPart | ImagePart | FilePart;

/** A tool invocation requested by the model. */
export interface ToolCall {
  /** Provider-issued id; a tool result answers it with the same id. */
  id: string;
  /** Name of the tool to run. */
  name: string;
  /** Arguments as JSON text, exactly as the model produced them (`"{}"` when it gave none). */
  arguments: string;
  /**
   * Opaque provider data that must travel back with this call in the next turn
   * (for example Gemini's `thoughtSignature`). Keyed by provider type.
   */
  providerMetadata?: ProviderMetadata;
}

/** Opaque data keyed by provider type (`openai`, `anthropic`, `gemini`, ...). */
export type ProviderMetadata = Record<string, Record<string, unknown>>;

/** Instructions that frame the whole conversation. */
export interface SystemMessage {
  role: 'system';
  content: string;
}

/** A turn written by the user. */
export interface UserMessage {
  role: 'user';
  content: string | UserContentPart[];
}

/** A turn the model produced earlier, sent back as history. */
export interface AssistantMessage {
  role: 'assistant';
  content: string | null;
  toolCalls?: ToolCall[];
  /** Reasoning the model emitted with this turn, when it must be sent back (Anthropic thinking, Gemini thoughts). */
  reasoning?: ReasoningBlock[];
}

/** One block of model reasoning, with the signature some providers require to accept it back. */
export interface ReasoningBlock {
  text: string;
  /** Anthropic `signature` / Gemini `thoughtSignature`. */
  signature?: string;
  /** Anthropic `redacted_thinking` payload: encrypted reasoning, no readable text. */
  redactedData?: string;
  /**
   * Provider type that issued `signature` / `redactedData` (`anthropic`, `gemini`). A signature is only
   * valid with its issuer, so adapters send signed reasoning back only to the same type of provider.
   */
  provider?: string;
}

/** The result of running a tool, answering one {@link ToolCall}. */
export interface ToolMessage {
  role: 'tool';
  toolCallId: string;
  /** The tool's output as text (JSON text for structured results). */
  content: string;
  /** Tool name. Gemini needs it; when absent it is looked up from the matching call in the history. */
  name?: string;
  /** True when the tool failed and `content` describes the error. */
  isError?: boolean;
}

/** One turn of a conversation. */
export type Message = SystemMessage | UserMessage | AssistantMessage | ToolMessage;
