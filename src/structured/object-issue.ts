/** One reason an answer was not accepted: where in the answer, and what is wrong there. */
export interface ObjectIssue {
  /** JSON Pointer into the answer (`/items/0/name`); `''` for the answer as a whole. */
  path: string;
  message: string;
}

/** A JSON Pointer for a list of path segments (`['items', 0]` → `/items/0`). */
export function toJsonPointer(segments: ReadonlyArray<PropertyKey | { key: PropertyKey }>): string {
  let pointer = '';
  for (const segment of segments) {
    const key = typeof segment === 'object' ? segment.key : segment;
    pointer += `/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`;
  }
  return pointer;
}

/** `at /items/0: must be number`, or the message alone for the whole answer. */
export function formatIssue(issue: ObjectIssue): string {
  return issue.path === '' ? issue.message : `at ${issue.path}: ${issue.message}`;
}
