import { jsonrepair } from 'jsonrepair';

/** What reading an answer's text as JSON gave. */
export type ParsedText =
  | {
      ok: true;
      value: unknown;
      /** The text was not JSON as it stood: prose or fences were cut away, or the syntax was repaired. */
      repaired: boolean;
    }
  | { ok: false; message: string };

const QUOTE = 34;
const BACKSLASH = 92;

/**
 * Reads a model's answer as the JSON object it should be. Plain JSON is taken as it is. Otherwise, when
 * `repair` is on: the root object is cut out of surrounding prose and code fences (from its `{` to the
 * bracket that closes it), and what still does not parse is handed to `jsonrepair` (trailing commas,
 * single quotes, comments; an object that never closes gets its closing brackets). An empty answer, or
 * one without any `{`, is a failure, never an empty object.
 */
export function parseObjectText(text: string, options: { repair: boolean }): ParsedText {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'The answer was empty.' };
  try {
    return { ok: true, value: JSON.parse(trimmed), repaired: false };
  } catch {
    if (!options.repair) return { ok: false, message: 'The answer is not valid JSON.' };
  }
  const start = trimmed.indexOf('{');
  if (start === -1) return { ok: false, message: 'The answer contains no JSON object.' };
  const end = closingBracket(trimmed, start);
  const candidate = end === -1 ? trimmed.slice(start) : trimmed.slice(start, end + 1);
  if (end !== -1) {
    try {
      return { ok: true, value: JSON.parse(candidate), repaired: true };
    } catch {
      // The object is delimited but its syntax is off; repair it below.
    }
  }
  try {
    return { ok: true, value: JSON.parse(jsonrepair(candidate)), repaired: true };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `The answer is not valid JSON and could not be repaired: ${reason}` };
  }
}

/**
 * The index of the bracket that closes the container opened at `start`, or -1 when the text ends
 * first (a cut-off answer). Brackets inside double-quoted strings do not count.
 */
function closingBracket(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === BACKSLASH) index++;
      else if (code === QUOTE) inString = false;
      continue;
    }
    const character = text[index];
    if (code === QUOTE) inString = true;
    else if (character === '{' || character === '[') depth++;
    else if (character === '}' || character === ']') {
      depth--;
      if (depth === 0) return index;
    }
  }
  return -1;
}
