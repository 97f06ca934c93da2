import { isAbsent, isRecord, type ShapeProblem } from '../shared/wire-error.js';

/**
 * Checks the fields of a Chat Completions `message` (or a stream chunk's `delta`) that the mappers read,
 * so a service that breaks the format fails with the field named instead of a `TypeError` deep in a
 * mapper. Fields the mappers already read defensively (`refusal`, `reasoning`) are not checked: a
 * compatible service sending odd values there loses nothing. Returns the first problem, or `undefined`.
 */
export function findOpenAIMessageProblem(message: Record<string, unknown>): ShapeProblem | undefined {
  const content = message.content;
  if (!isAbsent(content) && typeof content !== 'string') {
    if (!Array.isArray(content)) return { field: 'content', expected: 'a string, an array or null' };
    for (let position = 0; position < content.length; position++) {
      if (!isRecord(content[position])) return { field: `content[${position}]`, expected: 'an object' };
    }
  }
  const toolCalls = message.tool_calls;
  if (isAbsent(toolCalls)) return undefined;
  if (!Array.isArray(toolCalls)) return { field: 'tool_calls', expected: 'an array or null' };
  for (let position = 0; position < toolCalls.length; position++) {
    const problem = findToolCallProblem(toolCalls[position]);
    if (problem !== undefined)
      return { field: `tool_calls[${position}]${problem.field}`, expected: problem.expected };
  }
  return undefined;
}

function findToolCallProblem(call: unknown): ShapeProblem | undefined {
  if (!isRecord(call)) return { field: '', expected: 'an object' };
  if (call.index !== undefined && typeof call.index !== 'number')
    return { field: '.index', expected: 'a number' };
  if (!isAbsent(call.id) && typeof call.id !== 'string') return { field: '.id', expected: 'a string' };
  const calledFunction = call.function;
  if (isAbsent(calledFunction)) return undefined;
  if (!isRecord(calledFunction)) return { field: '.function', expected: 'an object' };
  const name = calledFunction.name;
  if (!isAbsent(name) && typeof name !== 'string') return { field: '.function.name', expected: 'a string' };
  const input = calledFunction.arguments;
  if (!isAbsent(input) && typeof input !== 'string' && !isRecord(input)) {
    return { field: '.function.arguments', expected: 'a string or an object' };
  }
  return undefined;
}
