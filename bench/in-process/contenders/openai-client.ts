import OpenAI from 'openai';
import { benchApiKey, benchMessages, benchModel } from '../../lib/bench-request.js';
import type { ContenderFactory } from '../contender.js';

/** The official `openai` client, retries off. */
export const openaiClient: ContenderFactory = ({ primaryBaseURL }) => {
  const client = new OpenAI({ apiKey: benchApiKey, baseURL: primaryBaseURL, maxRetries: 0 });
  const messages = benchMessages.map((message) => ({ ...message }));
  return async () =>
    (await client.chat.completions.create({ model: benchModel, messages })).choices[0]?.message.content;
};
