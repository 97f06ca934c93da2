import { describe, expect, it } from 'vitest';
import type { CompletionRequest } from '../../types/request.js';
import { convertToGeminiRequest } from './convert-to-gemini-request.js';

const base: CompletionRequest = { model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'Hi' }] };
const contents = [{ role: 'user', parts: [{ text: 'Hi' }] }];

describe('convertToGeminiRequest', () => {
  it('sends only contents for a plain request', () => {
    expect(convertToGeminiRequest(base)).toEqual({ contents });
  });

  it('maps sampling fields into generationConfig', () => {
    expect(
      convertToGeminiRequest({
        ...base,
        maxTokens: 256,
        temperature: 0.2,
        topP: 0.9,
        topK: 40,
        stop: ['END'],
        seed: 7,
        presencePenalty: 0.5,
        frequencyPenalty: 0.25,
        user: 'user-1',
        parallelToolCalls: false,
      }),
    ).toEqual({
      contents,
      generationConfig: {
        maxOutputTokens: 256,
        temperature: 0.2,
        topP: 0.9,
        topK: 40,
        stopSequences: ['END'],
        seed: 7,
        presencePenalty: 0.5,
        frequencyPenalty: 0.25,
      },
    });
  });

  it('asks for JSON by mime type, with the schema for json_schema', () => {
    expect(convertToGeminiRequest({ ...base, responseFormat: { type: 'json' } }).generationConfig).toEqual({
      responseMimeType: 'application/json',
    });
    const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] };
    expect(
      convertToGeminiRequest({ ...base, responseFormat: { type: 'json_schema', schema, name: 'answer' } })
        .generationConfig,
    ).toEqual({ responseMimeType: 'application/json', responseJsonSchema: schema });
    expect(
      convertToGeminiRequest({ ...base, responseFormat: { type: 'text' } }).generationConfig,
    ).toBeUndefined();
  });

  it('sends the schema in the form each generation of model takes', () => {
    const schema = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      properties: { kind: { const: 'a' }, nick: { type: ['string', 'null'], minLength: 2 } },
    };
    const format = { type: 'json_schema' as const, schema };
    expect(convertToGeminiRequest({ ...base, responseFormat: format }).generationConfig).toEqual({
      responseMimeType: 'application/json',
      responseJsonSchema: {
        type: 'object',
        properties: {
          kind: { enum: ['a'] },
          nick: { type: ['string', 'null'], description: 'Constraints: minLength: 2' },
        },
      },
    });
    expect(
      convertToGeminiRequest({ ...base, model: 'gemini-2.0-flash', responseFormat: format }).generationConfig,
    ).toEqual({
      responseMimeType: 'application/json',
      responseSchema: {
        type: 'object',
        properties: {
          kind: { type: 'string', enum: ['a'] },
          nick: { type: 'string', nullable: true, description: 'Constraints: minLength: 2' },
        },
        propertyOrdering: ['kind', 'nick'],
      },
    });
  });

  it('maps reasoning to thinkingConfig with thoughts included', () => {
    const thinking = (reasoning: CompletionRequest['reasoning']) =>
      convertToGeminiRequest({ ...base, reasoning }).generationConfig?.thinkingConfig;
    expect(thinking({ budgetTokens: 2_048 })).toEqual({ thinkingBudget: 2_048, includeThoughts: true });
    expect(thinking({ budgetTokens: 0 })).toEqual({ thinkingBudget: 0, includeThoughts: true });
    expect(thinking({ effort: 'minimal' })).toEqual({ thinkingBudget: 512, includeThoughts: true });
    expect(thinking({ effort: 'low' })).toEqual({ thinkingBudget: 1_024, includeThoughts: true });
    expect(thinking({ effort: 'medium' })).toEqual({ thinkingBudget: 8_192, includeThoughts: true });
    expect(thinking({ effort: 'high' })).toEqual({ thinkingBudget: 24_576, includeThoughts: true });
    expect(thinking({ effort: 'high', budgetTokens: 100 })).toEqual({
      thinkingBudget: 100,
      includeThoughts: true,
    });
    expect(thinking({})).toEqual({ includeThoughts: true });
  });

  it('declares tools with parametersJsonSchema', () => {
    const parameters = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
    expect(
      convertToGeminiRequest({
        ...base,
        tools: [
          { name: 'weather', description: 'Current weather', parameters },
          { name: 'time', parameters: { type: 'object', properties: {} }, strict: true },
        ],
      }).tools,
    ).toEqual([
      {
        functionDeclarations: [
          { name: 'weather', description: 'Current weather', parametersJsonSchema: parameters },
          { name: 'time', parametersJsonSchema: { type: 'object', properties: {} } },
        ],
      },
    ]);
    expect(convertToGeminiRequest({ ...base, tools: [] }).tools).toBeUndefined();
  });

  it.each([
    ['auto', { mode: 'AUTO' }],
    ['none', { mode: 'NONE' }],
    ['required', { mode: 'ANY' }],
    [
      { type: 'tool', name: 'weather' },
      { mode: 'ANY', allowedFunctionNames: ['weather'] },
    ],
  ] as const)('maps toolChoice %j to functionCallingConfig %j', (toolChoice, expected) => {
    expect(convertToGeminiRequest({ ...base, toolChoice }).toolConfig).toEqual({
      functionCallingConfig: expected,
    });
  });

  it('merges pass-through options over the body, and their generationConfig field by field', () => {
    const body = convertToGeminiRequest(
      { ...base, temperature: 0.1, reasoning: { budgetTokens: 1_000 } },
      {
        safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }],
        generationConfig: { thinkingConfig: { thinkingLevel: 'low' }, candidateCount: 1 },
      },
    );
    expect(body).toEqual({
      contents,
      safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }],
      generationConfig: { temperature: 0.1, thinkingConfig: { thinkingLevel: 'low' }, candidateCount: 1 },
    });
    expect(convertToGeminiRequest(base, { generationConfig: { candidateCount: 1 } })).toEqual({
      contents,
      generationConfig: { candidateCount: 1 },
    });
  });
});
