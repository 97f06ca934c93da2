import type { Message } from '../types/message.js';
import type { AnswerProblem } from './evaluate-answer.js';
import { formatIssue, type ObjectIssue } from './object-issue.js';

// Enough for the model to fix its answer; a flood of issues from a wholly wrong answer adds only tokens.
const maxListedIssues = 20;

/**
 * The user message that asks the model again after a rejected answer: what was wrong (every validation
 * issue with its JSON Pointer, up to 20), and what to send instead.
 */
export function reaskFeedback(options: { problem: AnswerProblem; issues: readonly ObjectIssue[] }): string {
  if (options.problem === 'unparseable') {
    return (
      `Your previous answer could not be read as JSON: ${options.issues[0]?.message ?? 'unknown error'}\n` +
      'Reply with only the JSON object that matches the requested schema: no prose, no code fences.'
    );
  }
  const listed = options.issues.slice(0, maxListedIssues).map((issue) => `- ${formatIssue(issue)}`);
  const more = options.issues.length - listed.length;
  if (more > 0) listed.push(`- and ${more} more`);
  return (
    `Your previous answer did not match the requested schema:\n${listed.join('\n')}\n` +
    'Reply with only the corrected JSON object, nothing else.'
  );
}

/** The conversation for a re-ask: the original messages, the rejected answer, and the feedback. */
export function reaskMessages(options: {
  messages: readonly Message[];
  answer: string;
  feedback: string;
}): Message[] {
  return [
    ...options.messages,
    // Anthropic rejects an empty assistant turn; a blank answer is shown as such.
    { role: 'assistant', content: options.answer.trim() === '' ? '(empty answer)' : options.answer },
    { role: 'user', content: options.feedback },
  ];
}
