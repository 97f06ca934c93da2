import { createOpenAI } from '@ai-sdk/openai';
import { generateText } from 'ai';
import { benchApiKey, benchMessages, benchModel } from '../../lib/bench-request.js';
import type { ContenderFactory } from '../contender.js';

/**
 * The Vercel AI SDK: `generateText` on `@ai-sdk/openai`'s Chat Completions model, retries off. The
 * system prompt goes in `system`, as the SDK asks: a system message inside `messages` makes it print a
 * warning on every call, which would bill the SDK for console output.
 */
export const aiSdk: ContenderFactory = ({ primaryBaseURL }) => {
  const provider = createOpenAI({ apiKey: benchApiKey, baseURL: primaryBaseURL });
  const model = provider.chat(benchModel);
  const [system, user] = benchMessages;
  const messages = [{ role: user.role, content: user.content }];
  return async () => (await generateText({ model, system: system.content, messages, maxRetries: 0 })).text;
};
