import { describe, expect, it } from 'vitest';
import { resolveObjectSchema } from './object-schema.js';
import { requestForMode, schemaInstruction, structuredModeFor, weakerMode } from './structured-mode.js';

const capabilities = {
  tools: true,
  jsonSchemaOutput: true,
  jsonOutput: true,
  imageInput: false,
  documentInput: false,
  streaming: true,
  reasoning: false,
};
const schema = resolveObjectSchema({ type: 'object', properties: { a: { type: 'string' } } });
const request = {
  model: 'm',
  messages: [
    { role: 'system' as const, content: 'Be brief.' },
    { role: 'user' as const, content: 'Q' },
  ],
  schema: schema.jsonSchema,
  schemaName: 'thing',
  maxReasks: 1,
  temperature: 0,
};

describe('the capability table', () => {
  it('picks the strongest mode the provider declares', () => {
    expect(structuredModeFor(capabilities)).toBe('json_schema');
    expect(structuredModeFor({ ...capabilities, jsonSchemaOutput: false })).toBe('json_mode');
    expect(structuredModeFor({ ...capabilities, jsonSchemaOutput: false, jsonOutput: false })).toBe('prompt');
    expect([weakerMode('json_schema'), weakerMode('json_mode'), weakerMode('prompt')]).toEqual([
      'json_mode',
      'prompt',
      undefined,
    ]);
  });
});

describe('requestForMode', () => {
  it('sends the schema natively and strict in json_schema mode, keeping the other request fields', () => {
    expect(requestForMode({ request, schema, mode: 'json_schema' })).toEqual({
      model: 'm',
      messages: request.messages,
      temperature: 0,
      responseFormat: { type: 'json_schema', schema: schema.sentSchema, strict: true, name: 'thing' },
    });
  });

  it('puts the schema in a system message after the caller’s own in the other modes', () => {
    const jsonMode = requestForMode({ request, schema, mode: 'json_mode' });
    expect(jsonMode.responseFormat).toEqual({ type: 'json' });
    expect(jsonMode.messages).toEqual([
      request.messages[0],
      { role: 'system', content: schemaInstruction(schema) },
      request.messages[1],
    ]);
    expect(requestForMode({ request, schema, mode: 'prompt' }).responseFormat).toBeUndefined();
    expect(schemaInstruction(schema)).toBe(
      'Answer with one JSON object that matches the JSON Schema below, and nothing else: no prose, no code ' +
        'fences.\n\nJSON Schema:\n{"type":"object","properties":{"a":{"type":"string"}}}',
    );
  });
});
