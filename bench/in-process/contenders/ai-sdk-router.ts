import { generateText } from 'ai';
import type * as AiSdk from '../../../src/ai-sdk/index.js';
import { benchMessages, benchModel } from '../../lib/bench-request.js';
import { runFromSource } from '../../lib/llmrouter-build.js';
import type { ContenderFactory } from '../contender.js';
import { benchRouter } from './router.js';

// `llmrouter/ai-sdk` as built, like the other llmrouter contenders (or its source for CPU profiles).
const entry = runFromSource() ? '../../../src/ai-sdk/index.ts' : '../../../dist/ai-sdk/index.js';
const { createRouterProvider } = (await import(new URL(entry, import.meta.url).href)) as typeof AiSdk;

/**
 * The AI SDK's `generateText` on `llmrouter/ai-sdk`, over the same router as the `router` contender
 * (retry, breaker, timeout, fallback), written exactly as the `ai-sdk` contender writes its call: the
 * difference between the two rows is what routing through llmrouter costs an AI SDK user.
 */
export const aiSdkRouter: ContenderFactory = (targets) => {
  const model = createRouterProvider(benchRouter(targets))(benchModel);
  const [system, user] = benchMessages;
  const messages = [{ role: user.role, content: user.content }];
  return async () => (await generateText({ model, system: system.content, messages, maxRetries: 0 })).text;
};
