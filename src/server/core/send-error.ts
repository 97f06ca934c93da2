import type { ServerResponse } from 'node:http';
import type { ErrorAnswer, ErrorMapper } from './surface.js';

/**
 * Answers with an error in a surface's format and the status its kind calls for (plus `Retry-After`
 * when the provider asked for a wait). Returns what was sent, for the log and the metrics.
 */
export function sendError(
  response: ServerResponse,
  failure: { error: unknown; mapError: ErrorMapper; headers?: Record<string, string> },
): ErrorAnswer {
  const answer = failure.mapError(failure.error);
  if (response.headersSent || response.destroyed) return answer;
  const all: Record<string, string> = { 'content-type': 'application/json', ...failure.headers };
  if (answer.retryAfterSeconds !== undefined) all['retry-after'] = String(answer.retryAfterSeconds);
  if (answer.status === 401) all['www-authenticate'] = 'Bearer';
  if (answer.status === 413) all.connection = 'close';
  response.writeHead(answer.status, all);
  response.end(answer.body);
  return answer;
}
