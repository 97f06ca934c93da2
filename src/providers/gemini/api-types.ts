/**
 * The subset of the Gemini API (`generativelanguage.googleapis.com/v1beta`) wire format this adapter
 * reads and writes. Field names are the API's own (camelCase JSON of the protobuf messages).
 */

/** Inline bytes of an image or document. */
export interface GeminiInlineData {
  mimeType: string;
  /** Base64, no `data:` prefix. */
  data: string;
}

/** A file the API fetches by URI (a Files API URI or a public URL). */
export interface GeminiFileData {
  /** Optional on the wire; sent when known. */
  mimeType?: string;
  fileUri: string;
}

/** A function call the model made, whole or (when streamed) in pieces. */
export interface GeminiFunctionCall {
  name?: string;
  args?: Record<string, unknown>;
  /** Streamed arguments: values addressed by JSON path, arriving over several chunks. */
  partialArgs?: GeminiPartialArg[];
  /** True while more chunks of this same call are still to come. */
  willContinue?: boolean;
}

/** One piece of a streamed function-call argument. */
export interface GeminiPartialArg {
  /** RFC 9535 JSON path of the value inside the arguments object, e.g. `$.location` or `$.items[0].name`. */
  jsonPath?: string;
  stringValue?: string;
  numberValue?: number;
  boolValue?: boolean;
  nullValue?: string;
  /** True when more pieces of the value at this same path follow (a string split across chunks). */
  willContinue?: boolean;
}

/** The answer to a function call, sent back in a `user` turn. */
export interface GeminiFunctionResponse {
  name: string;
  response: Record<string, unknown>;
}

/** One part of a content turn. Exactly one payload field is set, plus the optional thought markers. */
export interface GeminiPart {
  text?: string;
  /** The part is a thought summary, not answer text. */
  thought?: boolean;
  /** Opaque reasoning state that must travel back with the part it came on. */
  thoughtSignature?: string;
  inlineData?: GeminiInlineData;
  fileData?: GeminiFileData;
  functionCall?: GeminiFunctionCall;
  functionResponse?: GeminiFunctionResponse;
}

/** A turn of the conversation. */
export interface GeminiContent {
  role: 'user' | 'model';
  parts: GeminiPart[];
}

/** A function the model may call. */
export interface GeminiFunctionDeclaration {
  name: string;
  description?: string;
  /** Plain JSON Schema (the API's newer alternative to the OpenAPI-subset `parameters`). */
  parametersJsonSchema?: Record<string, unknown>;
}

/** `thinkingConfig` inside `generationConfig`. */
export interface GeminiThinkingConfig {
  thinkingBudget?: number;
  includeThoughts?: boolean;
}

/** Sampling and output controls. */
export interface GeminiGenerationConfig {
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  responseMimeType?: string;
  responseJsonSchema?: Record<string, unknown>;
  thinkingConfig?: GeminiThinkingConfig;
}

/** `toolConfig.functionCallingConfig.mode`. */
export type GeminiFunctionCallingMode = 'AUTO' | 'ANY' | 'NONE';

/** The body of `:generateContent` and `:streamGenerateContent`. */
export interface GeminiRequestBody {
  contents: GeminiContent[];
  systemInstruction?: { parts: Array<{ text: string }> };
  tools?: Array<{ functionDeclarations: GeminiFunctionDeclaration[] }>;
  toolConfig?: {
    functionCallingConfig: { mode: GeminiFunctionCallingMode; allowedFunctionNames?: string[] };
  };
  generationConfig?: GeminiGenerationConfig;
  /** Pass-through fields (`safetySettings`, `cachedContent`, ...) arrive through `providerOptions`. */
  [key: string]: unknown;
}

/** Token counts. Protobuf JSON omits zero-valued counts. */
export interface GeminiUsageMetadata {
  promptTokenCount?: number;
  cachedContentTokenCount?: number;
  candidatesTokenCount?: number;
  thoughtsTokenCount?: number;
  toolUsePromptTokenCount?: number;
  totalTokenCount?: number;
}

/** One generated answer. */
export interface GeminiCandidate {
  content?: { role?: string; parts?: GeminiPart[] };
  finishReason?: string;
  finishMessage?: string;
  index?: number;
}

/** The whole body of `:generateContent`, and each chunk of `:streamGenerateContent?alt=sse`. */
export interface GeminiResponse {
  candidates?: GeminiCandidate[];
  promptFeedback?: { blockReason?: string; blockReasonMessage?: string };
  usageMetadata?: GeminiUsageMetadata;
  modelVersion?: string;
  responseId?: string;
}

/** A `google.rpc.Status` error body: `{ error: { code, message, status, details } }`. */
export interface GeminiErrorBody {
  error: {
    code?: number;
    message?: string;
    status?: string;
    details?: Array<Record<string, unknown>>;
  };
}
