import { openai } from '../../../src/providers/index.js';
import type { CompletionRequest } from '../../../src/types/index.js';
import { benchApiKey, benchMessages, benchModel } from '../../lib/bench-request.js';
import type { ContenderFactory } from '../contender.js';

/** The request as a user of llmrouter writes it. */
export const routerRequest: CompletionRequest = {
  model: benchModel,
  messages: benchMessages.map((message) => ({ ...message })),
};

/** llmrouter's OpenAI adapter called directly: no router, no middleware. */
export const adapter: ContenderFactory = ({ primaryBaseURL }) => {
  const provider = openai({ apiKey: benchApiKey, baseURL: primaryBaseURL });
  return async () => (await provider.complete(routerRequest)).text;
};
