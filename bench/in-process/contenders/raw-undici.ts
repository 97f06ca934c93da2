import { Agent, request } from 'undici';
import { benchApiKey, rawChatBody } from '../../lib/bench-request.js';
import type { ContenderFactory } from '../contender.js';

interface ChatBody {
  choices: { message: { content: string | null } }[];
}

/**
 * The floor: one undici request through a keep-alive pool, the body serialised and the answer parsed, and
 * nothing else. Any client does at least this much.
 */
export const rawUndici: ContenderFactory = ({ primaryBaseURL }) => {
  const url = `${primaryBaseURL}/chat/completions`;
  const dispatcher = new Agent({ keepAliveTimeout: 30_000, connections: 256 });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${benchApiKey}` };
  const body = rawChatBody(false);
  return async () => {
    const response = await request(url, { method: 'POST', headers, body: JSON.stringify(body), dispatcher });
    const parsed = (await response.body.json()) as ChatBody;
    if (response.statusCode !== 200) throw new Error(`status ${response.statusCode}`);
    return parsed.choices[0]?.message.content;
  };
};
