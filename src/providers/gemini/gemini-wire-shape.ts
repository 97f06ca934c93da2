import { isRecord, type ShapeProblem } from '../shared/wire-error.js';

/**
 * The first field of a `GenerateContentResponse` (a whole answer or one stream chunk) that the decoder
 * reads and that is of the wrong type, if any. Only the first candidate is read, so only it is checked.
 * Gemini's protobuf JSON omits a field that is not set and never sends `null`, so `null` is a wrong type
 * here, not an absent field.
 */
export function findGeminiChunkProblem(chunk: Record<string, unknown>): ShapeProblem | undefined {
  if (chunk.responseId !== undefined && typeof chunk.responseId !== 'string') {
    return { field: 'responseId', expected: 'a string' };
  }
  if (chunk.modelVersion !== undefined && typeof chunk.modelVersion !== 'string') {
    return { field: 'modelVersion', expected: 'a string' };
  }
  if (chunk.usageMetadata !== undefined && !isRecord(chunk.usageMetadata)) {
    return { field: 'usageMetadata', expected: 'an object' };
  }
  const feedback = chunk.promptFeedback;
  if (feedback !== undefined) {
    if (!isRecord(feedback)) return { field: 'promptFeedback', expected: 'an object' };
    if (feedback.blockReason !== undefined && typeof feedback.blockReason !== 'string') {
      return { field: 'promptFeedback.blockReason', expected: 'a string' };
    }
  }
  const candidates = chunk.candidates;
  if (candidates === undefined) return undefined;
  if (!Array.isArray(candidates)) return { field: 'candidates', expected: 'an array' };
  const candidate: unknown = candidates[0];
  if (candidate === undefined) return undefined;
  if (!isRecord(candidate)) return { field: 'candidates[0]', expected: 'an object' };
  if (candidate.finishReason !== undefined && typeof candidate.finishReason !== 'string') {
    return { field: 'candidates[0].finishReason', expected: 'a string' };
  }
  const content = candidate.content;
  if (content === undefined) return undefined;
  if (!isRecord(content)) return { field: 'candidates[0].content', expected: 'an object' };
  const parts = content.parts;
  if (parts === undefined) return undefined;
  if (!Array.isArray(parts)) return { field: 'candidates[0].content.parts', expected: 'an array' };
  for (let position = 0; position < parts.length; position++) {
    const problem = findPartProblem(parts[position]);
    if (problem !== undefined) {
      return {
        field: `candidates[0].content.parts[${position}]${problem.field}`,
        expected: problem.expected,
      };
    }
  }
  return undefined;
}

function findPartProblem(part: unknown): ShapeProblem | undefined {
  if (!isRecord(part)) return { field: '', expected: 'an object' };
  if (part.text !== undefined && typeof part.text !== 'string')
    return { field: '.text', expected: 'a string' };
  if (part.thought !== undefined && typeof part.thought !== 'boolean') {
    return { field: '.thought', expected: 'a boolean' };
  }
  if (part.thoughtSignature !== undefined && typeof part.thoughtSignature !== 'string') {
    return { field: '.thoughtSignature', expected: 'a string' };
  }
  const call = part.functionCall;
  if (call === undefined) return undefined;
  if (!isRecord(call)) return { field: '.functionCall', expected: 'an object' };
  if (call.name !== undefined && typeof call.name !== 'string') {
    return { field: '.functionCall.name', expected: 'a string' };
  }
  if (call.args !== undefined && !isRecord(call.args))
    return { field: '.functionCall.args', expected: 'an object' };
  const pieces = call.partialArgs;
  if (pieces === undefined) return undefined;
  if (!Array.isArray(pieces)) return { field: '.functionCall.partialArgs', expected: 'an array' };
  for (let position = 0; position < pieces.length; position++) {
    const piece: unknown = pieces[position];
    if (!isRecord(piece)) return { field: `.functionCall.partialArgs[${position}]`, expected: 'an object' };
    if (piece.jsonPath !== undefined && typeof piece.jsonPath !== 'string') {
      return { field: `.functionCall.partialArgs[${position}].jsonPath`, expected: 'a string' };
    }
    if (piece.stringValue !== undefined && typeof piece.stringValue !== 'string') {
      return { field: `.functionCall.partialArgs[${position}].stringValue`, expected: 'a string' };
    }
  }
  return undefined;
}
