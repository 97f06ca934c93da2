const arrayIndex = /^\d+$/;

/** One step of a JSON path: an object member name or an array index. */
export type PathSegment = string | number;

/**
 * Parses the normalized JSON paths (RFC 9535) Gemini uses to address streamed function-call arguments:
 * `$`, then any of `.name`, `['name']`, `["name"]` and `[0]`. Returns `undefined` for anything else
 * (wildcards, filters, slices), which cannot address a single value.
 *
 * @example
 * parseJsonPath("$.items[0]['full name']"); // ['items', 0, 'full name']
 */
export function parseJsonPath(path: string): PathSegment[] | undefined {
  if (path[0] !== '$') return undefined;
  const segments: PathSegment[] = [];
  let position = 1;
  while (position < path.length) {
    const char = path[position];
    if (char === '.') {
      let end = position + 1;
      while (end < path.length && path[end] !== '.' && path[end] !== '[') end++;
      const name = path.slice(position + 1, end);
      if (name === '' || name === '*') return undefined;
      segments.push(name);
      position = end;
    } else if (char === '[') {
      const quote = path[position + 1];
      if (quote === "'" || quote === '"') {
        const parsed = quotedName(path, position + 2, quote);
        if (parsed === undefined || path[parsed.end] !== ']') return undefined;
        segments.push(parsed.name);
        position = parsed.end + 1;
      } else {
        const end = path.indexOf(']', position);
        if (end === -1) return undefined;
        const digits = path.slice(position + 1, end);
        if (!arrayIndex.test(digits)) return undefined;
        segments.push(Number(digits));
        position = end + 1;
      }
    } else {
      return undefined;
    }
  }
  return segments;
}

/** Reads a quoted member name up to its closing quote, resolving backslash escapes. */
function quotedName(path: string, start: number, quote: string): { name: string; end: number } | undefined {
  const characters: string[] = [];
  for (let position = start; position < path.length; position++) {
    const char = path[position]!;
    if (char === quote) return { name: characters.join(''), end: position + 1 };
    if (char !== '\\') {
      characters.push(char);
      continue;
    }
    position++;
    const escaped = path[position];
    if (escaped === undefined) return undefined;
    if (escaped === 'u') {
      const code = Number.parseInt(path.slice(position + 1, position + 5), 16);
      if (Number.isNaN(code)) return undefined;
      characters.push(String.fromCharCode(code));
      position += 4;
    } else {
      characters.push(simpleEscapes[escaped] ?? escaped);
    }
  }
  return undefined;
}

const simpleEscapes: Readonly<Record<string, string>> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
