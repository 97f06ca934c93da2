import type { CompletionRequest } from '../../../src/types/index.js';
import { benchApiKey, benchMessages, benchModel } from '../../lib/bench-request.js';
import { llmrouterProviders } from '../../lib/llmrouter-dist.js';
import type { ContenderFactory } from '../contender.js';

/** The request as a user of llmrouter writes it. */
export const routerRequest: CompletionRequest = {
  model: benchModel,
  messages: benchMessages.map((message) => ({ ...message })),
};

/** llmrouter's OpenAI adapter called directly: no router, no middleware. */
export const adapter: ContenderFactory = ({ primaryBaseURL }) => {
  const provider = llmrouterProviders.openai({ apiKey: benchApiKey, baseURL: primaryBaseURL });
  return async () => (await provider.complete(routerRequest)).text;
};
