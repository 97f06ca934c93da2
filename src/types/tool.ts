/** A JSON Schema object (draft 2020-12 subset that providers accept). */
export type JsonSchema = { [key: string]: unknown };

/** A function the model may call. */
export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments object. */
  parameters: JsonSchema;
  /** Ask the provider to enforce the schema exactly where it can (OpenAI `strict`). */
  strict?: boolean;
}

/**
 * Whether and which tools the model must call:
 * `auto` (model decides), `none`, `required` (some tool), or one named tool.
 */
export type ToolChoice = 'auto' | 'none' | 'required' | { type: 'tool'; name: string };
