import type { ContextWindowTable } from '../shared/context-window-table.js';

/** Input token limits of Gemini models, from Google's models page. */
export const geminiContextWindows: ContextWindowTable = Object.freeze([
  ['gemini-1.5-pro', 2_097_152],
  ['gemini-1.5-flash', 1_048_576],
  ['gemini-2.0-flash', 1_048_576],
  ['gemini-2.5', 1_048_576],
  ['gemini-3', 1_048_576],
] as const);
