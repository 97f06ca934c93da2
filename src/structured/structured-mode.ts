import type { Message } from '../types/message.js';
import type { ObjectRequest, StructuredMode } from '../types/object.js';
import type { ProviderCapabilities } from '../types/provider.js';
import type { CompletionRequest } from '../types/request.js';
import type { ResolvedSchema } from './object-schema.js';

/** The capability table: the strongest mode a provider's declared capabilities allow. */
export function structuredModeFor(capabilities: ProviderCapabilities): StructuredMode {
  if (capabilities.jsonSchemaOutput) return 'json_schema';
  if (capabilities.jsonOutput) return 'json_mode';
  return 'prompt';
}

/** The next weaker mode, after the router reported the capability for `mode` missing. */
export function weakerMode(mode: StructuredMode): StructuredMode | undefined {
  if (mode === 'json_schema') return 'json_mode';
  if (mode === 'json_mode') return 'prompt';
  return undefined;
}

/** The capability a mode needs, as the router names it in `UnsupportedCapabilityError.capability`. */
export function capabilityOf(mode: StructuredMode): string | undefined {
  if (mode === 'json_schema') return 'jsonSchemaOutput';
  if (mode === 'json_mode') return 'jsonOutput';
  return undefined;
}

const instructions = new WeakMap<ResolvedSchema, string>();

/**
 * The system instruction that carries the schema where the provider cannot take it natively. It says
 * "JSON" in so many words, which DeepSeek's JSON mode requires of the prompt. Built once per schema.
 */
export function schemaInstruction(schema: ResolvedSchema): string {
  let instruction = instructions.get(schema);
  if (instruction === undefined) {
    instruction =
      'Answer with one JSON object that matches the JSON Schema below, and nothing else: no prose, no ' +
      `code fences.\n\nJSON Schema:\n${JSON.stringify(schema.sentSchema)}`;
    instructions.set(schema, instruction);
  }
  return instruction;
}

/** The completion request for one target in one mode, built from the object request. */
export function requestForMode(options: {
  request: ObjectRequest;
  schema: ResolvedSchema;
  mode: StructuredMode;
}): CompletionRequest {
  const {
    schema: _schema,
    schemaName,
    schemaDescription,
    repair: _repair,
    maxReasks: _maxReasks,
    fallback: _fallback,
    call: _call,
    ...base
  } = options.request;
  if (options.mode === 'json_schema') {
    const responseFormat: CompletionRequest['responseFormat'] = {
      type: 'json_schema',
      schema: options.schema.sentSchema,
      strict: true,
    };
    if (schemaName !== undefined) responseFormat.name = schemaName;
    if (schemaDescription !== undefined) responseFormat.description = schemaDescription;
    return { ...base, responseFormat };
  }
  const messages = withSystemInstruction(base.messages, schemaInstruction(options.schema));
  return options.mode === 'json_mode'
    ? { ...base, messages, responseFormat: { type: 'json' } }
    : { ...base, messages };
}

/** The messages with `instruction` as a system message after the caller's own leading system messages. */
function withSystemInstruction(messages: readonly Message[], instruction: string): Message[] {
  let index = 0;
  while (index < messages.length && messages[index]!.role === 'system') index++;
  return [...messages.slice(0, index), { role: 'system', content: instruction }, ...messages.slice(index)];
}
