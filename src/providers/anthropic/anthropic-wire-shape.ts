import { isAbsent, isRecord, type ShapeProblem } from '../shared/wire-error.js';

/** The string field each known delta type carries: the one its handling reads. */
export function deltaFieldOf(type: unknown): string | undefined {
  switch (type) {
    case 'text_delta':
      return 'text';
    case 'thinking_delta':
      return 'thinking';
    case 'signature_delta':
      return 'signature';
    case 'input_json_delta':
      return 'partial_json';
    default:
      return undefined;
  }
}

/** The first field of a starting block of the wrong type, if any. */
export function findBlockStartProblem(block: Record<string, unknown>): ShapeProblem | undefined {
  if (typeof block.type !== 'string') return { field: 'type', expected: 'a string' };
  for (const field of blockStartStrings) {
    const value = block[field];
    if (!isAbsent(value) && typeof value !== 'string') return { field, expected: 'a string' };
  }
  if (!isAbsent(block.input) && !isRecord(block.input)) return { field: 'input', expected: 'an object' };
  return undefined;
}

const blockStartStrings = ['text', 'thinking', 'signature', 'data', 'id', 'name'] as const;

/**
 * The first field of a whole Messages API response that the mapping reads and that is of the wrong
 * type, if any: `content` must be an array of blocks, and each block's fields those its type promises.
 */
export function findResponseProblem(body: unknown): ShapeProblem | undefined {
  if (!isRecord(body)) return { field: 'the body', expected: 'an object' };
  if (!Array.isArray(body.content)) return { field: 'content', expected: 'an array' };
  for (const field of responseStrings) {
    const value = body[field];
    if (!isAbsent(value) && typeof value !== 'string') return { field, expected: 'a string' };
  }
  if (!isAbsent(body.usage) && !isRecord(body.usage)) return { field: 'usage', expected: 'an object' };
  const { content } = body;
  for (let position = 0; position < content.length; position++) {
    const block: unknown = content[position];
    const problem = isRecord(block) ? findBlockProblem(block) : { field: '', expected: 'an object' };
    if (problem !== undefined) {
      return { field: `content[${position}]${problem.field}`, expected: problem.expected };
    }
  }
  return undefined;
}

const responseStrings = ['id', 'model', 'stop_reason'] as const;

/** A response block's fields by type: the text a block of that type must carry. */
function findBlockProblem(block: Record<string, unknown>): ShapeProblem | undefined {
  switch (block.type) {
    case 'text':
      return typeof block.text === 'string' ? undefined : { field: '.text', expected: 'a string' };
    case 'thinking':
      if (typeof block.thinking !== 'string') return { field: '.thinking', expected: 'a string' };
      return isAbsent(block.signature) || typeof block.signature === 'string'
        ? undefined
        : { field: '.signature', expected: 'a string' };
    case 'redacted_thinking':
      return typeof block.data === 'string' ? undefined : { field: '.data', expected: 'a string' };
    case 'tool_use':
      if (typeof block.id !== 'string') return { field: '.id', expected: 'a string' };
      if (typeof block.name !== 'string') return { field: '.name', expected: 'a string' };
      return isAbsent(block.input) || isRecord(block.input)
        ? undefined
        : { field: '.input', expected: 'an object' };
    default:
      return typeof block.type === 'string' ? undefined : { field: '.type', expected: 'a string' };
  }
}
