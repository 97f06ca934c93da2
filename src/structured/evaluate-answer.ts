import type { FinishReason } from '../types/usage.js';
import type { ObjectIssue } from './object-issue.js';
import type { ResolvedSchema } from './object-schema.js';
import { parseObjectText } from './parse-object-text.js';
import { stripOptionalNulls } from './strip-optional-nulls.js';

/** Why an answer was not accepted. */
export type AnswerProblem =
  /** Not JSON, even after repair (or repair was off). */
  | 'unparseable'
  /** Cut off at the token limit, so repairing it would invent the end of the answer. */
  | 'truncated'
  /** JSON, but not valid against the schema. */
  | 'schema';

/** The verdict on one answer. */
export type AnswerEvaluation =
  | { ok: true; object: unknown; repaired: boolean }
  | { ok: false; problem: AnswerProblem; issues: ObjectIssue[]; repaired: boolean };

const truncatedIssue: ObjectIssue = {
  path: '',
  message: 'The answer was cut off at the output token limit before the JSON was complete.',
};

/**
 * Judges one answer: parse (repairing when allowed), unwrap the `{ value }` wrapper of a non-object
 * schema, turn strict mode's `null`s for optional fields back into absent fields, then validate. An
 * answer cut off at the token limit is accepted only when it is complete JSON as it stands: a repair
 * would close the brackets over missing data.
 */
export async function evaluateAnswer(options: {
  text: string;
  finishReason: FinishReason;
  schema: ResolvedSchema;
  repair: boolean;
}): Promise<AnswerEvaluation> {
  const cutOff = options.finishReason.unified === 'length';
  const parsed = parseObjectText(options.text, { repair: options.repair });
  if (!parsed.ok) {
    return cutOff
      ? { ok: false, problem: 'truncated', issues: [truncatedIssue], repaired: false }
      : {
          ok: false,
          problem: 'unparseable',
          issues: [{ path: '', message: parsed.message }],
          repaired: false,
        };
  }
  if (cutOff && parsed.repaired)
    return { ok: false, problem: 'truncated', issues: [truncatedIssue], repaired: true };
  const { schema } = options;
  const unwrapped = schema.wrapped ? unwrap(parsed.value) : parsed.value;
  const candidate = stripOptionalNulls(unwrapped, schema.jsonSchema);
  const validation = await schema.validate(candidate);
  if (validation.ok) return { ok: true, object: validation.value, repaired: parsed.repaired };
  return { ok: false, problem: 'schema', issues: validation.issues, repaired: parsed.repaired };
}

function unwrap(value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.hasOwn(value, 'value')) {
    return (value as { value: unknown }).value;
  }
  return value;
}
