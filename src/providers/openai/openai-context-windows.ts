import type { ContextWindowTable } from '../shared/context-window-table.js';

/**
 * Context windows (prompt plus output tokens) of OpenAI's chat models, from OpenAI's model pages.
 * Azure deployments of these models have the same windows.
 */
export const openAIContextWindows: ContextWindowTable = Object.freeze([
  ['gpt-5', 400_000],
  ['gpt-4.1', 1_047_576],
  ['gpt-4o', 128_000],
  ['chatgpt-4o', 128_000],
  ['gpt-4-turbo', 128_000],
  ['gpt-4-32k', 32_768],
  ['gpt-4', 8_192],
  ['gpt-3.5-turbo', 16_385],
  ['o1-mini', 128_000],
  ['o1', 200_000],
  ['o3', 200_000],
  ['o4-mini', 200_000],
] as const);
