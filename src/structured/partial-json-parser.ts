import { setProperty } from './set-property.js';

/** What the parser expects next. */
enum Mode {
  /** Before the root object: prose and code fences are skipped. */
  Before,
  /** A value (in an array, or after a key's colon). */
  Value,
  /** A key, or the end of the object. */
  Key,
  Colon,
  /** A comma, or the end of the container. */
  AfterValue,
  String,
  Escape,
  Unicode,
  /** Inside a number, `true`, `false` or `null`. */
  Literal,
  /** The root object has closed; anything after it is ignored. */
  Done,
}

interface Frame {
  /** The container being filled. Only the last entry can still change. */
  container: Record<string, unknown> | unknown[];
  isArray: boolean;
  /** Objects: the key of the latest entry. */
  key: string;
  /** The string value being read into the latest entry, while it is open. */
  openString: string | undefined;
}

const QUOTE = 34;
const BACKSLASH = 92;
const escapes: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };
const literalStart = /[-0-9tfn]/;
const literalPart = /[-+0-9.eEtruefalsn]/;
const numberSyntax = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?$/;

/**
 * Reads a JSON object as it streams in and gives partial values along the way. Each character is read
 * once: the cost is linear in the length of the answer, however many chunks it comes in, and the
 * buffer is never re-parsed.
 *
 * Partial values show what is certain: containers as soon as they open, strings as they grow, numbers
 * and literals once they are complete (a partial `12` may still become `123`). Text before the root `{`
 * (prose, a code fence) and after its `}` is ignored; stray characters are skipped rather than fatal,
 * since the complete answer is parsed and validated on its own anyway.
 *
 * Snapshots are immutable and share structure: closed containers are reused as they are, and only the
 * containers still open (the path to the latest value) are copied.
 *
 * @example
 * const parser = new PartialJsonParser();
 * parser.push('{"name": "Ad'); // true: something changed
 * parser.snapshot(); // { name: 'Ad' }
 */
export class PartialJsonParser {
  private mode = Mode.Before;
  private readonly stack: Frame[] = [];
  private root: Record<string, unknown> | undefined;
  private stringIsKey = false;
  private keyBuffer = '';
  private literal = '';
  private unicode = '';
  private changed = false;

  /** True once the root object has closed. */
  get done(): boolean {
    return this.mode === Mode.Done;
  }

  /** Reads the next chunk. Returns true when the partial value changed. */
  push(chunk: string): boolean {
    this.changed = false;
    const length = chunk.length;
    let index = 0;
    while (index < length) {
      switch (this.mode) {
        case Mode.String: {
          let end = index;
          while (end < length) {
            const code = chunk.charCodeAt(end);
            if (code === QUOTE || code === BACKSLASH) break;
            end++;
          }
          if (end > index) this.appendString(chunk.slice(index, end));
          if (end === length) return this.changed;
          if (chunk.charCodeAt(end) === QUOTE) this.closeString();
          else this.mode = Mode.Escape;
          index = end + 1;
          break;
        }
        case Mode.Escape: {
          const character = chunk[index]!;
          index++;
          if (character === 'u') {
            this.unicode = '';
            this.mode = Mode.Unicode;
          } else {
            this.mode = Mode.String;
            this.appendString(escapes[character] ?? character);
          }
          break;
        }
        case Mode.Unicode: {
          this.unicode += chunk[index]!;
          index++;
          if (this.unicode.length === 4) {
            this.mode = Mode.String;
            const code = Number.parseInt(this.unicode, 16);
            if (!Number.isNaN(code)) this.appendString(String.fromCharCode(code));
          }
          break;
        }
        case Mode.Literal: {
          const character = chunk[index]!;
          if (literalPart.test(character)) {
            this.literal += character;
            index++;
          } else this.commitLiteral();
          break;
        }
        case Mode.Done:
          return this.changed;
        default:
          this.structural(chunk[index]!);
          index++;
      }
    }
    return this.changed;
  }

  /** The value so far (`undefined` before the root object opens), sharing every closed container. */
  snapshot(): Record<string, unknown> | undefined {
    if (this.stack.length === 0) return this.root;
    return this.snapshotFrom(0) as Record<string, unknown>;
  }

  private snapshotFrom(depth: number): unknown {
    const frame = this.stack[depth]!;
    const latest = depth + 1 < this.stack.length ? this.snapshotFrom(depth + 1) : frame.openString;
    if (frame.isArray) {
      const copy = (frame.container as unknown[]).slice();
      if (latest !== undefined) copy[copy.length - 1] = latest;
      return copy;
    }
    const copy = { ...(frame.container as Record<string, unknown>) };
    if (latest !== undefined) setProperty(copy, frame.key, latest);
    return copy;
  }

  private structural(character: string): void {
    if (character === ' ' || character === '\n' || character === '\r' || character === '\t') return;
    switch (this.mode) {
      case Mode.Before:
        if (character === '{') this.open(false);
        return;
      case Mode.Key:
        if (character === '"') {
          this.stringIsKey = true;
          this.keyBuffer = '';
          this.mode = Mode.String;
        } else if (character === '}') this.close();
        return;
      case Mode.Colon:
        if (character === ':') this.mode = Mode.Value;
        return;
      case Mode.AfterValue:
        if (character === ',') this.mode = this.top().isArray ? Mode.Value : Mode.Key;
        else if (character === '}' || character === ']') this.close();
        return;
      case Mode.Value:
        if (character === '{') this.open(false);
        else if (character === '[') this.open(true);
        else if (character === '"') this.openString();
        else if (literalStart.test(character)) {
          this.literal = character;
          this.mode = Mode.Literal;
        } else if (character === '}' || character === ']') this.close();
        return;
      default:
        return;
    }
  }

  private top(): Frame {
    return this.stack[this.stack.length - 1]!;
  }

  private attach(value: unknown): void {
    const frame = this.top();
    if (frame.isArray) (frame.container as unknown[]).push(value);
    else setProperty(frame.container as Record<string, unknown>, frame.key, value);
    this.changed = true;
  }

  private open(isArray: boolean): void {
    const container = isArray ? [] : {};
    if (this.stack.length === 0) this.root = container as Record<string, unknown>;
    else this.attach(container);
    this.stack.push({ container, isArray, key: '', openString: undefined });
    this.mode = isArray ? Mode.Value : Mode.Key;
    this.changed = true;
  }

  private close(): void {
    this.stack.pop();
    this.mode = this.stack.length === 0 ? Mode.Done : Mode.AfterValue;
  }

  private openString(): void {
    this.attach('');
    this.top().openString = '';
    this.stringIsKey = false;
    this.mode = Mode.String;
  }

  private appendString(text: string): void {
    if (this.stringIsKey) {
      this.keyBuffer += text;
      return;
    }
    const frame = this.top();
    frame.openString += text;
    this.changed = true;
  }

  private closeString(): void {
    const frame = this.top();
    if (this.stringIsKey) {
      frame.key = this.keyBuffer;
      this.mode = Mode.Colon;
      return;
    }
    const value = frame.openString!;
    frame.openString = undefined;
    if (frame.isArray) {
      const array = frame.container as unknown[];
      array[array.length - 1] = value;
    } else setProperty(frame.container as Record<string, unknown>, frame.key, value);
    this.mode = Mode.AfterValue;
  }

  private commitLiteral(): void {
    const token = this.literal;
    this.literal = '';
    this.mode = Mode.AfterValue;
    if (token === 'true') this.attach(true);
    else if (token === 'false') this.attach(false);
    else if (token === 'null') this.attach(null);
    else if (numberSyntax.test(token)) this.attach(Number(token));
  }
}
