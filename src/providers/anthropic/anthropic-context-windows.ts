import type { ContextWindowTable } from '../shared/context-window-table.js';

/**
 * Context windows of Claude models, from Anthropic's models overview: 200k for every Claude 3 and 4
 * model (the 1M window of some Sonnet models is a beta a request opts into, not the default).
 */
export const anthropicContextWindows: ContextWindowTable = Object.freeze([['claude-', 200_000]] as const);
