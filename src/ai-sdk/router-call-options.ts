import { z } from 'zod';
import type { Target } from '../types/attempt.js';
import type { ReasoningOptions } from '../types/request.js';
import { InvalidRouterOptionsError } from './invalid-router-options-error.js';

/**
 * What an AI SDK call may tell the router under `providerOptions.llmrouter`, beside the settings the AI
 * SDK has words for.
 */
export interface RouterProviderOptions {
  /** One deadline for the whole call, across every retry and fallback. */
  deadlineMs?: number;
  /** Route through exactly these targets, in order, instead of resolving the model id. */
  targets?: Target[];
  reasoning?: ReasoningOptions;
  parallelToolCalls?: boolean;
  /** End-user id for the provider's abuse monitoring. */
  user?: string;
  /** Fields merged into a provider's request body as they are, keyed by provider type or name. */
  providerOptions?: Record<string, Record<string, unknown>>;
}

// Built once: the schema is the same for every call.
const routerProviderOptionsSchema = z
  .object({
    deadlineMs: z.number().positive().optional(),
    targets: z
      .array(z.object({ provider: z.string(), model: z.string() }))
      .min(1)
      .optional(),
    reasoning: z
      .object({
        effort: z.enum(['minimal', 'low', 'medium', 'high']).optional(),
        budgetTokens: z.number().int().nonnegative().optional(),
      })
      .optional(),
    parallelToolCalls: z.boolean().optional(),
    user: z.string().optional(),
    providerOptions: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  })
  .strict();

/** Reads and checks `providerOptions.llmrouter`; throws `InvalidRouterOptionsError` on a wrong shape. */
export function parseRouterProviderOptions(value: unknown): RouterProviderOptions {
  if (value === undefined) return {};
  const result = routerProviderOptionsSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new InvalidRouterOptionsError(`${where}${issue?.message ?? 'unreadable'}`);
  }
  return result.data;
}
