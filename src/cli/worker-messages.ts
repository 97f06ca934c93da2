/** What the `serve --workers` primary tells a worker over IPC. */
export type PrimaryMessage =
  | { llmrouter: 'reload' }
  /** Drain and exit 0 (SIGTERM or SIGINT reached the primary). */
  | { llmrouter: 'shutdown' }
  /** A second signal: exit at once. */
  | { llmrouter: 'force' };

/** What a worker tells the primary: how its reload went. */
export interface ReloadedMessage {
  llmrouter: 'reloaded';
  applied: boolean;
  /** The configuration's version in this worker after the reload. */
  version: number;
}

/** Whether `message` is one of llmrouter's with this tag. */
export function isTagged<Tag extends string>(
  message: unknown,
  tags: readonly Tag[],
): message is { llmrouter: Tag } {
  if (typeof message !== 'object' || message === null) return false;
  const tag = (message as { llmrouter?: unknown }).llmrouter;
  return typeof tag === 'string' && (tags as readonly string[]).includes(tag);
}
