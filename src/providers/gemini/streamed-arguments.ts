import type { GeminiPartialArg } from './api-types.js';
import { type PathSegment, parseJsonPath } from './parse-json-path.js';

interface Container {
  kind: 'object' | 'array';
  /** The segment that leads from the parent into this container (`undefined` for the root). */
  segment: PathSegment | undefined;
  /** Members written so far: the next array index, or whether an object member needs a comma. */
  count: number;
  /** Member names already written, so a repeated one is caught instead of producing a duplicate key. */
  keys: Set<string> | undefined;
}

/**
 * Assembles a function call's arguments from Gemini's streamed `partialArgs` (values addressed by JSON
 * path, strings split over several chunks with `willContinue`), writing the JSON text as it goes so
 * each piece can be forwarded as a `tool-call-delta`. The deltas concatenate to exactly `text()`.
 *
 * Gemini sends the paths in document order, which is what makes writing ahead possible. If a piece
 * ever goes back into a member already closed, the writer stops emitting and `text()` is rebuilt from
 * every piece received (the deltas already sent are then only a prefix of something else; the
 * `tool-call` part is the authority).
 *
 * @example
 * const args = new StreamedArguments();
 * args.add({ jsonPath: '$.location', stringValue: 'Bos', willContinue: true }); // '{"location":"Bos'
 * args.add({ jsonPath: '$.location', stringValue: 'ton' }); // 'ton"'
 * args.close(); // '}'
 * args.text(); // '{"location":"Boston"}'
 */
export class StreamedArguments {
  private readonly written: string[] = [];
  private readonly received: GeminiPartialArg[] = [];
  private readonly stack: Container[] = [];
  /** The path of a string value whose closing quote is still to come. */
  private openString: string | undefined;
  private inOrder = true;
  private closed = false;
  private rebuilt: string | undefined;

  /** @param base Arguments the call arrived with (`functionCall.args`), completed by later pieces. */
  constructor(private readonly base?: Record<string, unknown>) {
    if (base !== undefined && Object.keys(base).length > 0) this.inOrder = false;
  }

  /** Takes one piece and returns the JSON text it adds (possibly `''`). */
  add(piece: GeminiPartialArg): string {
    this.received.push(piece);
    if (!this.inOrder || this.closed || piece.jsonPath === undefined) return '';
    if (this.openString === piece.jsonPath && piece.stringValue !== undefined) {
      let delta = escapeFragment(piece.stringValue);
      if (!piece.willContinue) {
        delta += '"';
        this.openString = undefined;
      }
      return this.emit(delta);
    }
    const segments = parseJsonPath(piece.jsonPath);
    const delta = segments && segments.length > 0 ? this.write(segments, piece) : undefined;
    if (delta === undefined) {
      this.inOrder = false;
      return '';
    }
    return this.emit(delta);
  }

  /** Ends the arguments and returns the closing text. */
  close(): string {
    if (this.closed) return '';
    this.closed = true;
    if (!this.inOrder) {
      this.rebuilt = JSON.stringify(rebuild(this.base, this.received));
      // Nothing went out yet, so the whole rebuilt text can still be the one delta.
      return this.written.length === 0 ? this.emit(this.rebuilt) : '';
    }
    let delta = this.openString === undefined ? '' : '"';
    this.openString = undefined;
    if (this.stack.length === 0) return this.emit('{}');
    while (this.stack.length > 0) delta += this.stack.pop()!.kind === 'object' ? '}' : ']';
    return this.emit(delta);
  }

  /** The complete arguments as JSON text. Call after `close()`. */
  text(): string {
    return this.rebuilt ?? this.written.join('');
  }

  private emit(delta: string): string {
    if (delta !== '') this.written.push(delta);
    return delta;
  }

  /** Text that moves from the current position to the new value and writes it; `undefined` if out of order. */
  private write(segments: PathSegment[], piece: GeminiPartialArg): string | undefined {
    let delta = '';
    if (this.openString !== undefined) {
      delta += '"';
      this.openString = undefined;
    }
    if (this.stack.length === 0) {
      this.stack.push({ kind: 'object', segment: undefined, count: 0, keys: new Set() });
      delta += '{';
    }
    const parentDepth = segments.length - 1;
    let shared = 0;
    while (
      shared < parentDepth &&
      shared + 1 < this.stack.length &&
      this.stack[shared + 1]!.segment === segments[shared]
    ) {
      shared++;
    }
    while (this.stack.length - 1 > shared) delta += this.stack.pop()!.kind === 'object' ? '}' : ']';
    for (let depth = shared; depth < segments.length; depth++) {
      const segment = segments[depth]!;
      const member = this.member(this.stack[this.stack.length - 1]!, segment);
      if (member === undefined) return undefined;
      delta += member;
      if (depth === parentDepth) break;
      const kind = typeof segments[depth + 1] === 'number' ? 'array' : 'object';
      this.stack.push({ kind, segment, count: 0, keys: kind === 'object' ? new Set() : undefined });
      delta += kind === 'object' ? '{' : '[';
    }
    if (piece.stringValue !== undefined) {
      delta += '"' + escapeFragment(piece.stringValue);
      if (piece.willContinue) this.openString = piece.jsonPath;
      else delta += '"';
    } else {
      delta += JSON.stringify(scalarOf(piece));
    }
    return delta;
  }

  /** The separator and key that start a new member of `container`; `undefined` if it cannot come next. */
  private member(container: Container, segment: PathSegment): string | undefined {
    const separator = container.count > 0 ? ',' : '';
    if (container.kind === 'array') {
      if (segment !== container.count) return undefined;
      container.count++;
      return separator;
    }
    if (typeof segment !== 'string' || container.keys!.has(segment)) return undefined;
    container.keys!.add(segment);
    container.count++;
    return separator + JSON.stringify(segment) + ':';
  }
}

function scalarOf(piece: GeminiPartialArg): unknown {
  if (piece.stringValue !== undefined) return piece.stringValue;
  if (piece.numberValue !== undefined) return piece.numberValue;
  if (piece.boolValue !== undefined) return piece.boolValue;
  return null;
}

function escapeFragment(fragment: string): string {
  return fragment === '' ? '' : JSON.stringify(fragment).slice(1, -1);
}

/** The arguments object from every piece, for pieces that came out of document order. */
function rebuild(
  base: Record<string, unknown> | undefined,
  pieces: readonly GeminiPartialArg[],
): Record<string, unknown> {
  const root: Record<string, unknown> = base === undefined ? {} : structuredClone(base);
  for (const piece of pieces) {
    if (piece.jsonPath === undefined) continue;
    const segments = parseJsonPath(piece.jsonPath);
    if (segments === undefined || segments.length === 0) continue;
    let container: Record<PathSegment, unknown> = root;
    for (let depth = 0; depth < segments.length - 1; depth++) {
      const segment = segments[depth]!;
      const existing = container[segment];
      if (typeof existing !== 'object' || existing === null) {
        container[segment] = typeof segments[depth + 1] === 'number' ? [] : {};
      }
      container = container[segment] as Record<PathSegment, unknown>;
    }
    const leaf = segments[segments.length - 1]!;
    const value = scalarOf(piece);
    const previous = container[leaf];
    // A string split over pieces arrives as consecutive fragments of the same path.
    container[leaf] = typeof value === 'string' && typeof previous === 'string' ? previous + value : value;
  }
  return root;
}
